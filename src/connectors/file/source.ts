// File source for demos and tests: reads a JSON array (or object) file or a JSON-lines file and emits one
// message per object, all at once or one per `sendInterval` on the rule clock, once or again every `interval`;
// while the rule's queue is full it waits (backpressure), so no row of the file is dropped.
// Rewindable: the offset is the index of the next message of the current read, so a qos > 0 rule restarted
// from a checkpoint resumes after the last message it had processed. Malformed lines / elements count as source
// exceptions and are skipped.

import { readFile } from 'node:fs/promises'
import type { TimerHandle } from '../../core/clock.js'
import { errorMessage } from '../../core/errors.js'
import type { ValueMap } from '../../core/value.js'
import type { ConnectorEnv, Rewindable, Source, SourceConfig, SourceContext, SourceEmit } from '../api.js'
import { checkFileAllowed } from '../../core/allow-list.js'
import type { ConnectorAllowLists } from '../../core/allow-list.js'
import type { FileSourceConf } from './source-config.js'
import { fileSourceConf } from './source-config.js'

function isObject(v: unknown): v is ValueMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The messages of a file's text, and the problems met (one per skipped line / element). */
export function parseFileRows(
  text: string,
  fileType: FileSourceConf['fileType'],
): { rows: ValueMap[]; errors: string[] } {
  const rows: ValueMap[] = []
  const errors: string[] = []
  if (fileType === 'lines') {
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return
      try {
        const v: unknown = JSON.parse(line)
        if (isObject(v)) rows.push(v)
        else errors.push(`line ${i + 1} is not a JSON object`)
      } catch (err) {
        errors.push(`line ${i + 1}: ${errorMessage(err)}`)
      }
    })
    return { rows, errors }
  }
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (err) {
    return { rows, errors: [errorMessage(err)] }
  }
  if (isObject(v)) return { rows: [v], errors }
  if (!Array.isArray(v)) return { rows, errors: ['the file is not a JSON array or object'] }
  v.forEach((e: unknown, i) => {
    if (isObject(e)) rows.push(e)
    else errors.push(`element ${i} is not a JSON object`)
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
    let text: string
    try {
      checkFileAllowed(this.allow, this.conf.file, 'file source')
      text = await readFile(this.conf.file, 'utf8')
    } catch (err) {
      ctx.error?.(err)
      ctx.logger.warn(`file source cannot read ${this.conf.file}: ${errorMessage(err)}`)
      this.rows = []
      return
    }
    const { rows, errors } = parseFileRows(text, this.conf.fileType)
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

/** The file source's configuration, its file inside connectors.fileAllowList (CONFIG_ERROR otherwise). */
export function allowedFileSourceConf(config: SourceConfig, env: ConnectorEnv): FileSourceConf {
  const conf = fileSourceConf(config.props, config.datasource)
  checkFileAllowed(env.allow, conf.file, 'file source')
  return conf
}

/** The `file` source factory (DATASOURCE = the file, relative to `path`). */
export function createFileSource(config: SourceConfig, env: ConnectorEnv): Source {
  return new FileSource(allowedFileSourceConf(config, env), env.allow)
}
