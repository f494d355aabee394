import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ErrorItem, ResultRows } from '../../../../src/core/collection.js'
import { EvalError } from '../../../../src/core/errors.js'
import { Tuple } from '../../../../src/core/row.js'
import { timeWindow, WindowHarness } from './harness.js'

const T0 = 1_541_152_485_800
const ORIGIN = T0 + 200

describe('tumbling window, processing time', () => {
  const win = timeWindow('TUMBLING_WINDOW', 'SS', 1)

  it('emits the rows of each period at every tick counted from open, not from the clock start', () => {
    const h = new WindowHarness(win, { isEventTime: false }, T0)
    h.clock.setSync(ORIGIN)
    h.open()
    h.pushAt(ORIGIN + 13, 'a')
    h.pushAt(ORIGIN + 822, 'b')
    h.pushAt(ORIGIN + 1632, 'c')
    h.pushAt(ORIGIN + 2442, 'd')
    h.clock.setSync(ORIGIN + 3500)
    assert.deepEqual(h.take(), [['a', 'b'], ['c'], ['d']])
  })

  it('puts a row arriving exactly at a tick into the window that the tick closes', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.clock.setSync(1000)
    h.push('edge')
    h.clock.setSync(2000)
    assert.deepEqual(h.take(), [['edge']])
  })

  it('emits nothing at all while no rows arrive', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.clock.setSync(10_000)
    assert.deepEqual(h.take(), [])
    h.pushAt(10_500, 'x')
    h.clock.setSync(15_000)
    assert.deepEqual(h.take(), [['x']])
  })

  it('reports the window bounds as [tick − size, tick]', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.pushAt(1500, 'x')
    h.clock.setSync(2000)
    const [w] = h.windows()
    assert.equal(w?.start, 1000)
    assert.equal(w?.end, 2000)
  })

  it('forwards errors at once and keeps them out of the window', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.pushAt(100, 'a')
    h.op.process(new ErrorItem(new EvalError('boom')), h.out, h.ctx)
    assert.deepEqual(h.take(), ['error'])
    h.clock.setSync(1000)
    assert.deepEqual(h.take(), [['a']])
  })

  it('groups tuples per stream in order of first appearance, keeping arrival order inside a stream', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.clock.setSync(100)
    h.push('s2-a', 100, 'demo2')
    h.push('s1-a', 100, 'demo1')
    h.push('s2-b', 100, 'demo2')
    h.clock.setSync(1000)
    const [w] = h.windows()
    assert.deepEqual(
      w?.sets.map((s) => [s.emitter, s.tuples.map((t) => t.value('id'))]),
      [
        ['demo2', ['s2-a', 's2-b']],
        ['demo1', ['s1-a']],
      ],
    )
  })

  it('rejects items that are not tuples with 1.0 run Window error', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    assert.throws(
      () => h.op.process(new ResultRows([]), h.out, h.ctx),
      /^EvalError: run Window error: expect xsql\.Tuple/,
    )
  })

  it('stops ticking once closed', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.pushAt(100, 'a')
    h.op.close?.()
    h.clock.setSync(5000)
    assert.deepEqual(h.take(), [])
    assert.equal(h.clock.pending(), 0)
  })

  it('restores buffered rows from a snapshot and emits them at the next tick of the new run', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.pushAt(100, 'a')
    const state = h.op.snapshot?.()
    const h2 = new WindowHarness(win, { isEventTime: false }, 400)
    h2.op.restore?.(state)
    h2.open()
    assert.deepEqual(h2.take(), [])
    h2.clock.setSync(1400)
    assert.deepEqual(h2.take(), [['a']])
  })
})

describe('tumbling window, event time', () => {
  const win = timeWindow('TUMBLING_WINDOW', 'SS', 1)

  it('fires windows aligned to multiples of the size when the watermark reaches their end, rows sorted by time', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    h.push('b', 10_700)
    h.push('a', 10_200)
    h.push('c', 11_100)
    h.watermark(10_999)
    assert.deepEqual(h.take(), [])
    h.watermark(11_000)
    assert.deepEqual(h.take(), [['a', 'b']])
    h.push('d', 13_500)
    h.watermark(14_000)
    assert.deepEqual(h.take(), [['c'], ['d']])
  })

  it('sets no timers', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    assert.equal(h.clock.pending(), 0)
  })

  it('drops and counts rows older than the last watermark', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    h.push('a', 10_200)
    h.watermark(10_500)
    h.push('late', 10_499)
    h.push('on-time', 10_500)
    assert.equal(h.op.lateDropped, 1)
    h.watermark(11_000)
    assert.deepEqual(h.take(), [['a', 'on-time']])
  })

  it('ignores a watermark that does not advance', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    h.push('a', 10_200)
    h.watermark(12_000)
    h.push('b', 12_500)
    h.watermark(11_000)
    h.push('c', 11_500)
    assert.equal(h.op.lateDropped, 1)
    assert.deepEqual(h.take(), [['a']])
  })

  it('builds windows from tuples carrying event time, whatever the clock says', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 99_999_999).open()
    h.op.process(new Tuple('demo', { id: 'a' }, 2_500), h.out, h.ctx)
    h.watermark(3_000)
    assert.deepEqual(h.windows()[0]?.end, 3_000)
    assert.deepEqual(h.take(), [['a']])
  })
})
