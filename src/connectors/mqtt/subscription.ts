// One broker subscription of a pooled connection, fanned out in-process: the payload is decoded once per FORMAT and
// the same message map (read-only by contract) goes to every stream/rule listening on that topic filter, which also
// share its conversion to their stream's schema (core/shared-conversion.ts). A payload larger than a listener's cap
// never reaches it, and is not decoded at all when no listener takes it. Consecutive listeners offering a fan-out
// member (core/fanout.ts) get each message through one step for all of them.

import { fanoutSteps } from '../../core/fanout.js'
import type { FanoutMember, FanoutStep } from '../../core/fanout.js'
import { sharedConversions } from '../../core/shared-conversion.js'
import { sourceBacklog } from '../../core/source-backlog.js'
import type { ValueMap } from '../../core/value.js'
import type { PayloadFormat, SourceFlow } from '../api.js'
import type { Qos } from './options.js'
import type { ParsedFilter } from './topic-filter.js'

export interface MessageListener {
  readonly qos: Qos
  /** The stream's FORMAT: listeners of one format share the decoding of each payload. */
  readonly format: PayloadFormat
  /** `message` is shared by every listener of the subscription: never mutate it (copy first). */
  onMessage(message: ValueMap, meta: ValueMap, topic: string): void
  /** The payload is malformed in the listener's format (1.0 logs and drops it). */
  onDecodeError(error: unknown, payload: Uint8Array, topic: string): void
  /** Bytes: a larger payload is not decoded for this listener but reported to `onOversize`. */
  readonly maxPayloadSize: number
  onOversize(size: number, topic: string): void
  /** The rule's backpressure: while full, the connection stops reading its socket (see MqttConnection). */
  readonly flow?: SourceFlow
  /** Given when `onMessage` is the rule's emit itself (SourceContext.fanout). */
  readonly fanout?: FanoutMember
}

const memberOf = (l: MessageListener): FanoutMember | undefined => l.fanout
const stepOf =
  (l: MessageListener): FanoutStep =>
  (message, meta, topic) =>
    l.onMessage(message, meta, topic)

export class Subscription {
  /** QoS granted by the broker for the current SUBSCRIBE (max of the listeners' QoS asked). */
  qos: Qos = 0
  /** The connection (MqttConnection.epoch) the last SUBSCRIBE was sent on; -1 = none yet. */
  sentOn = -1
  /** Settles when the last SUBSCRIBE was acknowledged (at once while offline). */
  acked: Promise<void> = Promise.resolve()
  /** Copy-on-write so that a listener leaving during delivery does not disturb the loop. */
  listeners: readonly MessageListener[] = []
  /** The smallest maxPayloadSize of the listeners (Infinity when none). */
  private smallestCap = Infinity
  /** The format of every listener when they share one (the usual case); undefined when they differ. */
  private commonFormat: PayloadFormat | undefined
  /** Whether every listener's flow is full only while a source queue holds messages (SourceFlow.backlogCounted). */
  private backlogCounted = true
  /** The listeners as steps (runs of fan-out members joined), in their order; made on the next delivery. */
  private steps: readonly FanoutStep[] | undefined = undefined

  constructor(readonly filter: ParsedFilter) {}

  /** The QoS the broker should be asked for. */
  wantedQos(): Qos {
    let q: Qos = 0
    for (const l of this.listeners) if (l.qos > q) q = l.qos
    return q
  }

  add(l: MessageListener): void {
    this.listeners = [...this.listeners, l]
    this.listenersChanged()
  }

  remove(l: MessageListener): void {
    this.listeners = this.listeners.filter((x) => x !== l)
    this.listenersChanged()
  }

  private listenersChanged(): void {
    const ls = this.listeners
    this.smallestCap = Math.min(...ls.map((x) => x.maxPayloadSize))
    this.commonFormat = ls.every((x) => x.format === ls[0]?.format) ? ls[0]?.format : undefined
    this.backlogCounted = ls.every((x) => x.flow === undefined || x.flow.backlogCounted === true)
    this.steps = undefined
  }

  /** A listener whose rule has no room for more messages; undefined when all have room. */
  blocked(): MessageListener | undefined {
    // No source queue of the process holds anything: none is full (and no listener needs asking).
    if (this.backlogCounted && sourceBacklog.queues === 0) return undefined
    const ls = this.listeners
    for (let i = 0; i < ls.length; i++) if (ls[i]!.flow?.isFull() === true) return ls[i]
    return undefined
  }

  deliver(topic: string, payload: Uint8Array, messageId: number | undefined): void {
    let listeners = this.listeners
    if (listeners.length === 0) return
    const size = payload.length
    let steps = (this.steps ??= fanoutSteps(listeners, memberOf, stepOf))
    if (size > this.smallestCap) {
      for (const l of listeners) if (size > l.maxPayloadSize) l.onOversize(size, topic)
      listeners = listeners.filter((l) => size <= l.maxPayloadSize)
      if (listeners.length === 0) return
      steps = fanoutSteps(listeners, memberOf, stepOf)
    }
    const meta: ValueMap = { topic, messageid: messageId === undefined ? '0' : String(messageId) }
    const format = this.commonFormat
    if (format !== undefined) {
      decodeFor(format, listeners, steps, payload, meta, topic)
      return
    }
    // Streams of different FORMATs on one topic: each format decodes the payload once for its listeners.
    const byFormat = new Map<PayloadFormat, MessageListener[]>()
    for (const l of listeners) {
      const same = byFormat.get(l.format)
      if (same === undefined) byFormat.set(l.format, [l])
      else same.push(l)
    }
    for (const [f, ls] of byFormat) decodeFor(f, ls, fanoutSteps(ls, memberOf, stepOf), payload, meta, topic)
  }
}

/**
 * Decodes `payload` once in `format` and hands each message to `listeners` through their `steps`; they share its
 * schema conversion.
 */
function decodeFor(
  format: PayloadFormat,
  listeners: readonly MessageListener[],
  steps: readonly FanoutStep[],
  payload: Uint8Array,
  meta: ValueMap,
  topic: string,
): void {
  let messages: readonly ValueMap[]
  try {
    messages = format.decode(payload)
  } catch (err) {
    for (const l of listeners) l.onDecodeError(err, payload, topic)
    return
  }
  for (const decoded of messages) {
    if (listeners.length === 1) {
      listeners[0]!.onMessage(decoded, meta, topic)
      continue
    }
    // The rules reading the message share its conversion to their stream's schema.
    sharedConversions.deliver(decoded, () => {
      for (let i = 0; i < steps.length; i++) steps[i]!(decoded, meta, topic)
    })
  }
}
