// A manual Clock with the semantics of github.com/benbjohnson/clock v1.0.0 `Mock` (conformance FORMAT.md §4.1.2):
// moving it fires every due timer in deadline order, the clock reading exactly that deadline while the timer runs.
// Deadlines are plain numbers, so a timer of any length (days, 2^31 ms and beyond) waits its whole length.

import type { Clock, TimerHandle } from './clock.js'

/** Awaited after each fired timer, e.g. the topology reaching quiescence. */
export type Settle = () => Promise<void> | void

interface PendingTimer {
  deadline: number
  readonly seq: number
  readonly period: number // 0 for a one-shot timer
  readonly fn: () => void
  cancelled: boolean
}

export class ManualClock implements Clock {
  private current: number
  private timers: PendingTimer[] = []
  private seq = 0

  constructor(start = 0) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, 0)
  }

  /** A ticker: the next deadline is the previous deadline plus `ms` (Go's Ticker on the mock). */
  setInterval(fn: () => void, ms: number): TimerHandle {
    if (!(ms > 0)) throw new RangeError('non-positive interval for setInterval')
    return this.add(fn, ms, ms)
  }

  /** Number of timers still pending. */
  pending(): number {
    return this.timers.length
  }

  /** Deadline of the earliest pending timer, or undefined. */
  nextDeadline(): number | undefined {
    return this.earliest()?.deadline
  }

  /** Moves the clock forward by `ms` (Mock.Add). */
  advance(ms: number, settle?: Settle): Promise<void> {
    return this.set(this.current + ms, settle)
  }

  /**
   * Moves the clock to `t` (Mock.Set): fires every timer with deadline ≤ t in deadline order (ties in creation order),
   * with now() reading that deadline, awaiting `settle` after each; then lands on t. Never moves backwards for timers:
   * a `t` in the past only sets the reading.
   */
  async set(t: number, settle?: Settle): Promise<void> {
    while (this.fireNext(t)) {
      if (settle !== undefined) await settle()
    }
    this.current = t
    if (settle !== undefined) await settle()
  }

  /** `set` for code with nothing to settle between timers (a single operator in a unit test). */
  setSync(t: number): void {
    while (this.fireNext(t));
    this.current = t
  }

  advanceSync(ms: number): void {
    this.setSync(this.current + ms)
  }

  /** Fires the earliest timer due by `t`, with now() reading its deadline; false when none is due. */
  private fireNext(t: number): boolean {
    const next = this.earliest()
    if (next === undefined || next.deadline > t) return false
    if (next.deadline > this.current) this.current = next.deadline
    if (next.period > 0) next.deadline += next.period
    else this.remove(next)
    next.fn()
    return true
  }

  private add(fn: () => void, ms: number, period: number): TimerHandle {
    const timer: PendingTimer = {
      deadline: this.current + (Number.isNaN(ms) || ms < 0 ? 0 : ms),
      seq: this.seq++,
      period,
      fn,
      cancelled: false,
    }
    this.timers.push(timer)
    return {
      cancel: () => {
        if (timer.cancelled) return
        timer.cancelled = true
        this.remove(timer)
      },
    }
  }

  private remove(timer: PendingTimer): void {
    const i = this.timers.indexOf(timer)
    if (i >= 0) this.timers.splice(i, 1)
  }

  private earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined
    for (const t of this.timers) {
      if (best === undefined || t.deadline < best.deadline || (t.deadline === best.deadline && t.seq < best.seq))
        best = t
    }
    return best
  }
}
