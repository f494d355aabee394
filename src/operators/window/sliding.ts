// Sliding window SLIDINGWINDOW(unit, size): on every tuple, the tuples of the `size` ms up to it.

import type { Tuple } from '../../core/row.js'
import { earliestBetween } from './buffer.js'
import { WindowBase, type WindowOptions } from './window-base.js'

export class SlidingWindow extends WindowBase {
  protected readonly keepsRange = true
  protected override readonly recomputesEnd = true

  constructor(length: number, opts: WindowOptions) {
    super(length, 0, opts)
  }

  protected override onTuple(tuple: Tuple): void {
    this.scan(tuple.timestamp, this.emitter)
  }

  /** Event time: a window ends at each tuple's timestamp, once the watermark reaches it. */
  protected nextWindowEnd(current: number, watermark: number): number {
    return earliestBetween(this.inputs, current, watermark)
  }
}
