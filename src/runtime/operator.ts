// The operator contract: an operator is a small pure-ish transform; the runtime node owns the loop, queues,
// timers, metrics and error routing (eKuiper's Operator.Apply vs UnaryOperator node; Arroyo's ArrowOperator).

import type { Clock, TimerHandle } from '../core/clock.js'
import type { Item } from '../core/collection.js'
import type { FunctionContext } from '../functions/define-function.js'

/** Hands an item to the next node(s). */
export type Emit = (item: Item) => void

export interface OperatorContext {
  readonly ruleId: string
  /** Node name as in metrics: `filter`, `window`, `preprocessor_demo`... */
  readonly opName: string
  readonly clock: Clock
  readonly fn: FunctionContext
  /** Timers whose callbacks the runtime serialises with item processing. */
  setTimeout(fn: () => void, ms: number): TimerHandle
  setInterval(fn: () => void, ms: number): TimerHandle
}

/**
 * One required method; every hook is optional.
 * @example
 * class FilterOp implements Operator {
 *   process(item, out) { if (this.matches(item)) out(item) }
 * }
 */
export interface Operator {
  /** Transforms one input item; may emit zero or more items. Throwing makes the node emit an ErrorItem. */
  process(item: Item, out: Emit, ctx: OperatorContext): void
  /**
   * `process` of an operator that emits at most one item per input and keeps nothing between items (preprocessor,
   * filter, projection): returns what `process` would emit, undefined when it emits nothing, and throws what it
   * throws. A fused chain (see fused-chain.ts) calls it instead of `process`, without an emit function in between.
   */
  transform?(item: Item, ctx: OperatorContext): Item | undefined
  /** Called once when the rule starts (arm timers here). */
  open?(ctx: OperatorContext, out: Emit): void
  /** Event time advanced (min over the rule's streams, less lateTolerance). */
  onWatermark?(watermark: number, out: Emit, ctx: OperatorContext): void
  /**
   * Nothing downstream writes to the items this operator emits (the runtime calls it for a stateless chain that
   * ends in a projection, at qos 0): the operator may hand the same item to several rules instead of one each.
   */
  shareOutput?(): void
  /**
   * A key for what `transform` computes, when it depends only on the item (not on this rule): operators giving the
   * same key return the same output for the same item, or throw alike. A stream's fan-out step (stream-fanout.ts)
   * then transforms a message once for all of them. Undefined when this operator's output is its own.
   */
  sharedTransformKey?(): string | undefined
  /** State to checkpoint; restored before `open` on restart. */
  snapshot?(): unknown
  restore?(state: unknown): void
  close?(): void
}
