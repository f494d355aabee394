// EdgeX source (1.0 xstream/extensions/edgex_source.go): subscribes to the conf's topic on the EdgeX message bus,
// decodes each `application/json` envelope's event into a typed message with EdgeX metadata, in arrival order.
// Undecodable envelopes and events count as source exceptions (logged, rate-limited); the rule keeps running.
// On the redisstreams bus the source is rewindable: its offset is the stream entry id of the last event handed on.

import { errorMessage } from '../../core/errors.js'
import { childLogger, ThrottledLog } from '../api.js'
import type { ConnectorEnv, Rewindable, Source, SourceConfig, SourceContext, SourceEmit } from '../api.js'
import type { MessageBus } from './bus.js'
import { openBus } from './bus.js'
import type { EdgexSourceConf } from './config.js'
import { sourceConf } from './config.js'
import { decodeEventMessage } from './decode.js'
import type { MessageEnvelope } from './envelope.js'
import type { EdgexEvent } from './event.js'
import { decodeEvent } from './event.js'
import { ValueDescriptors } from './value-descriptors.js'

export class EdgexSource implements Source, Rewindable {
  private bus: MessageBus | undefined
  private closed = false
  /** Stream entry id of the last event handed on (redisstreams); undefined on the other buses. */
  private position: string | undefined
  private resumeAfter: string | undefined
  /** Events waiting for a value-descriptor refresh, and the ones behind them (kept in order). */
  private waiting = 0
  private chain: Promise<void> = Promise.resolve()
  private readonly badInput = new ThrottledLog('warn', 'messages')
  private readonly readingWarn = new ThrottledLog('warn', 'messages')

  constructor(
    readonly conf: EdgexSourceConf,
    readonly descriptors: ValueDescriptors,
  ) {}

  offset(): string | undefined {
    return this.position
  }

  rewind(offset: unknown): void {
    if (typeof offset === 'string' && /^\d+-\d+$/.test(offset)) this.resumeAfter = offset
  }

  async open(ctx: SourceContext, emit: SourceEmit): Promise<void> {
    this.closed = false
    const from = this.resumeAfter
    this.resumeAfter = undefined
    this.position = undefined
    const bus = await openBus(this.conf.bus, 'subscriber', ctx.logger)
    this.bus = bus
    ctx.logger.info(`The connection to edgex messagebus is established successfully.`)
    try {
      await bus.subscribe(
        this.conf.topic,
        {
          message: (env, id) => this.onEnvelope(env, ctx, emit, id),
          // Nothing handed on yet: a checkpoint now resumes from where reading starts.
          started: (position) => (this.position ??= position),
          malformed: (err, raw) => this.bad(ctx, `payload ${preview(raw)} unmarshal fail: ${errorMessage(err)}`),
          error: (err) => ctx.logger.warn(`edgex message bus error: ${errorMessage(err)}`),
        },
        from,
      )
    } catch (err) {
      await bus.close()
      this.bus = undefined
      throw err
    }
    ctx.logger.info(`Successfully subscribed to edgex messagebus topic ${this.conf.topic}.`)
  }

  async close(_ctx: SourceContext): Promise<void> {
    this.closed = true
    const bus = this.bus
    this.bus = undefined
    await bus?.close()
  }

  private onEnvelope(env: MessageEnvelope, ctx: SourceContext, emit: SourceEmit, id: string | undefined): void {
    if (this.closed) return
    if (env.contentType.toLowerCase() !== 'application/json') {
      this.bad(ctx, `Unsupported data type ${env.contentType}.`)
      return
    }
    let event: EdgexEvent
    try {
      event = decodeEvent(env.payload)
    } catch (err) {
      this.bad(ctx, `payload ${preview(env.payload)} unmarshal fail: ${errorMessage(err)}`)
      return
    }
    if (this.waiting === 0 && !this.needsRefresh(event)) {
      this.deliver(event, env.correlationId, ctx, emit, id)
      return
    }
    this.waiting++
    this.chain = this.chain
      .then(async () => {
        if (this.needsRefresh(event)) await this.descriptors.refresh()
        if (!this.closed) this.deliver(event, env.correlationId, ctx, emit, id)
      })
      .finally(() => {
        this.waiting--
      })
  }

  private needsRefresh(e: EdgexEvent): boolean {
    const rs = e.readings
    if (rs === null) return false
    for (const r of rs) {
      if (r.name !== '' && this.descriptors.get(r.name) === undefined) return this.descriptors.canRefresh()
    }
    return false
  }

  private deliver(
    e: EdgexEvent,
    correlationId: string,
    ctx: SourceContext,
    emit: SourceEmit,
    id: string | undefined,
  ): void {
    if (id !== undefined) this.position = id
    const decoded = decodeEventMessage(
      e,
      correlationId,
      (r) => this.descriptors.get(r.name) ?? (r.valueType !== '' ? r.valueType : undefined),
      (m) => this.readingWarn.write(ctx.logger, m),
    )
    if (decoded !== undefined) emit(decoded.message, decoded.meta)
    // Readings that all failed to convert: the event is dropped (1.0) and counted as an exception.
    else if ((e.readings?.length ?? 0) > 0) ctx.error?.(new Error(`no reading of event ${e.id} could be converted`))
  }

  private bad(ctx: SourceContext, message: string): void {
    ctx.error?.(new Error(message))
    this.badInput.write(ctx.logger, message)
  }
}

function preview(raw: Uint8Array): string {
  const text = Buffer.from(raw.subarray(0, 200)).toString()
  return raw.length > 200 ? `${text}...` : text
}

/** The `edgex` source factory: configuration errors fail the rule's start, as 1.0's Configure. */
export function createEdgexSource(config: SourceConfig, env: ConnectorEnv): Source {
  const log = childLogger(env.logger, { connector: 'edgex' })
  const conf = sourceConf(config.props, config.datasource, (m) => log.info(m))
  const descriptors = new ValueDescriptors(conf.serviceServer, env.clock, (m) => log.info(m))
  return new EdgexSource(conf, descriptors)
}
