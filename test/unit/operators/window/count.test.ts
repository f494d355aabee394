import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Tuple } from '../../../../src/core/row.js'
import { lastCountWindow } from '../../../../src/operators/window/count.js'
import { createWindowOperator } from '../../../../src/operators/window/index.js'
import { countWindow, WindowHarness } from './harness.js'

describe('count window', () => {
  it('emits every n-th row the last n rows, then starts a new window', () => {
    const h = new WindowHarness(countWindow(3), { isEventTime: false }, 0).open()
    for (const id of [1, 2, 3, 4, 5, 6, 7]) h.push(id)
    assert.deepEqual(h.take(), [
      [1, 2, 3],
      [4, 5, 6],
    ])
  })

  it('with a step emits every m rows the latest n, once n rows have arrived', () => {
    const h = new WindowHarness(countWindow(3, 2), { isEventTime: false }, 0).open()
    for (const id of [1, 2, 3, 4, 5, 6, 7]) h.push(id)
    assert.deepEqual(h.take(), [
      [2, 3, 4],
      [4, 5, 6],
    ])
  })

  it('sets no timers, whatever the clock does', () => {
    const h = new WindowHarness(countWindow(2), { isEventTime: false }, 0).open()
    h.push('a')
    h.clock.setSync(1_000_000)
    assert.equal(h.clock.pending(), 0)
    assert.deepEqual(h.take(), [])
  })

  it('keeps arrival order and groups per stream', () => {
    const h = new WindowHarness(countWindow(3), { isEventTime: false }, 0).open()
    h.push('x1', 30, 'left')
    h.push('y1', 10, 'right')
    h.push('x2', 20, 'left')
    const [w] = h.windows()
    assert.deepEqual(
      w?.sets.map((s) => [s.emitter, s.tuples.map((t) => t.value('id'))]),
      [
        ['left', ['x1', 'x2']],
        ['right', ['y1']],
      ],
    )
  })

  it('carries the rows and the running count across a snapshot', () => {
    const h = new WindowHarness(countWindow(3), { isEventTime: false }, 0).open()
    h.push(1)
    h.push(2)
    const state = h.op.snapshot?.()
    const h2 = new WindowHarness(countWindow(3), { isEventTime: false }, 0)
    h2.op.restore?.(state)
    h2.open()
    h2.push(3)
    assert.deepEqual(h2.take(), [[1, 2, 3]])
  })

  it('is rejected in event-time rules as 1.0 does', () => {
    assert.throws(() => createWindowOperator(countWindow(3), { isEventTime: true }), /^.*unsupported window type 5$/)
  })
})

describe('lastCountWindow', () => {
  const tuples = [1, 2, 3, 4, 5].map((i) => new Tuple('', { [`f${i}`]: `v${i}` }, 0))
  const ids = (ts: readonly Tuple[] | undefined): string[] | undefined =>
    ts?.map((t) => Object.values(t.message).join())

  it('takes the last size tuples and keeps the last size − 1 for the next window', () => {
    const { window, rest } = lastCountWindow(tuples, 3)
    assert.deepEqual(ids(window), ['v3', 'v4', 'v5'])
    assert.deepEqual(ids(rest), ['v4', 'v5'])
  })

  it('has no window while fewer than size tuples are buffered', () => {
    const { window, rest } = lastCountWindow(tuples, 6)
    assert.equal(window, undefined)
    assert.equal(rest.length, 5)
  })
})
