// One pooled broker connection (an mqtt.js client): its subscriptions are pairwise disjoint topic filters, so an
// incoming message matches exactly one of them (exact topics by Map lookup, wildcards through a topic trie that also
// answers the overlap check of a new filter in the topic's depth). Reconnects
// with a capped, jittered backoff and re-subscribes on every connection (whatever the protocol and session flags);
// tells its state (connected, disconnected since, attempts); publishes for sinks. Backpressure: while a rule it
// feeds has a full queue, the message's handling is not finished, so mqtt.js neither acknowledges it nor reads the
// next packet; the socket's buffers fill and TCP holds the broker back. The same hold gives the event loop back
// between two messages once the data plane's slice is spent (see core/work-slices.ts), so REST never starves.

import { randomBytes } from 'node:crypto'
import type { IClientPublishOptions, MqttClient } from 'mqtt'
import { KuiperError, errorMessage } from '../../core/errors.js'
import type { WorkSlices } from '../../core/work-slices.js'
import type { ConnectionStatus, ConnectorLogger } from '../api.js'
import type { MqttClientConfig, Qos } from './options.js'
import { brokerUrl, clientOptions, reconnectDelay } from './options.js'
import type { MqttConnect } from './library.js'
import type { MessageListener } from './subscription.js'
import { Subscription } from './subscription.js'
import type { ParsedFilter } from './topic-filter.js'
import { TopicTrie } from './topic-trie.js'

export class MqttConnection {
  readonly client: MqttClient
  readonly clientId: string
  /** Settles after the first connection attempt: resolves on CONNACK, rejects on its failure. */
  readonly ready: Promise<void>
  /** Subscriptions by the filter sent to the broker. */
  private readonly subs = new Map<string, Subscription>()
  /** Non-wildcard subscriptions by the topic they match. */
  private readonly exact = new Map<string, Subscription>()
  /** Every subscription by its matched filter (disjoint, so each filter appears once): overlap checks, wildcards. */
  private readonly filters = new TopicTrie<Subscription>()
  /** Wildcard subscriptions: while 0, a topic missing from `exact` matches nothing. */
  private wildCount = 0
  /** Sinks publishing through this connection. */
  publishers = 0
  private everConnected = false
  private closed = false
  /** Counts the connections made: a subscription sent on an earlier one is sent again. */
  private epoch = 0
  private state: ConnectionStatus['state'] = 'connecting'
  private lastConnectedAt: number | undefined
  private lastDisconnectedAt: number | undefined
  private lastDisconnectedMessage = ''
  private lastTryAt: number | undefined = Date.now()
  private reconnectAttempts = 0
  /** Failed attempts since the last connection (the backoff's exponent). */
  private failures = 0
  private lastError: string | undefined
  /** Messages whose handling waits for room in a rule (0 or 1: mqtt.js handles one packet at a time). */
  private paused = 0
  /** Resolvers of the SUBSCRIBEs waiting for their SUBACK (released when the connection is lost). */
  private readonly unacked = new Set<() => void>()

  constructor(
    readonly config: MqttClientConfig,
    readonly index: number,
    private readonly onEmpty: (c: MqttConnection) => void,
    /** Bound to the connector only: the connection is shared by the rules using this broker. */
    private readonly log: ConnectorLogger,
    /** The data plane's time slices: a spent slice defers the next message until the event loop turned. */
    private readonly slices: WorkSlices,
    /** mqtt.js's `connect` (loaded on first use, see library.ts). */
    connect: MqttConnect,
  ) {
    // MQTT 3.1 brokers may reject ids over 23 characters (1.0's UUIDs): generated ids stay within that.
    const base = config.clientId ?? `kuiper_${randomBytes(8).toString('hex')}`
    // A second connection for the same configured id (overlapping filters) needs an id of its own.
    this.clientId = index === 0 ? base : `${base}_${index}`
    this.client = connect(brokerUrl(config.server), clientOptions(config, this.clientId), this.receiveQos0)
    this.ready = new Promise<void>((resolve, reject) => {
      const fail = (err: Error | undefined): void => {
        if (this.everConnected) return
        cleanup()
        reject(
          new KuiperError(
            'CONNECTOR_ERROR',
            `found error when connecting to ${config.server}: ${err === undefined ? 'connection closed' : err.message}`,
            { cause: err },
          ),
        )
      }
      const onError = (err: Error): void => fail(err)
      const onClose = (): void => fail(undefined)
      const onConnect = (): void => {
        cleanup()
        resolve()
      }
      const cleanup = (): void => {
        this.client.off('error', onError)
        this.client.off('close', onClose)
        this.client.off('connect', onConnect)
      }
      this.client.on('error', onError)
      this.client.on('close', onClose)
      this.client.on('connect', onConnect)
    })
    this.ready.catch(() => this.shutdown(true))
    this.watch()
    this.client.on('connect', () => this.resubscribe())
    this.client.on('message', (topic, payload, packet) => {
      this.slices.begin()
      const s = this.subscriptionOf(topic)
      if (s !== undefined) s.deliver(topic, payload, packet.messageId)
    })
    // Called by mqtt.js right after the 'message' event; the PUBACK/PUBCOMP and the next packet wait for `done`.
    this.client.handleMessage = (packet, done) => {
      const topic = (packet as { topic?: unknown }).topic
      this.whenRoom(typeof topic === 'string' ? this.subscriptionOf(topic) : undefined, done)
    }
    // While paused, the broker's PINGRESP waits unread behind the messages: that silence is not a dead broker. Keep
    // sending pings (the broker sees us alive) instead of dropping the connection, which would lose the messages in
    // flight of a clean session.
    const keepaliveTimeout = this.client.onKeepaliveTimeout.bind(this.client)
    this.client.onKeepaliveTimeout = () => {
      if (this.paused === 0) {
        keepaliveTimeout()
        return
      }
      this.client.sendPing()
      this.client.reschedulePing(true)
    }
  }

