// File sink (1.0 plugin `file`): appends each payload as one line to `path` (default `cache`), buffered and written
// every `interval` ms (default 1000) and on close; with interval 0 every payload is written before collect returns.

import { mkdir, open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ConnectorError } from '../api.js'
import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'
import type { TimerHandle } from '../../core/clock.js'
import { errorMessage } from '../../core/errors.js'

export interface FileSinkConf {
  readonly path: string
  readonly interval: number
}

export function parseFileSinkConf(props: ConnectorProps): FileSinkConf {
  const p = props['path']
  const i = props['interval']
  const interval = typeof i === 'number' || typeof i === 'bigint' ? Math.trunc(Number(i)) : 1000
  return { path: typeof p === 'string' && p !== '' ? p : 'cache', interval: Math.max(0, interval) }
}

export class FileSink implements Sink {
  private file: FileHandle | undefined
  private buffer: string[] = []
  private timer: TimerHandle | undefined
  private writing: Promise<void> = Promise.resolve()

  constructor(readonly conf: FileSinkConf) {}

  async open(ctx: SinkContext): Promise<void> {
    try {
      await mkdir(dirname(this.conf.path), { recursive: true })
      this.file = await open(this.conf.path, 'a')
    } catch (err) {
      throw new ConnectorError(`fail to open file sink for ${errorMessage(err)}`, 'backoff', { cause: err })
    }
    if (this.conf.interval > 0) {
      this.timer = ctx.clock.setInterval(() => void this.save(ctx), this.conf.interval)
    }
  }

  collect(ctx: SinkContext, payload: SinkPayload): void | Promise<void> {
    this.buffer.push(payload.text + '\n')
    if (this.conf.interval <= 0) return this.save(ctx, true)
  }

  async close(ctx: SinkContext): Promise<void> {
    this.timer?.cancel()
    this.timer = undefined
    await this.save(ctx)
    await this.file?.close()
    this.file = undefined
  }

  /** Appends the buffered lines; `rethrow` for collects that wait for the write (interval 0). */
  private save(ctx: SinkContext, rethrow = false): Promise<void> {
    const lines = this.buffer
    if (lines.length === 0) return this.writing
    this.buffer = []
    const file = this.file
    this.writing = this.writing.then(async () => {
      try {
        if (file === undefined) throw new Error('the file is not open')
        await file.appendFile(lines.join(''))
      } catch (err) {
        const msg = `file sink fails to write ${lines.length} lines to ${this.conf.path}: ${errorMessage(err)}`
        if (rethrow) throw new ConnectorError(msg, 'backoff', { cause: err })
        ctx.logger.error(msg)
      }
    })
    const w = this.writing
    if (rethrow) this.writing = w.catch(() => undefined)
    return w
  }
}

export function createFileSink(props: ConnectorProps, _env: ConnectorEnv): Sink {
  return new FileSink(parseFileSinkConf(props))
}
