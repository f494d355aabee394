// The process-wide MQTT connection pool: one client per broker + credentials, shared by every stream, rule and
// sink that uses it, and one broker subscription per topic filter fanned out in-process. A filter that overlaps one
// already on the client (`a/#` beside `a/b`) goes to a second client of the same key, so no message is delivered twice.

import type { WorkSlices } from '../../core/work-slices.js'
import { dataPlaneSlices } from '../../core/work-slices.js'
import type { ConnectionStatus, ConnectorLogger } from '../api.js'
import { closeWithProcess } from '../shared/process-resources.js'
import type { MessageListener } from './subscription.js'
import { MqttConnection } from './connection.js'
import { loadMqttConnect } from './library.js'
import type { MqttConnect } from './library.js'
import type { MqttClientConfig, Qos } from './options.js'
import { connectionKey } from './options.js'
import type { ParsedFilter } from './topic-filter.js'

/** A sink's handle on a pooled connection. */
export interface MqttPublisher {
  publish(topic: string, payload: string | Buffer, qos: Qos, retain: boolean): void | Promise<void>
  /** The state of the pooled connection. */
  status(): ConnectionStatus
  release(): void
}

/** A source's handle on its subscription. */
export interface MqttSubscriptionHandle {
  /** The state of the pooled connection. */
  status(): ConnectionStatus
  /** Unsubscribes (the last listener of the filter) and closes the connection when nothing else uses it. */
  release(): void
}

export interface PoolStats {
  /** Open clients per connection key. */
  readonly connections: number
  readonly subscriptions: number
  readonly publishers: number
}

export class MqttPool {
  private readonly byKey = new Map<string, MqttConnection[]>()

  /** `slices`: the data plane's time slices, which every connection of the pool observes between two messages. */
  constructor(private readonly slices: WorkSlices = dataPlaneSlices) {}

  /**
   * Subscribes `listener` to `filter` on the pooled connection for `config`.
   * `logger` is where a connection opened for it logs (the engine's logger bound to the connector).
   */
  async subscribe(
    config: MqttClientConfig,
    filter: ParsedFilter,
    listener: MessageListener,
    logger: ConnectorLogger,
  ): Promise<MqttSubscriptionHandle> {
    // Loaded before the pool is read: from here on nothing awaits until the filter is registered, so concurrent
    // callers see it taken.
    const connect = await loadMqttConnect()
    const key = connectionKey(config)
    const list = this.byKey.get(key) ?? []
    let conn = list.find((c) => c.canHost(filter))
    if (conn === undefined) conn = this.open(key, config, list, logger, connect)
    const c = conn
    const release = await c.subscribe(filter, listener)
    return { status: () => c.status(), release }
  }

  /** A publishing handle on the pooled connection for `config` (the first client of its key). */
  async publisher(config: MqttClientConfig, logger: ConnectorLogger): Promise<MqttPublisher> {
    const connect = await loadMqttConnect()
    const key = connectionKey(config)
    const list = this.byKey.get(key) ?? []
    const conn = list[0] ?? this.open(key, config, list, logger, connect)
    conn.publishers++
    try {
      await conn.ready
    } catch (err) {
      conn.publishers--
      throw err
    }
    let released = false
    return {
      publish: (topic, payload, qos, retain) => conn.publish(topic, payload, qos, retain),
      status: () => conn.status(),
      release: () => {
        if (released) return
        released = true
        conn.releasePublisher()
      },
    }
  }

  stats(): PoolStats {
    let connections = 0
    let subscriptions = 0
    let publishers = 0
    for (const list of this.byKey.values()) {
      for (const c of list) {
        connections++
        subscriptions += c.subscriptionCount
        publishers += c.publishers
      }
    }
    return { connections, subscriptions, publishers }
  }

  /** The pooled clients (tests, diagnostics). */
  connections(): readonly MqttConnection[] {
    return [...this.byKey.values()].flat()
  }

  /** Ends every client (process shutdown). */
  async closeAll(): Promise<void> {
    await Promise.all(this.connections().map((c) => c.shutdown()))
  }

  private open(
    key: string,
    config: MqttClientConfig,
    list: MqttConnection[],
    logger: ConnectorLogger,
    connect: MqttConnect,
  ): MqttConnection {
    const used = new Set(list.map((c) => c.index))
    let index = 0
    while (used.has(index)) index++
    const conn = new MqttConnection(config, index, (c) => this.forget(key, c), logger, this.slices, connect)
    list.push(conn)
    this.byKey.set(key, list)
    return conn
  }

  private forget(key: string, conn: MqttConnection): void {
    const list = this.byKey.get(key)
    if (list === undefined) return
    const rest = list.filter((c) => c !== conn)
    if (rest.length === 0) this.byKey.delete(key)
    else this.byKey.set(key, rest)
  }
}

/** The pool every MQTT source and sink of the process uses; kuiperd's stop ends its clients. */
export const mqttPool = new MqttPool()
closeWithProcess('MQTT clients', () => mqttPool.closeAll())