  /** The connection's state for the metrics of the rules using it. */
  status(): ConnectionStatus {
    return {
      state: this.state,
      lastConnectedAt: this.lastConnectedAt,
      lastDisconnectedAt: this.lastDisconnectedAt,
      lastDisconnectedMessage: this.lastDisconnectedMessage,
      lastTryAt: this.lastTryAt,
      reconnectAttempts: this.reconnectAttempts,
    }
  }

  get connected(): boolean {
    return this.client.connected
  }

  get subscriptionCount(): number {
    return this.subs.size
  }

  /** Whether `filter` can live on this connection: the same subscription, or one disjoint from all others. */
  canHost(filter: ParsedFilter): boolean {
    if (this.subs.has(filter.subscribe)) return true
    return !this.filters.overlaps(filter.match)
  }

  /**
   * Adds a listener (registered at once, so that concurrent callers see the filter taken), subscribing on the broker
   * when needed; resolves once the broker acknowledged, or at once while offline. Rejects when the first
   * connection attempt failed.
   */
  async subscribe(filter: ParsedFilter, listener: MessageListener): Promise<() => void> {
    let s = this.subs.get(filter.subscribe)
    if (s === undefined) {
      s = new Subscription(filter)
      this.subs.set(filter.subscribe, s)
      this.filters.set(filter.match, s)
      if (filter.wildcard) this.wildCount++
      else this.exact.set(filter.match, s)
    }
    s.add(listener)
    const sub = s
    const release = (): void => this.unsubscribe(sub, listener)
    try {
      await this.ready
    } catch (err) {
      release()
      throw err
    }
    if (sub.sentOn !== this.epoch || sub.wantedQos() > sub.qos) sub.acked = this.sendSubscribe(sub)
    await sub.acked
    return release
  }

  /**
   * Publishes a sink payload. QoS 0 while connected returns at once (mqtt.js writes in order); otherwise the promise
   * settles when the packet was sent (QoS 0) or acknowledged (QoS 1, 2), after a reconnection if need be.
   */
  publish(topic: string, payload: string | Buffer, qos: Qos, retain: boolean): void | Promise<void> {
    const opts: IClientPublishOptions = { qos, retain }
    if (qos === 0 && this.client.connected) {
      this.client.publish(topic, payload, opts)
      return
    }
    return new Promise<void>((resolve, reject) => {
      this.client.publish(topic, payload, opts, (err) => {
        if (err === undefined || err === null) resolve()
        else reject(new KuiperError('CONNECTOR_ERROR', `publish error: ${errorMessage(err)}`, { cause: err }))
      })
    })
  }

  releasePublisher(): void {
    this.publishers = Math.max(0, this.publishers - 1)
    this.closeIfUnused()
  }

  /** Ends the client (force: drop in-flight packets). */
  shutdown(force = false): Promise<void> {
    if (this.closed) return Promise.resolve()
    this.closed = true
    this.onEmpty(this)
    return new Promise<void>((resolve) => this.client.end(force, {}, () => resolve()))
  }

  private subscriptionOf(topic: string): Subscription | undefined {
    return this.exact.get(topic) ?? (this.wildCount === 0 ? undefined : this.filters.match(topic))
  }

