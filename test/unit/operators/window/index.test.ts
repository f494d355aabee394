import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createWindowOperator, windowFactories } from '../../../../src/operators/window/index.js'
import { windowSpecs } from '../../../../src/sql/ast/window-types.js'
import { countWindow, timeWindow, WindowHarness } from './harness.js'

describe('createWindowOperator', () => {
  it('has a factory for every window type the SQL window table declares', () => {
    assert.deepEqual(Object.keys(windowFactories).sort(), Object.keys(windowSpecs).sort())
  })

  it('converts the time unit to milliseconds', () => {
    const h = new WindowHarness(timeWindow('TUMBLING_WINDOW', 'MI', 1), { isEventTime: false }, 0).open()
    h.pushAt(1000, 'a')
    h.clock.setSync(59_999)
    assert.deepEqual(h.take(), [])
    h.clock.setSync(60_000)
    assert.deepEqual(h.take(), [['a']])
  })

  it('rejects non-positive sizes, hops and timeouts', () => {
    assert.throws(() => createWindowOperator(timeWindow('TUMBLING_WINDOW', 'SS', 0), { isEventTime: false }))
    assert.throws(() => createWindowOperator(timeWindow('HOPPING_WINDOW', 'SS', 2, 0), { isEventTime: false }))
    assert.throws(() => createWindowOperator(timeWindow('SESSION_WINDOW', 'SS', 2, 0), { isEventTime: false }))
    assert.throws(() => createWindowOperator(countWindow(0), { isEventTime: false }))
  })

  it('restores an empty or missing state as an empty window and refuses a malformed one', () => {
    const op = createWindowOperator(timeWindow('TUMBLING_WINDOW', 'SS', 1), { isEventTime: false })
    op.restore?.(undefined)
    assert.deepEqual(op.snapshot?.(), { log: [], triggerTime: 0, msgCount: 0 })
    assert.throws(() => op.restore?.({ inputs: [{ emitter: 1 }] }), /restore window state `inputs`/)
    assert.throws(() => op.restore?.({ inputs: [], triggerTime: 'x' }), /restore window state `triggerTime`/)
    assert.throws(() => op.restore?.({ log: [{ segment: {}, from: 0, to: 1 }] }), /restore window state `log`/)
  })
})
