// Tumbling and hopping windows share 1.0's ticker: processing time fires every `period` from the rule start,
// event time fires windows ending at multiples of `period` since the epoch.

import type { OperatorContext } from '../../runtime/operator.js'
import { earliestBetween } from './buffer.js'
import { WindowBase } from './window-base.js'

export abstract class TickingWindow extends WindowBase {
  /** Tick period in ms: the length for tumbling, the hop for hopping. */
  protected abstract readonly period: number

  protected override openProcessing(ctx: OperatorContext): void {
    this.every(ctx, this.period, (tick) => {
      if (this.inputs.length > 0) this.scan(tick, this.emitter)
    })
    // Restored state: 1.0 fires the ticks after the last trigger up to one period from now.
    if (this.inputs.length > 0 && this.triggerTime > 0) {
      const horizon = ctx.clock.now() + this.period
      for (let next = this.triggerTime + this.period; next <= horizon; next += this.period) {
        this.scan(next, this.emitter)
      }
    }
  }

  protected nextWindowEnd(current: number, watermark: number, triggered: boolean): number {
    if (triggered) return current + this.period
    const next = earliestBetween(this.inputs, current, watermark)
    if (next === Number.POSITIVE_INFINITY || next % this.period === 0) return next
    return next + (this.period - (next % this.period))
  }
}
