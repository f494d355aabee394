// Drives a window operator on a ManualClock (Go mock-clock semantics, fired synchronously) and records what it emits.

import { ErrorItem, WindowTuples, type Item } from '../../../../src/core/collection.js'
import { ManualClock } from '../../../../src/core/manual-clock.js'
import { Tuple } from '../../../../src/core/row.js'
import type { Value } from '../../../../src/core/value.js'
import {
  createWindowOperator,
  type WindowOperator,
  type WindowOptions,
} from '../../../../src/operators/window/index.js'
import type { WindowState } from '../../../../src/operators/window/buffer.js'
import { decodeTuples } from '../../../../src/operators/window/tuple-codec.js'
import type { OperatorContext } from '../../../../src/runtime/operator.js'
import type { TimeUnit, Window, WindowType } from '../../../../src/sql/ast/expr.js'

export function timeWindow(type: WindowType, unit: TimeUnit, length: number, interval = 0): Window {
  return { kind: 'Window', windowType: type, unit, length, interval }
}

export function countWindow(length: number, interval = 0): Window {
  return { kind: 'Window', windowType: 'COUNT_WINDOW', length, interval }
}

/** The tuples a window's snapshot holds: its log's chunks, decoded. */
export function snapshotTuples(state: unknown): Tuple[] {
  const log = (state as WindowState | undefined)?.log ?? []
  return log.flatMap((c) => decodeTuples(c.segment.bytes!).slice(c.from, c.to))
}

export class WindowHarness {
  readonly clock: ManualClock
  readonly op: WindowOperator
  readonly items: Item[] = []
  readonly ctx: OperatorContext
  readonly out = (item: Item): void => {
    this.items.push(item)
  }

  constructor(window: Window, opts: WindowOptions, start = 0, op?: WindowOperator) {
    const clock = new ManualClock(start)
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
    this.clock.setSync(t)
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
