// Session window SESSIONWINDOW(unit, maxDuration, timeout): a session closes after `timeout` without tuples,
// or at a tick of the `maxDuration` ticker once it has lasted across a whole tick (1.0's code order of arguments).

import type { Tuple } from '../../core/row.js'
import type { OperatorContext } from '../../runtime/operator.js'
import { WindowBase, type WindowOptions } from './window-base.js'

/**
 * 1.0's session end over time-ordered tuples: the first gap longer than `timeout` closes the session at
 * previous + timeout; otherwise a duration-aligned tick more than one duration after the first tuple does.
 * Infinity while the last session is still open.
 */
export function sessionWindowEnd(inputs: readonly Tuple[], duration: number, timeout: number): number {
  const first = inputs[0]
  if (first === undefined) return Number.POSITIVE_INFINITY
  const et = first.timestamp
  let tick = et % duration === 0 ? et : et + (duration - (et % duration))
  let prev = 0
  for (const t of inputs) {
    let end = Number.POSITIVE_INFINITY
    if (prev > 0 && t.timestamp - prev > timeout) end = prev + timeout
    if (t.timestamp > tick) {
      if (tick - duration > et && tick < end) end = tick
      tick += duration
    }
    if (end < Number.POSITIVE_INFINITY) return end
    prev = t.timestamp
  }
  return Number.POSITIVE_INFINITY
}

export class SessionWindow extends WindowBase {
  protected readonly keepsRange = false
  protected override readonly recomputesEnd = true
  private cancelTimeout: (() => void) | undefined

  /** `maxDuration` and `timeout` in ms. */
  constructor(maxDuration: number, timeout: number, opts: WindowOptions) {
    super(maxDuration, timeout, opts)
  }

  protected override windowStart(rows: readonly Tuple[], trigger: number): number {
    let start = trigger
    for (const t of rows) if (t.timestamp < start) start = t.timestamp
    return start
  }

  protected override openProcessing(ctx: OperatorContext): void {
    this.every(ctx, this.length, (tick) => {
      const last = this.triggerTime
      this.triggerTime = tick
      const first = this.inputs[0]
      // Only a session that was already open at the previous tick is cut by this one.
      if (first === undefined || last < first.timestamp) return
      this.scan(tick, this.emitter)
    })
    this.resumeRestored(ctx)
  }

  protected override onTuple(_tuple: Tuple, ctx: OperatorContext): void {
    this.cancelTimeout?.()
    this.cancelTimeout = this.after(ctx, this.interval, (deadline) => {
      this.cancelTimeout = undefined
      if (this.inputs.length === 0) return
      this.scan(deadline, this.emitter)
      this.log.clear()
    })
  }

  /** Restored state: 1.0 closes the sessions that end before one timeout from now. */
  private resumeRestored(ctx: OperatorContext): void {
    if (this.inputs.length === 0 || this.triggerTime <= 0) return
    const horizon = ctx.clock.now() + this.interval
    let next = this.triggerTime
    let scannedAt: number | undefined
    while (this.inputs.length > 0) {
      const end = sessionWindowEnd(this.inputs, this.length, this.interval)
      if (end < Number.POSITIVE_INFINITY) next = end
      else if (scannedAt === next) break // 1.0 would loop forever here
      if (next > horizon) break
      this.scan(next, this.emitter)
      scannedAt = next
    }
  }

  protected nextWindowEnd(): number {
    this.log.sortByTimestamp()
    return sessionWindowEnd(this.inputs, this.length, this.interval)
  }

  override close(): void {
    this.cancelTimeout = undefined
    super.close()
  }
}
