// Drives a window operator on a fake clock with Go mock-clock semantics (due timers fire in deadline order,
// the clock reading each deadline while its callback runs) and records what it emits.

import type { Clock, TimerHandle } from '../../../../src/core/clock.js'
import { ErrorItem, WindowTuples, type Item } from '../../../../src/core/collection.js'
import { Tuple } from '../../../../src/core/row.js'
import type { Value } from '../../../../src/core/value.js'
import {
  createWindowOperator,
  type WindowOperator,
  type WindowOptions,
} from '../../../../src/operators/window/index.js'
import type { OperatorContext } from '../../../../src/runtime/operator.js'
import type { TimeUnit, Window, WindowType } from '../../../../src/sql/ast/expr.js'

interface Pending {
  deadline: number
  readonly seq: number
  readonly period: number
  readonly fn: () => void
}

export class FakeClock implements Clock {
  private timers: Pending[] = []
  private seq = 0

  constructor(private current: number) {}

  now(): number {
    return this.current
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, 0)
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, ms)
  }

  pending(): number {
    return this.timers.length
  }

  set(t: number): void {
    for (;;) {
      let next: Pending | undefined
      for (const p of this.timers) {
        if (next === undefined || p.deadline < next.deadline || (p.deadline === next.deadline && p.seq < next.seq)) {
          next = p
        }
      }
      if (next === undefined || next.deadline > t) break
      this.current = Math.max(this.current, next.deadline)
      if (next.period > 0) next.deadline += next.period
      else this.timers = this.timers.filter((p) => p !== next)
      next.fn()
    }
    this.current = t
  }

  advance(ms: number): void {
    this.set(this.current + ms)
  }

  private add(fn: () => void, ms: number, period: number): TimerHandle {
    const p: Pending = { deadline: this.current + ms, seq: this.seq++, period, fn }
    this.timers.push(p)
    return { cancel: () => (this.timers = this.timers.filter((x) => x !== p)) }
  }
}

export function timeWindow(type: WindowType, unit: TimeUnit, length: number, interval = 0): Window {
  return { kind: 'Window', windowType: type, unit, length, interval }
}

export function countWindow(length: number, interval = 0): Window {
  return { kind: 'Window', windowType: 'COUNT_WINDOW', length, interval }
}

export class WindowHarness {
  readonly clock: FakeClock
  readonly op: WindowOperator
  readonly items: Item[] = []
  readonly ctx: OperatorContext
  readonly out = (item: Item): void => {
    this.items.push(item)
  }

  constructor(window: Window, opts: WindowOptions, start = 0, op?: WindowOperator) {
    const clock = new FakeClock(start)
    this.clock = clock
    this.op = op ?? createWindowOperator(window, opts)
    this.ctx = {
      ruleId: 'rule1',
      opName: 'window',
      clock,
      fn: { clock },
      setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
      setInterval: (fn, ms) => clock.setInterval(fn, ms),
    }
  }

  open(): this {
    this.op.open?.(this.ctx, this.out)
    return this
  }

  /** A tuple `{id, ...extra}` stamped with `ts` (default: the clock, i.e. processing time). */
  push(id: Value, ts = this.clock.now(), emitter = 'demo', extra: Record<string, Value> = {}): void {
    this.op.process(new Tuple(emitter, { id, ...extra }, ts), this.out, this.ctx)
  }

  /** Moves the clock to `t` and pushes a tuple then (processing time). */
  pushAt(t: number, id: Value): void {
    this.clock.set(t)
    this.push(id)
  }

  watermark(wm: number): void {
    this.op.onWatermark?.(wm, this.out, this.ctx)
  }

  /** The emissions so far as id lists (`'error'` for an error item), then forgets them. */
  take(): (Value[] | 'error')[] {
    const got = this.items.map((i) =>
      i instanceof ErrorItem ? ('error' as const) : i instanceof WindowTuples ? i.rows().map((t) => t.value('id')) : [],
    )
    this.items.length = 0
    return got
  }

  /** The emitted windows so far (errors left out). */
  windows(): WindowTuples[] {
    return this.items.filter((i): i is WindowTuples => i instanceof WindowTuples)
  }
}
