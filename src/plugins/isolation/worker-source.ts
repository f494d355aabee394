// A plugin source run in a worker thread: kuiperd's Source that forwards open/close and the plugin's emits, offset,
// logs and state over the channel. When the worker crashes or stops answering, the error is counted in the source's
// exceptions (and its last_exception) and a new worker is started after a backoff (1 s doubling to 30 s), rewound
// to the offset of the last message received when the plugin is rewindable. The rule keeps running meanwhile.

import type { Rewindable, Source, SourceConfig, SourceContext, SourceEmit } from '../../connectors/api.js'
import type { TimerHandle } from '../../core/clock.js'
import { KuiperError, errorMessage } from '../../core/errors.js'
import type { ValueMap } from '../../core/value.js'
import type { IsolatedPlugin, WorkerEvent } from './worker-channel.js'
import { WorkerChannel } from './worker-channel.js'

const FIRST_BACKOFF_MS = 1_000
const MAX_BACKOFF_MS = 30_000

export class WorkerSource implements Source, Rewindable {
  private channel: WorkerChannel | undefined
  private ctx: SourceContext | undefined
  private emit: SourceEmit | undefined
  /** The plugin's offset after the last message received (what a restarted worker rewinds to). */
  private position: { readonly value: unknown } | undefined
  /** Starting a worker: its failures reject the start instead of scheduling a restart. */
  private starting = false
  private closed = false
  private failures = 0
  private startedAt = 0
  private restartTimer: TimerHandle | undefined

  constructor(
    private readonly config: SourceConfig,
    private readonly plugin: IsolatedPlugin,
  ) {}

  /** The offset the plugin reported with its last message; undefined while it reported none. */
  offset(): unknown {
    return this.position?.value
  }

  rewind(offset: unknown): void {
    this.position = { value: offset }
  }

  /** Starts the worker and opens the plugin in it; a failure here fails the rule's start, as for any source. */
  async open(ctx: SourceContext, emit: SourceEmit): Promise<void> {
    this.ctx = ctx
    this.emit = emit
    this.closed = false
    try {
      await this.startWorker()
    } catch (err) {
      throw new KuiperError('CONNECTOR_ERROR', `source plugin ${this.plugin.name}: ${errorMessage(err)}`, {
        cause: err,
      })
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.restartTimer?.cancel()
    this.restartTimer = undefined
    const ch = this.channel
    this.channel = undefined
    try {
      await ch?.close()
    } catch (err) {
      this.ctx?.logger.warn(`source plugin ${this.plugin.name}: close: ${errorMessage(err)}`)
    }
  }

  private async startWorker(): Promise<void> {
    const ctx = this.ctx!
    this.starting = true
    const ch: WorkerChannel = new WorkerChannel({
      mode: 'source',
      plugin: this.plugin,
      logger: ctx.logger,
      state: ctx.state,
      onEvent: (e) => {
        if (ch === this.channel) this.onEvent(e)
      },
      onFailure: (err) => {
        if (ch === this.channel) this.onFailure(err)
      },
    })
    this.channel = ch
    try {
      await ch.start()
      const rewind = this.position !== undefined ? { rewind: { offset: this.position.value } } : {}
      await ch.request({ op: 'openSource', ruleId: ctx.ruleId, config: this.config, ...rewind })
      this.startedAt = Date.now()
    } catch (err) {
      ch.end()
      if (this.channel === ch) this.channel = undefined
      throw err
    } finally {
      this.starting = false
    }
  }

  private onEvent(e: WorkerEvent): void {
    if (e.kind === 'inputError') {
      this.ctx?.error?.(new Error(e.msg))
      return
    }
    for (const [message, meta] of e.messages) this.emit?.(message as ValueMap, meta as ValueMap | null)
    if (e.offset !== undefined) this.position = e.offset
  }

  private onFailure(err: Error): void {
    this.channel = undefined
    if (this.closed || this.starting) return
    this.report(err)
  }

  /** Counts the failure in the source's metrics, logs it and schedules a new worker. */
  private report(err: unknown): void {
    const ctx = this.ctx!
    if (Date.now() - this.startedAt > MAX_BACKOFF_MS) this.failures = 0
    const delay = Math.min(FIRST_BACKOFF_MS * 2 ** this.failures, MAX_BACKOFF_MS)
    this.failures++
    ctx.error?.(err)
    ctx.logger.error(`source plugin ${this.plugin.name}: ${errorMessage(err)}; a new worker starts in ${delay} ms`)
    this.restartTimer = ctx.clock.setTimeout(() => {
      this.restartTimer = undefined
      if (this.closed) return
      this.startWorker().then(
        () => ctx.logger.info(`source plugin ${this.plugin.name}: a new worker runs the source`),
        (e: unknown) => {
          if (!this.closed) this.report(e)
        },
      )
    }, delay)
  }
}
