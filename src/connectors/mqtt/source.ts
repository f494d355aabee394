// MQTT source (1.0 xstream/extensions/mqtt_source.go): subscribes to DATASOURCE with the conf's QoS through the
// shared connection pool, emits each message of a payload (decoded in the stream's FORMAT) with `topic` /
// `messageid` metadata, applies the KubeEdge device model when configured, and counts malformed payloads as source exceptions (logged, the rule goes on), as
// it does payloads over `maxPayloadSize` (dropped before decoding). While the rule's queue is full, the connection
// stops reading (see MqttConnection).

import type { ValueMap } from '../../core/value.js'
import { childLogger, decodeFailure, ThrottledLog } from '../api.js'
import type {
  ConnectionStatus,
  ConnectorEnv,
  ConnectorLogger,
  ReportsConnection,
  Source,
  SourceConfig,
  SourceContext,
  SourceEmit,
} from '../api.js'
import type { KubeEdgeModel } from './kubeedge.js'
import type { MqttSourceConf } from './options.js'
import type { MqttPool, MqttSubscriptionHandle } from './pool.js'
import { mqttPool } from './pool.js'
import type { MessageListener } from './subscription.js'
import type { ParsedFilter } from './topic-filter.js'
import { mqttSourceSettings } from './source-settings.js'

export class MqttSource implements Source, ReportsConnection {
  private subscription: MqttSubscriptionHandle | undefined
  private readonly badPayloads = new ThrottledLog('error', 'errors')
  private readonly bigPayloads = new ThrottledLog('error', 'errors')

  constructor(
    readonly conf: MqttSourceConf,
    readonly filter: ParsedFilter,
    private readonly model: KubeEdgeModel | undefined,
    /** The engine's logger bound to the connector (the pooled connection's log). */
    private readonly connLog: ConnectorLogger,
    private readonly pool: MqttPool = mqttPool,
  ) {}

  async open(ctx: SourceContext, emit: SourceEmit): Promise<void> {
    const model = this.model
    const max = this.conf.maxPayloadSize
    const listener: MessageListener = {
      qos: this.conf.qos,
      format: ctx.format,
      maxPayloadSize: max,
      ...(ctx.flow !== undefined ? { flow: ctx.flow } : {}),
      // The rule's own step may take the message when the listener hands it on unchanged.
      ...(model === undefined && ctx.fanout !== undefined ? { fanout: ctx.fanout } : {}),
      onMessage:
        model === undefined
          ? emit // the source node's ingest itself: one call less per rule and message
          : (message, meta, topic) => {
              // The decoded map is shared with the other streams of the topic: convert a copy.
              const copy: ValueMap = { ...message }
              for (const e of model.convert(copy, topic)) ctx.logger.error(e)
              emit(copy, meta)
            },
      onDecodeError: (error, payload) => {
        ctx.error?.(error)
        this.badPayloads.write(ctx.logger, decodeFailure(payload, ctx.format.name, error))
      },
      onOversize: (size, topic) => {
        const msg = `payload of ${size} bytes on topic ${topic} exceeds maxPayloadSize ${max}, dropped`
        ctx.error?.(new Error(msg))
        this.bigPayloads.write(ctx.logger, msg)
      },
    }
    this.subscription = await this.pool.subscribe(this.conf.client, this.filter, listener, this.connLog)
  }

  connectionStatus(): ConnectionStatus | undefined {
    return this.subscription?.status()
  }

  close(_ctx: SourceContext): void {
    this.subscription?.release()
    this.subscription = undefined
  }
}

/** The `mqtt` source factory: validates the conf (1.0 Configure errors fail the rule's start). */
export function createMqttSource(config: SourceConfig, env: ConnectorEnv): Source {
  const { conf, filter, model } = mqttSourceSettings(config, env)
  return new MqttSource(conf, filter, model, childLogger(env.logger, { connector: 'mqtt' }))
}
