// File sink (1.0 plugin `file`): appends each payload as one line to `path`, buffered and written every `interval` ms
// (default 1000), at each checkpoint (`flush`) and on close; with interval 0 every payload is written before collect
// returns. Lines a write failed on stay buffered for the next one. Without `path` the
// file is `<dataDir>/sink/<ruleId>_<sinkName>` (1.0 wrote `cache` into the working directory).

import { mkdir, open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ConnectorError, defaultDataDir } from '../api.js'
import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'
import type { TimerHandle } from '../../core/clock.js'
import { errorMessage } from '../../core/errors.js'
import { checkFileAllowed } from '../../core/allow-list.js'
import { LineBuffer } from './line-buffer.js'
import type { FileSinkConf } from './sink-config.js'
import { allowedFileSinkConf } from './sink-config.js'
import type { ConnectorAllowLists } from '../../core/allow-list.js'

/**
 * The file of a sink without `path`: one per rule and sink (`file_0`, as in the metrics), so two rules never append
 * to the same file. The rule id is percent-encoded where it is not a plain file name (`a/b` → `a%2Fb`).
 */
export function defaultFileSinkPath(dataDir: string, ruleId: string, sinkName: string): string {
  return join(dataDir, 'sink', `${encodeURIComponent(ruleId)}_${sinkName}`)
}

export class FileSink implements Sink {
  private file: FileHandle | undefined
  private readonly pending = new LineBuffer()
  private timer: TimerHandle | undefined
  private writing: Promise<void> = Promise.resolve()
  /** The file written, known once open. */
  private path = ''

  constructor(
    readonly conf: FileSinkConf,
    private readonly dataDir: string,
    private readonly allow?: ConnectorAllowLists,
  ) {}

  async open(ctx: SinkContext): Promise<void> {
    // Again at open: a folder on the way may have become a symlink since the rule was created.
    if (this.conf.path !== undefined) checkFileAllowed(this.allow, this.conf.path, 'file sink path')
    this.path = this.conf.path ?? defaultFileSinkPath(this.dataDir, ctx.ruleId, ctx.sinkName)
    try {
      await mkdir(dirname(this.path), { recursive: true })
      this.file = await open(this.path, 'a')
    } catch (err) {
      throw new ConnectorError(`fail to open file sink for ${errorMessage(err)}`, 'backoff', { cause: err })
    }
    if (this.conf.interval > 0) {
      this.timer = ctx.clock.setInterval(() => void this.save(ctx), this.conf.interval)
    }
  }

  collect(ctx: SinkContext, payload: SinkPayload): void | Promise<void> {
    this.pending.append(payload.text)
    if (this.conf.interval <= 0) return this.save(ctx, true)
  }

  /** Writes the buffered lines now (a checkpoint barrier waits for it); throws when the write fails. */
  flush(ctx: SinkContext): Promise<void> {
    return this.save(ctx, true)
  }

  async close(ctx: SinkContext): Promise<void> {
    this.timer?.cancel()
    this.timer = undefined
    await this.save(ctx)
    await this.file?.close()
    this.file = undefined
  }

  /**
   * Appends the buffered lines; `rethrow` for callers that wait for the write (interval 0, flush). Lines that fail
   * go back to the front of the buffer unless the caller gets the error (interval 0: the sink node retries them).
   */
  private save(ctx: SinkContext, rethrow = false): Promise<void> {
    const taken = this.pending.take()
    if (taken === undefined) return this.writing
    const file = this.file
    const keep = this.conf.interval > 0
    this.writing = this.writing.then(async () => {
      try {
        if (file === undefined) throw new Error('the file is not open')
        await file.appendFile(taken.bytes)
      } catch (err) {
        const msg = `file sink fails to write ${taken.lines} lines to ${this.path}: ${errorMessage(err)}`
        if (keep) this.pending.giveBack(taken)
        if (rethrow) throw new ConnectorError(msg, 'backoff', { cause: err })
        ctx.logger.error(msg)
      }
    })
    const w = this.writing
    if (rethrow) this.writing = w.catch(() => undefined)
    return w
  }
}

export function createFileSink(props: ConnectorProps, env: ConnectorEnv): Sink {
  return new FileSink(allowedFileSinkConf(props, env), env.dataDir ?? defaultDataDir(), env.allow)
}
