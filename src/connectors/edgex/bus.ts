// The EdgeX message bus seen by the source and the sink: subscribe to a topic for envelopes, publish envelopes.
// One implementation per go-mod-messaging type: `mqtt` (the MQTT connector's connection pool), `redisstreams`
// (ioredis), `zero` (zeromq).

import { silentLogger } from '../api.js'
import type { ConnectorLogger } from '../api.js'
import type { BusConfig } from './config.js'
import type { MessageEnvelope } from './envelope.js'
import { lazyLibrary } from '../../core/lazy-library.js'
import { openZeroBus } from './bus-zero.js'

// Each bus with its library is loaded when a source or sink first opens it (an idle kuiperd loads neither).
const loadMqttBus = lazyLibrary('mqtt', 'the EdgeX mqtt message bus', () => import('./bus-mqtt.js'))
const loadRedisBus = lazyLibrary('ioredis', 'the EdgeX redisstreams message bus', () => import('./bus-redis.js'))

export interface BusHandlers {
  /** `id`: the message's position where the bus has one (the Redis stream entry id), for rewinding. */
  message(env: MessageEnvelope, id?: string): void
  /** Bytes that are not a message envelope (the source counts them as exceptions). */
  malformed(err: unknown, raw: Uint8Array): void
  /** Where reading starts, on buses with positions (the Redis stream entry id after which entries are read). */
  started?(position: string): void
  /** A connection-level problem after open (logged; the bus reconnects by itself where it can). */
  error(err: unknown): void
}

export interface MessageBus {
  /**
   * Resolves once the subscription is in place: messages published after it are received. `from`: resume after
   * this position instead (a Redis stream entry id; the other buses cannot rewind and ignore it).
   */
  subscribe(topic: string, handlers: BusHandlers, from?: string): Promise<void>
  publish(topic: string, env: MessageEnvelope): Promise<void>
  close(): Promise<void>
}

export type BusRole = 'publisher' | 'subscriber'

/**
 * Connects the bus of `conf` (rejects when the first connection fails, as 1.0's Connect does). `logger`: where a
 * pooled MQTT connection opened for it logs.
 */
export async function openBus(
  conf: BusConfig,
  role: BusRole,
  logger: ConnectorLogger = silentLogger,
): Promise<MessageBus> {
  switch (conf.type) {
    case 'mqtt':
      return (await loadMqttBus()).openMqttBus(conf, role, logger)
    case 'redisstreams':
      return (await loadRedisBus()).openRedisBus(conf)
    case 'zero':
      return openZeroBus(conf, role)
  }
}

/** `protocol://host:port` of go-mod-messaging's HostInfo.GetHostURL. */
export function hostUrl(conf: BusConfig, protocol = conf.protocol): string {
  return `${protocol === '' ? 'tcp' : protocol}://${conf.host}:${conf.port}`
}
