import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { snapshotTuples, timeWindow, WindowHarness } from './harness.js'

const win = timeWindow('SLIDING_WINDOW', 'SS', 2)

describe('sliding window, processing time', () => {
  it('emits on every row the rows of the last size up to it', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.pushAt(13, 'a')
    h.pushAt(822, 'b')
    h.pushAt(1632, 'c')
    h.pushAt(2442, 'd')
    h.pushAt(3252, 'e')
    assert.deepEqual(h.take(), [['a'], ['a', 'b'], ['a', 'b', 'c'], ['b', 'c', 'd'], ['c', 'd', 'e']])
  })

  it('sets no timers and emits nothing between rows', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    assert.equal(h.clock.pending(), 0)
    h.pushAt(100, 'a')
    h.clock.setSync(60_000)
    assert.deepEqual(h.take(), [['a']])
  })

  it('keeps only the rows still inside the window in its state', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.pushAt(100, 'a')
    h.pushAt(2100, 'b')
    h.pushAt(2101, 'c')
    assert.deepEqual(
      snapshotTuples(h.op.snapshot?.()).map((t) => t.timestamp),
      [2100, 2101],
    )
  })

  it('reports the window bounds as [row time − size, row time]', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.pushAt(5000, 'a')
    assert.deepEqual(
      h.windows().map((w) => [w.start, w.end]),
      [[3000, 5000]],
    )
  })
})

describe('sliding window, event time', () => {
  it('emits one window per row once the watermark reaches the row, sorted by event time', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    h.push('b', 11_500)
    h.push('a', 11_000)
    h.push('c', 14_000)
    h.watermark(12_000)
    assert.deepEqual(h.take(), [['a'], ['a', 'b']])
    h.watermark(14_000)
    assert.deepEqual(h.take(), [['c']])
  })

  it('drops rows behind the watermark', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    h.push('a', 11_000)
    h.watermark(11_000)
    h.push('late', 10_999)
    assert.equal(h.op.lateDropped, 1)
    assert.deepEqual(h.take(), [['a']])
  })
})
