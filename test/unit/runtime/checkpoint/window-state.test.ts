// Every stateful operator survives a checkpoint: a window (and the watermark in front of it) snapshotted
// mid-stream, serialized as the coordinator does and restored into a new instance, emits what an uninterrupted
// one emits.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Item } from '../../../../src/core/collection.js'
import { WindowTuples } from '../../../../src/core/collection.js'
import { ManualClock } from '../../../../src/core/manual-clock.js'
import { Tuple } from '../../../../src/core/row.js'
import type { Value } from '../../../../src/core/value.js'
import { createWindowOperator } from '../../../../src/operators/window/index.js'
import type { Emit, Operator, OperatorContext } from '../../../../src/runtime/operator.js'
import { WatermarkOperator } from '../../../../src/runtime/watermark.js'
import { decodeState, encodeState } from '../../../../src/runtime/checkpoint/state-codec.js'
import type { Window } from '../../../../src/sql/ast/expr.js'
import { countWindow, timeWindow } from '../../operators/window/harness.js'

type Step = readonly [id: string, ts: number] | readonly ['wm', number]

/** A state through the bytes the coordinator stores and back, as a restore after a restart sees it. */
function throughStore(state: unknown): unknown {
  const { bytes, segments } = encodeState(state)
  return decodeState(bytes, new Map(segments.map((s) => [s.key, s.bytes!])))
}

function ctxOf(clock: ManualClock): OperatorContext {
  return {
    ruleId: 'r',
    opName: 'window',
    clock,
    fn: { clock },
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    setInterval: (fn, ms) => clock.setInterval(fn, ms),
  }
}

/** Runs `steps` through operators made by `make`; at index `cut` the state moves to a new instance. */
function replay(make: () => Operator, steps: readonly Step[], cut?: number): Value[][] {
  const clock = new ManualClock(0)
  const ctx = ctxOf(clock)
  const emitted: Value[][] = []
  const out: Emit = (item: Item) => {
    if (item instanceof WindowTuples) emitted.push(item.rows().map((t) => t.value('id')))
  }
  let op = make()
  op.open?.(ctx, out)
  steps.forEach(([id, ts], i) => {
    if (i === cut) {
      const state = throughStore(op.snapshot?.())
      op.close?.()
      op = make()
      op.restore?.(state)
      op.open?.(ctx, out)
    }
    if (id === 'wm') op.onWatermark?.(ts, out, ctx)
    else op.process(new Tuple('demo', { id }, ts), out, ctx)
  })
  return emitted
}

const events: Step[] = [
  ['a', 1000],
  ['b', 1500],
  ['wm', 1600],
  ['c', 2100],
  ['wm', 2200],
  ['d', 2900],
  ['wm', 3100],
  ['e', 3400],
  ['wm', 4100],
  ['f', 4600],
  ['wm', 9000],
]

const eventTimeWindows: [string, Window][] = [
  ['tumbling', timeWindow('TUMBLING_WINDOW', 'SS', 1)],
  ['hopping', timeWindow('HOPPING_WINDOW', 'SS', 2, 1)],
  ['sliding', timeWindow('SLIDING_WINDOW', 'SS', 1)],
  ['session', timeWindow('SESSION_WINDOW', 'SS', 2, 1)],
]

describe('event-time windows across a checkpoint', () => {
  for (const [name, w] of eventTimeWindows) {
    it(`${name}: emits exactly what an uninterrupted window emits, wherever the cut falls`, () => {
      const make = (): Operator => createWindowOperator(w, { isEventTime: true })
      const reference = replay(make, events)
      assert.ok(reference.length > 0)
      for (let cut = 1; cut < events.length; cut++) {
        assert.deepEqual(replay(make, events, cut), reference, `cut before step ${cut}`)
      }
    })
  }
})

describe('count window across a checkpoint', () => {
  it('keeps the buffered rows and the count towards the next window', () => {
    const make = (): Operator => createWindowOperator(countWindow(3, 2), { isEventTime: false })
    const rows: Step[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => [id, 0] as const)
    const reference = replay(make, rows)
    for (let cut = 1; cut < rows.length; cut++) assert.deepEqual(replay(make, rows, cut), reference)
  })
})

describe('watermark across a checkpoint', () => {
  it('keeps the per-stream maxima and the watermark, so late rows stay late and windows fire once', () => {
    const w = timeWindow('HOPPING_WINDOW', 'SS', 2, 1)
    const make = (): Operator =>
      new WatermarkOperator(createWindowOperator(w, { isEventTime: true }), { streams: ['demo'], lateTolerance: 0 })
    const rows: Step[] = [
      ['a', 1000],
      ['b', 2500],
      ['late', 1200],
      ['c', 3600],
      ['d', 5200],
      ['also-late', 3000],
      ['e', 9000],
    ]
    const reference = replay(make, rows)
    assert.ok(!reference.flat().includes('late'))
    for (let cut = 1; cut < rows.length; cut++) assert.deepEqual(replay(make, rows, cut), reference, `cut ${cut}`)
  })
})

describe('processing-time windows across a checkpoint', () => {
  it('a restored tumbling window emits its buffered rows at the next tick', () => {
    const clock = new ManualClock(0)
    const ctx = ctxOf(clock)
    const got: Value[][] = []
    const out: Emit = (item) => {
      if (item instanceof WindowTuples) got.push(item.rows().map((t) => t.value('id')))
    }
    const w = timeWindow('TUMBLING_WINDOW', 'SS', 1)
    const first = createWindowOperator(w, { isEventTime: false })
    first.open?.(ctx, out)
    clock.setSync(200)
    first.process(new Tuple('demo', { id: 'a' }, 200), out, ctx)
    const state = throughStore(first.snapshot?.())
    first.close?.()
    const second = createWindowOperator(w, { isEventTime: false })
    second.restore?.(state)
    second.open?.(ctx, out)
    clock.setSync(1300)
    assert.deepEqual(got, [['a']])
  })
})
