// The fan-out step of a stream (core/fanout.ts): one call per message for a run of rules on a topic, looping over
// their fused chains. What a rule's source node does for a message on the plain path (stamp it with the delivery's
// time as a tuple of its stream, hand it to its chain) is done here once per message where it is the same for all:
// one clock read, one tuple per stream, and stage 0 (the preprocessor) once per `sharedTransformKey`, whose output
// every chain of that key is handed with `takeTransformed`. Per rule, a message reads the chain's first fields and
// its filter; a row that passes, the projection and the sink. A chain that is not `plainReady` (a queue to respect,
// traced, running already, its rule stopping) gets the message through its source node's ingest, exactly as
// without the step, so the metrics, queues, backpressure and traces are the nodes'.

import type { Clock } from '../core/clock.js'
import type { Item } from '../core/collection.js'
import type { FanoutMember, FanoutStep } from '../core/fanout.js'
import type { Tuple } from '../core/row.js'
import { SharedTuples, sharedConversions } from '../core/shared-conversion.js'
import type { ValueMap } from '../core/value.js'
import type { FusedChain } from './fused-chain.js'

/**
 * Whether source nodes opened from now on offer their fused chain to a fan-out step (on by default). Off, every rule
 * gets each message through its own emit: what tests and benchmarks compare the steps with.
 */
export const streamFanout = { enabled: true }

/** The tuples shared by the source nodes (and fan-out steps) a message is delivered to. */
export const sourceTuples = new SharedTuples()

/** Stage 0 threw for this key: each chain runs it again itself, and counts its exception. */
const FAILED: unique symbol = Symbol('stage 0 failed')

/** The FanoutBuilder of fused chains: every member given to it is a FusedChain that joined with it. */
export function fusedChainsStep(members: readonly FanoutMember[]): FanoutStep {
  const chains = members as readonly FusedChain[]
  return (message, meta) => deliverToChains(chains, message, meta)
}

function deliverToChains(chains: readonly FusedChain[], message: ValueMap, meta: ValueMap): void {
  let clock: Clock | undefined
  let now = 0
  let tuple: Tuple | undefined
  // Stage 0's output for `key` and the tuple it was computed from.
  let key: string | undefined
  let keyIn: Tuple | undefined
  let keyOut: Item | undefined | typeof FAILED
  for (let i = 0; i < chains.length; i++) {
    const c = chains[i]!
    if (!c.plainReady()) {
      c.emit(message, meta)
      continue
    }
    if (c.clock !== clock) {
      clock = c.clock!
      now = sharedConversions.now(clock)
    }
    tuple = sourceTuples.get(c.stream, message, now, meta)
    const k = c.key0
    if (k === undefined) {
      c.take(tuple, now)
      continue
    }
    if (k !== key || tuple !== keyIn) {
      key = k
      keyIn = tuple
      try {
        keyOut = c.op0.transform(tuple, c.ctx0)
      } catch {
        keyOut = FAILED
      }
    }
    if (keyOut === FAILED || keyOut === undefined) c.take(tuple, now)
    else c.takeTransformed(keyOut, now)
  }
}
