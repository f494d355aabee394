// MQTT sink (1.0 xstream/sinks/mqtt_sink.go): publishes each payload to `topic` with the configured QoS and retain
// flag through the shared connection pool (a sink with the same broker and credentials as a source reuses its client).

import { childLogger } from '../api.js'
import type {
  ConnectionStatus,
  ConnectorEnv,
  ConnectorLogger,
  ConnectorProps,
  ReportsConnection,
  Sink,
  SinkContext,
  SinkPayload,
} from '../api.js'
import type { MqttSinkConf } from './options.js'
import { sinkConf } from './options.js'
import type { MqttPool, MqttPublisher } from './pool.js'
import { mqttPool } from './pool.js'

export class MqttSink implements Sink, ReportsConnection {
  private publisher: MqttPublisher | undefined

  constructor(
    readonly conf: MqttSinkConf,
    /** The engine's logger bound to the connector (the pooled connection's log). */
    private readonly connLog: ConnectorLogger,
    private readonly pool: MqttPool = mqttPool,
  ) {}

  async open(_ctx: SinkContext): Promise<void> {
    this.publisher = await this.pool.publisher(this.conf.client, this.connLog)
  }

  collect(_ctx: SinkContext, payload: SinkPayload): void | Promise<void> {
    const p = this.publisher
    if (p === undefined) throw new Error('mqtt sink is not open')
    return p.publish(this.conf.topic, payload.text, this.conf.qos, this.conf.retained)
  }

  connectionStatus(): ConnectionStatus | undefined {
    return this.publisher?.status()
  }

  close(_ctx: SinkContext): void {
    this.publisher?.release()
    this.publisher = undefined
  }
}

export function createMqttSink(props: ConnectorProps, env: ConnectorEnv): Sink {
  return new MqttSink(sinkConf(props), childLogger(env.logger, { connector: 'mqtt' }))
}
