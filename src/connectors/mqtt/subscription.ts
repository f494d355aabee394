// One broker subscription of a pooled connection, fanned out in-process: the payload is JSON-decoded once and the
// same message map (read-only by contract) goes to every stream/rule listening on that topic filter, which also
// share its conversion to their stream's schema (core/shared-conversion.ts). A payload larger than a listener's cap
// never reaches it, and is not decoded at all when no listener takes it.

import { sharedConversions } from '../../core/shared-conversion.js'
import type { ValueMap } from '../../core/value.js'
import type { SourceFlow } from '../api.js'
import type { Qos } from './options.js'
import type { ParsedFilter } from './topic-filter.js'

export interface MessageListener {
  readonly qos: Qos
  /** `message` is shared by every listener of the subscription: never mutate it (copy first). */
  onMessage(message: ValueMap, meta: ValueMap, topic: string): void
  /** The payload was not a JSON object (1.0 logs and drops it). */
  onDecodeError(error: string, payload: Uint8Array, topic: string): void
  /** Bytes: a larger payload is not decoded for this listener but reported to `onOversize`. */
  readonly maxPayloadSize: number
  onOversize(size: number, topic: string): void
  /** The rule's backpressure: while full, the connection stops reading its socket (see MqttConnection). */
  readonly flow?: SourceFlow
}

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

  constructor(readonly filter: ParsedFilter) {}

  /** The QoS the broker should be asked for. */
  wantedQos(): Qos {
    let q: Qos = 0
    for (const l of this.listeners) if (l.qos > q) q = l.qos
    return q
  }

  add(l: MessageListener): void {
    this.listeners = [...this.listeners, l]
    this.smallestCap = Math.min(...this.listeners.map((x) => x.maxPayloadSize))
  }

  remove(l: MessageListener): void {
    this.listeners = this.listeners.filter((x) => x !== l)
    this.smallestCap = Math.min(...this.listeners.map((x) => x.maxPayloadSize))
  }

  /** A listener whose rule has no room for more messages; undefined when all have room. */
  blocked(): MessageListener | undefined {
    const ls = this.listeners
    for (let i = 0; i < ls.length; i++) if (ls[i]!.flow?.isFull() === true) return ls[i]
    return undefined
  }

  deliver(topic: string, payload: Uint8Array, messageId: number | undefined): void {
    let listeners = this.listeners
    if (listeners.length === 0) return
    const size = payload.length
    if (size > this.smallestCap) {
      for (const l of listeners) if (size > l.maxPayloadSize) l.onOversize(size, topic)
      listeners = listeners.filter((l) => size <= l.maxPayloadSize)
      if (listeners.length === 0) return
    }
    const decoded = decodeObject(payload)
    if (typeof decoded === 'string') {
      for (const l of listeners) l.onDecodeError(decoded, payload, topic)
      return
    }
    const meta: ValueMap = { topic, messageid: messageId === undefined ? '0' : String(messageId) }
    if (listeners.length === 1) {
      listeners[0]!.onMessage(decoded, meta, topic)
      return
    }
    // The rules reading the message share its conversion to their stream's schema.
    const ls = listeners
    sharedConversions.deliver(decoded, () => {
      for (let i = 0; i < ls.length; i++) ls[i]!.onMessage(decoded, meta, topic)
    })
  }
}

const decoder = new TextDecoder()

/**
 * 1.0's `json.Unmarshal(payload, &map[string]interface{})`: a JSON object (numbers as float64), `null` as an empty
 * map; anything else is an error (returned as its text).
 */
export function decodeObject(payload: Uint8Array): ValueMap | string {
  let v: unknown
  try {
    v = JSON.parse(decoder.decode(payload))
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
  if (v === null) return {}
  if (typeof v !== 'object' || Array.isArray(v)) {
    return `json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v} into Go value of type map[string]interface {}`
  }
  return v as ValueMap
}
