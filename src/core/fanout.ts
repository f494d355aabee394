// One dispatch step per run of rules on a topic. A connector delivering a message to many rules of a stream calls
// each rule's emit in turn; with 1,000 rules on one stream that is 1,000 listener objects, emit closures and source
// nodes read per message, none of which stays in the caches. A rule whose messages can go the plain way offers a
// FanoutMember instead, and the connector hands each message to one step for a run of consecutive members (built by
// their `fanout`), which loops over the rules' own state. The connector keeps the order of its listeners: members
// and the other listeners are called in the order they subscribed, whatever the steps.

import type { ValueMap } from './value.js'

/** Hands one decoded message (shared by every listener: read-only) to one listener or to a run of members. */
export type FanoutStep = (message: ValueMap, meta: ValueMap, topic: string) => void

/** Builds the step delivering to `members`, in order; every member given has this builder as its `fanout`. */
export type FanoutBuilder = (members: readonly FanoutMember[]) => FanoutStep

/** What a rule's source offers a connector besides its emit: the step hands a message to it as the emit would. */
export interface FanoutMember {
  readonly fanout: FanoutBuilder
}

/**
 * The listeners in order as steps: each run of consecutive listeners whose members share a builder becomes one
 * step, every other listener (no member, or a run of one) its own `single` step.
 */
export function fanoutSteps<L>(
  listeners: readonly L[],
  memberOf: (listener: L) => FanoutMember | undefined,
  single: (listener: L) => FanoutStep,
): readonly FanoutStep[] {
  const steps: FanoutStep[] = []
  for (let i = 0; i < listeners.length;) {
    const first = memberOf(listeners[i]!)
    let end = i + 1
    if (first !== undefined) while (end < listeners.length && memberOf(listeners[end]!)?.fanout === first.fanout) end++
    if (end - i === 1) steps.push(single(listeners[i]!))
    else steps.push(first!.fanout(listeners.slice(i, end).map((l) => memberOf(l)!)))
    i = end
  }
  return steps
}
