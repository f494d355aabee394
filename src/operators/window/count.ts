// Count window COUNTWINDOW(n[, m]): every m tuples (m = n by default), the latest n once n have arrived.
// Processing order only: 1.0 rejects count windows in event-time rules.

import { KuiperError } from '../../core/errors.js'
import type { Tuple } from '../../core/row.js'
import { toWindowTuples } from './buffer.js'
import { WindowBase, type WindowOptions } from './window-base.js'

/** 1.0's TupleList: the last `size` tuples form the window; the last `size − 1` are kept for the next one. */
export function lastCountWindow(tuples: readonly Tuple[], size: number): { window?: Tuple[]; rest: Tuple[] } {
  if (tuples.length < size) return { rest: [...tuples] }
  return { window: tuples.slice(tuples.length - size), rest: tuples.slice(tuples.length - size + 1) }
}

export class CountWindow extends WindowBase {
  protected readonly keepsRange = false

  /** `step` = 0 means every `size` tuples. */
  constructor(size: number, step: number, opts: WindowOptions) {
    if (opts.isEventTime) throw new KuiperError('PLAN_ERROR', 'unsupported window type 5')
    super(size, step > 0 ? step : size, opts)
  }

  protected override onTuple(): void {
    this.msgCount++
    if (this.msgCount % this.interval !== 0) return
    this.msgCount = 0
    const { window, rest } = lastCountWindow(this.inputs, this.length)
    if (window === undefined) return
    // `rest` is the buffer's tail: every row of it is in the window handed downstream.
    this.log.dropFront(this.inputs.length - rest.length)
    this.log.handedDownstream(rest.length)
    this.emitter(toWindowTuples(window, window[0]?.timestamp ?? 0, window[window.length - 1]?.timestamp ?? 0))
  }

  protected nextWindowEnd(): number {
    return Number.POSITIVE_INFINITY
  }
}
