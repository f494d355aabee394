// In-process pub/sub of the memory connector (eKuiper 1.4+ `memory` source/sink): topics are `/`-separated,
// subscriptions may use MQTT wildcards (`+` one level, `#` the rest). Delivery is synchronous, in subscription order.
// A topic can retain what is published to it, which makes the memory sources reading it rewindable. Consecutive
// subscribers of an exact topic that offer a fan-out member (core/fanout.ts) get each message through one step.

import { fanoutSteps } from '../../core/fanout.js'
import type { FanoutMember, FanoutStep } from '../../core/fanout.js'
import { sharedConversions } from '../../core/shared-conversion.js'
import type { ValueMap } from '../../core/value.js'
import type { MemoryPubSub, RetainedMessage } from '../api.js'

type Handler = (message: ValueMap, meta: ValueMap, topic: string) => void

interface Subscription {
  readonly filter: string
  readonly levels: readonly string[] | undefined // undefined: an exact topic
  readonly handler: Handler
  readonly member: FanoutMember | undefined
}

/**
 * The subscribers of one exact topic, and the same as steps (runs of fan-out members joined), made when first
 * published to: a thousand rules subscribing one after another do not build a thousand lists of steps.
 */
class TopicSubscribers {
  private steps: readonly FanoutStep[] | undefined

  constructor(readonly subs: readonly Subscription[]) {}

  stepsOf(): readonly FanoutStep[] {
    return (this.steps ??= fanoutSteps(
      this.subs,
      (s) => s.member,
      (s) => s.handler,
    ))
  }
}

/** True when `topic` matches the MQTT topic filter `filter`. */
export function topicMatches(filter: string, topic: string): boolean {
  if (!filter.includes('+') && !filter.includes('#')) return filter === topic
  return matchLevels(filter.split('/'), topic.split('/'))
}

function matchLevels(f: readonly string[], t: readonly string[]): boolean {
  for (let i = 0; i < f.length; i++) {
    const level = f[i]!
    if (level === '#') return i === f.length - 1
    if (i >= t.length) return false
    if (level !== '+' && level !== t[i]) return false
  }
  return f.length === t.length
}

/** The retained messages of one topic: positions are absolute, the oldest beyond `limit` are dropped. */
class TopicLog {
  readonly messages: RetainedMessage[] = []
  /** Position of messages[0]. */
  base = 0

  constructor(readonly limit: number) {}

  get length(): number {
    return this.base + this.messages.length
  }

  append(m: RetainedMessage): void {
    this.messages.push(m)
    if (this.messages.length > this.limit) {
      const drop = this.messages.length - this.limit
      this.messages.splice(0, drop)
      this.base += drop
    }
  }
}

/** Subscriber lists are copy-on-write: publishing iterates them without copying, (un)subscribing replaces them. */
export class MemoryBroker implements MemoryPubSub {
  private readonly exact = new Map<string, TopicSubscribers>()
  private wildcard: readonly Subscription[] = []
  private readonly logs = new Map<string, TopicLog>()

  /**
   * Keeps the messages published to `topic` from now on (the last `limit`), like a log: a memory source reading
   * exactly this topic becomes rewindable, so a rule with qos > 0 replays what came after its last checkpoint.
   */
  retain(topic: string, limit = Number.POSITIVE_INFINITY): void {
    if (!this.logs.has(topic)) this.logs.set(topic, new TopicLog(Math.max(1, limit)))
  }

  logLength(topic: string): number | undefined {
    return this.logs.get(topic)?.length
  }

  readLog(topic: string, from: number): readonly RetainedMessage[] {
    const log = this.logs.get(topic)
    if (log === undefined) return []
    return log.messages.slice(Math.max(0, from - log.base))
  }

  publish(topic: string, message: ValueMap, meta?: ValueMap | null): void {
    const log = this.logs.size > 0 ? this.logs.get(topic) : undefined
    if (log !== undefined) log.append({ message, meta: meta ?? { topic } })
    const subs = this.exact.get(topic)
    const wild = this.wildcard
    if (subs === undefined && wild.length === 0) return
    const md: ValueMap = meta ?? { topic }
    const deliver = (): void => {
      if (subs !== undefined) {
        const steps = subs.stepsOf()
        for (let i = 0; i < steps.length; i++) steps[i]!(message, md, topic)
      }
      if (wild.length > 0) {
        const levels = topic.split('/')
        for (let i = 0; i < wild.length; i++) {
          const s = wild[i]!
          if (matchLevels(s.levels!, levels)) s.handler(message, md, topic)
        }
      }
    }
    // Several rules reading the message share its conversion to their stream's schema.
    if ((subs?.subs.length ?? 0) + wild.length > 1) sharedConversions.deliver(message, deliver)
    else deliver()
  }

  subscribe(filter: string, handler: Handler, member?: FanoutMember): () => void {
    const isWild = filter.includes('+') || filter.includes('#')
    const sub: Subscription = { filter, levels: isWild ? filter.split('/') : undefined, handler, member }
    if (isWild) this.wildcard = [...this.wildcard, sub]
    else this.exact.set(filter, new TopicSubscribers([...(this.exact.get(filter)?.subs ?? []), sub]))
    return () => {
      if (isWild) {
        this.wildcard = this.wildcard.filter((s) => s !== sub)
        return
      }
      const rest = (this.exact.get(filter)?.subs ?? []).filter((s) => s !== sub)
      if (rest.length === 0) this.exact.delete(filter)
      else this.exact.set(filter, new TopicSubscribers(rest))
    }
  }

  /** Whether anyone listens on `topic` (for tests and diagnostics). */
  hasSubscribers(topic: string): boolean {
    if ((this.exact.get(topic)?.subs.length ?? 0) > 0) return true
    return this.wildcard.some((s) => topicMatches(s.filter, topic))
  }
}
