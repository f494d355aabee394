// In-process pub/sub of the memory connector (eKuiper 1.4+ `memory` source/sink): topics are `/`-separated,
// subscriptions may use MQTT wildcards (`+` one level, `#` the rest). Delivery is synchronous, in subscription order.

import type { ValueMap } from '../../core/value.js'
import type { MemoryPubSub } from '../api.js'

type Handler = (message: ValueMap, meta: ValueMap, topic: string) => void

interface Subscription {
  readonly filter: string
  readonly levels: readonly string[] | undefined // undefined: an exact topic
  readonly handler: Handler
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

export class MemoryBroker implements MemoryPubSub {
  private readonly exact = new Map<string, Subscription[]>()
  private readonly wildcard: Subscription[] = []

  publish(topic: string, message: ValueMap, meta?: ValueMap | null): void {
    const md: ValueMap = meta ?? { topic }
    const subs = this.exact.get(topic)
    if (subs !== undefined) for (const s of subs.slice()) s.handler(message, md, topic)
    if (this.wildcard.length > 0) {
      const levels = topic.split('/')
      for (const s of this.wildcard.slice()) if (matchLevels(s.levels!, levels)) s.handler(message, md, topic)
    }
  }

  subscribe(filter: string, handler: Handler): () => void {
    const isWild = filter.includes('+') || filter.includes('#')
    const sub: Subscription = { filter, levels: isWild ? filter.split('/') : undefined, handler }
    if (isWild) this.wildcard.push(sub)
    else {
      const list = this.exact.get(filter)
      if (list === undefined) this.exact.set(filter, [sub])
      else list.push(sub)
    }
    return () => {
      if (isWild) {
        const i = this.wildcard.indexOf(sub)
        if (i >= 0) this.wildcard.splice(i, 1)
      } else {
        const list = this.exact.get(filter)
        const i = list === undefined ? -1 : list.indexOf(sub)
        if (i >= 0) list!.splice(i, 1)
        if (list !== undefined && list.length === 0) this.exact.delete(filter)
      }
    }
  }

  /** Whether anyone listens on `topic` (for tests and diagnostics). */
  hasSubscribers(topic: string): boolean {
    if ((this.exact.get(topic)?.length ?? 0) > 0) return true
    return this.wildcard.some((s) => topicMatches(s.filter, topic))
  }
}
