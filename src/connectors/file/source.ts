// File source for demos and tests: reads a file as one payload or one payload per line (fileType `lines`),
// decodes it in the stream's FORMAT (JSON: an array or an object; JSON lines) and emits one message per object, all at once or one per `sendInterval` on the rule clock, once or again every `interval`;
// while the rule's queue is full it waits (backpressure), so no row of the file is dropped.
// Rewindable: the offset is the index of the next message of the current read, so a qos > 0 rule restarted
// from a checkpoint resumes after the last message it had processed. Malformed lines / elements count as source
// exceptions and are skipped.

import { readFile } from 'node:fs/promises'
import type { TimerHandle } from '../../core/clock.js'
import { errorMessage } from '../../core/errors.js'
import type { ValueMap } from '../../core/value.js'
import type {
  ConnectorEnv,
  PayloadFormat,
  Rewindable,
  Source,
  SourceConfig,
  SourceContext,
  SourceEmit,
} from '../api.js'
import { checkFileAllowed } from '../../core/allow-list.js'
import type { ConnectorAllowLists } from '../../core/allow-list.js'
import type { FileSourceConf } from './source-config.js'
import { allowedFileSourceConf } from './source-config.js'

/**
 * The messages of a file in `format` (the stream's FORMAT): the whole file is one payload, or with fileType
 * `lines` each non-blank line is; the problems met (one per skipped payload) are returned, not thrown.
 */
export function parseFileRows(
  content: Uint8Array,
  fileType: FileSourceConf['fileType'],
  format: PayloadFormat,
): { rows: ValueMap[]; errors: string[] } {
  const rows: ValueMap[] = []
  const errors: string[] = []
  const take = (payload: Uint8Array, where: string): void => {
    try {
      for (const m of format.decode(payload)) rows.push(m)
    } catch (err) {
      errors.push(`${where}${errorMessage(err)}`)
    }
  }
  if (fileType !== 'lines') {
    take(content, '')
    return { rows, errors }
  }
  const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString()
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() !== '') take(Buffer.from(line), `line ${i + 1}: `)
  })
  return { rows, errors }
}

export class FileSource implements Source, Rewindable {
  /** Index of the next message of the current read. */
  private next = 0
  private rows: ValueMap[] = []
  private sendTimer: TimerHandle | undefined
  private readTimer: TimerHandle | undefined
  private closed = false
  /** Counts the sends started: a send paused for room does not resume once a newer one began. */
  private sends = 0

  constructor(
    readonly conf: FileSourceConf,
    private readonly allow?: ConnectorAllowLists,
  ) {}

  offset(): number {
    return this.next
  }

  rewind(offset: unknown): void {
    const n = Number(offset)
    this.next = Number.isInteger(n) && n >= 0 ? n : 0
  }

  async open(ctx: SourceContext, emit: SourceEmit): Promise<void> {
    // Again at open (and before every read): the file or a folder on its way may have become a symlink since.
    checkFileAllowed(this.allow, this.conf.file, 'file source')
    this.closed = false
    await this.read(ctx)
    this.send(ctx, emit)
    if (this.conf.interval > 0) {
      this.readTimer = ctx.clock.setInterval(() => {
        void this.read(ctx).then(() => {
          if (this.closed) return
          this.next = 0
          this.send(ctx, emit)
        })
      }, this.conf.interval)
    }
  }

  close(_ctx: SourceContext): void {
    this.closed = true
    this.sendTimer?.cancel()
    this.readTimer?.cancel()
    this.sendTimer = undefined
    this.readTimer = undefined
  }

  private async read(ctx: SourceContext): Promise<void> {
    let content: Buffer
    try {
      checkFileAllowed(this.allow, this.conf.file, 'file source')
      content = await readFile(this.conf.file)
    } catch (err) {
      ctx.error?.(err)
      ctx.logger.warn(`file source cannot read ${this.conf.file}: ${errorMessage(err)}`)
      this.rows = []
      return
    }
    const { rows, errors } = parseFileRows(content, this.conf.fileType, ctx.format)
    for (const e of errors) {
      ctx.error?.(new Error(e))
      ctx.logger.warn(`file source ${this.conf.file}: ${e}`)
    }
    this.rows = rows
  }

  /** Emits from `next` on: everything now, or one message per sendInterval. */
  private send(ctx: SourceContext, emit: SourceEmit): void {
    this.sendTimer?.cancel()
    this.sendTimer = undefined
    const meta = { file: this.conf.file }
    const send = ++this.sends
    const flow = ctx.flow
    if (this.conf.sendInterval === 0) {
      const run = (): void => {
        while (this.next < this.rows.length && !this.closed && send === this.sends) {
          emit(this.rows[this.next++]!, meta)
          if (flow?.isFull() === true) {
            flow.onRoom(run)
            return
          }
        }
      }
      run()
      return
    }
    this.sendTimer = ctx.clock.setInterval(() => {
      if (this.next >= this.rows.length || this.closed) {
        this.sendTimer?.cancel()
        this.sendTimer = undefined
        return
      }
      if (flow?.isFull() === true) return // this row waits for the next tick
      emit(this.rows[this.next++]!, meta)
    }, this.conf.sendInterval)
  }
}

/** The `file` source factory (DATASOURCE = the file, relative to `path`). */
export function createFileSource(config: SourceConfig, env: ConnectorEnv): Source {
  return new FileSource(allowedFileSourceConf(config, env), env.allow)
}
