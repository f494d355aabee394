// The MQTT connector: source and sink factories, the shared connection pool and the embedded broker.

export { createMqttSource, MqttSource } from './source.js'
export { mqttSourceSettings } from './source-settings.js'
export type { MqttSourceSettings } from './source-settings.js'
export { createMqttSink, MqttSink } from './sink.js'
export { mqttPool, MqttPool } from './pool.js'
export type { MqttPublisher, PoolStats } from './pool.js'
export {
  EmbeddedBroker,
  EMBEDDED_BROKER_DEFAULTS,
  embeddedBrokerConfig,
  startEmbeddedBroker,
} from './embedded-broker.js'
export type { EmbeddedBrokerOptions } from './embedded-broker.js'