  /**
   * A QoS 0 PUBLISH read by the socket itself (plain TCP connections, see BatchedReadSocket): what the 'message' event
   * and `handleMessage` do for the packets mqtt.js reads, with one lookup of the subscription.
   */
  private readonly receiveQos0 = (topic: string, payload: Buffer, done: () => void): void => {
    this.slices.begin()
    const s = this.subscriptionOf(topic)
    if (s !== undefined) s.deliver(topic, payload, undefined)
    this.whenRoom(s, done)
  }

  /** Sends every subscription again on a new connection (a broker may have lost the session: MQTT 3.1 cannot tell). */
  private resubscribe(): void {
    for (const s of this.subs.values()) if (s.sentOn !== this.epoch) s.acked = this.sendSubscribe(s)
  }

  /** Finishes the handling of a message to `s` once every rule it went to has room in its queue. */
  private whenRoom(s: Subscription | undefined, done: (err?: Error) => void): void {
    const full = s?.blocked()
    if (full?.flow === undefined || this.closed) {
      if (this.slices.due() && !this.closed) this.slices.resume(() => done())
      else done()
      return
    }
    this.paused++
    full.flow.onRoom(() => {
      this.paused--
      this.whenRoom(s, done)
    })
  }

  /** Subscribes on the broker now when connected; otherwise the next connection does (see `resubscribe`). */
  private async sendSubscribe(s: Subscription): Promise<void> {
    if (!this.client.connected) return
    const qos = s.wantedQos()
    s.qos = qos
    s.sentOn = this.epoch
    const topic = s.filter.subscribe
    const acked = new Promise<void>((resolve) => {
      // Lost before the SUBACK: the next connection sends it again; do not hold the rule's start until then.
      this.unacked.add(resolve)
      this.client.subscribe(topic, { qos }, (err, granted) => {
        this.unacked.delete(resolve)
        const g = granted?.[0]
        if (err) this.log.error(`Found error: ${err.message}`)
        else if (g !== undefined && g.qos === 128)
          this.log.error(`Found error: subscription to ${topic} refused by the broker`)
        else this.log.info(`Successfully subscribe to topic ${topic}`)
        resolve()
      })
    })
    await acked
  }

  private unsubscribe(s: Subscription, listener: MessageListener): void {
    s.remove(listener)
    if (s.listeners.length > 0) return
    this.subs.delete(s.filter.subscribe)
    this.filters.delete(s.filter.match)
    if (s.filter.wildcard) this.wildCount--
    else this.exact.delete(s.filter.match)
    if (!this.closed) this.client.unsubscribe(s.filter.subscribe)
    this.closeIfUnused()
  }

  private closeIfUnused(): void {
    if (this.subs.size === 0 && this.publishers === 0) void this.shutdown()
  }

  /**
   * Logging as 1.0 does, the connection's state, and the reconnection backoff: 250 ms doubling up to the configured
   * cap (1.5 s by default), jittered, back to the start once connected.
   */
  private watch(): void {
    const c = this.client
    const name = `${this.config.server}: ${this.clientId}`
    const cap = this.config.reconnectMaxInterval
    let lost = false
    c.on('connect', () => {
      this.epoch++
      this.state = 'connected'
      this.lastConnectedAt = Date.now()
      this.failures = 0
      this.lastError = undefined
      c.options.reconnectPeriod = reconnectDelay(0, cap)
      if (lost) this.log.info(`The connection is ${name} re-established successfully.`)
      else this.log.info(`The connection to server ${this.config.server} was established successfully`)
      this.everConnected = true
      lost = false
    })
    c.on('reconnect', () => {
      this.state = 'connecting'
      this.lastTryAt = Date.now()
      this.reconnectAttempts++
      // mqtt.js arms the timer of the next attempt with this period when this one fails.
      c.options.reconnectPeriod = reconnectDelay(++this.failures, cap)
    })
    c.on('close', () => {
      for (const resolve of this.unacked) resolve()
      this.unacked.clear()
      if (this.closed) return
      // "Disconnected since" is when the connection was lost, not when the last attempt failed.
      if (this.state === 'connected') this.lastDisconnectedAt = Date.now()
      this.state = 'disconnected'
      this.lastDisconnectedMessage = this.lastError ?? 'connection closed'
      if (this.everConnected && !lost) {
        lost = true
        this.log.error(`The connection ${name} is disconnected, will try to re-connect later.`)
      }
    })
    c.on('error', (err) => {
      this.lastError = err.message
      if (this.everConnected && !this.closed) this.log.warn(`mqtt connection ${name}: ${err.message}`)
    })
  }
}
