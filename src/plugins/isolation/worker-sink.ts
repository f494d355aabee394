// A plugin sink run in a worker thread: kuiperd's Sink that forwards open/collect/flush/close, logs and state over
// the channel. A collect that crashes the worker or misses the deadline ends that worker and fails as a retryable
// ConnectorError (the sink node counts it and retries or gives the message up by the rule's retry properties); the
// next collect starts a new worker. The rule's other sinks and operators are not held up.

import type { ConnectorProps, Sink, SinkContext, SinkPayload } from '../../connectors/api.js'
import { ConnectorError } from '../../connectors/api.js'
import { KuiperError, errorMessage } from '../../core/errors.js'
import type { IsolatedPlugin } from './worker-channel.js'
import { WorkerChannel } from './worker-channel.js'

export class WorkerSink implements Sink {
  private channel: WorkerChannel | undefined
  private ctx: SinkContext | undefined
  private hasFlush = false

  constructor(
    private readonly props: ConnectorProps,
    private readonly plugin: IsolatedPlugin,
  ) {}

  /** Starts the worker and opens the plugin in it; a failure here fails the rule's start, as for any sink. */
  async open(ctx: SinkContext): Promise<void> {
    this.ctx = ctx
    try {
      await this.startWorker()
    } catch (err) {
      throw new KuiperError('CONNECTOR_ERROR', `sink plugin ${this.plugin.name}: ${errorMessage(err)}`, { cause: err })
    }
  }

  async collect(ctx: SinkContext, payload: SinkPayload): Promise<void> {
    this.ctx = ctx
    const ch = await this.live()
    try {
      await ch.request({
        op: 'collect',
        rows: payload.rows,
        error: payload.error,
        text: payload.presetText,
        templated: payload.templated,
      })
    } catch (err) {
      // The worker failed (crash, deadline): retryable on a new worker. Otherwise the plugin threw: its error.
      if (this.channel !== ch)
        throw new ConnectorError(`sink plugin ${this.plugin.name}: ${errorMessage(err)}`, 'backoff')
      throw err
    }
  }

  async flush(ctx: SinkContext): Promise<void> {
    this.ctx = ctx
    if (!this.hasFlush || this.channel === undefined) return
    await this.channel.request({ op: 'flush' })
  }

  async close(): Promise<void> {
    const ch = this.channel
    this.channel = undefined
    try {
      await ch?.close()
    } catch (err) {
      this.ctx?.logger.warn(`sink plugin ${this.plugin.name}: close: ${errorMessage(err)}`)
    }
  }

  /** The running worker, or a new one when the last failed. */
  private async live(): Promise<WorkerChannel> {
    if (this.channel !== undefined) return this.channel
    try {
      return await this.startWorker()
    } catch (err) {
      throw new ConnectorError(`sink plugin ${this.plugin.name}: ${errorMessage(err)}`, 'backoff')
    }
  }

  private async startWorker(): Promise<WorkerChannel> {
    const ctx = this.ctx!
    const ch: WorkerChannel = new WorkerChannel({
      mode: 'sink',
      plugin: this.plugin,
      logger: ctx.logger,
      state: ctx.state,
      onEvent: () => undefined,
      onFailure: (err) => {
        if (ch !== this.channel) return
        this.channel = undefined
        ctx.logger.error(`sink plugin ${this.plugin.name}: ${err.message}; the next message starts a new worker`)
      },
    })
    this.channel = ch
    try {
      await ch.start()
      const r = (await ch.request({
        op: 'openSink',
        ruleId: ctx.ruleId,
        sinkName: ctx.sinkName,
        props: this.props,
      })) as {
        flush?: boolean
      }
      this.hasFlush = r.flush === true
      return ch
    } catch (err) {
      if (this.channel === ch) this.channel = undefined
      ch.end()
      throw err
    }
  }
}
