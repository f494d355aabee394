import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { timeWindow, WindowHarness } from './harness.js'

const ORIGIN = 1_541_152_486_000
const win = timeWindow('HOPPING_WINDOW', 'SS', 2, 1)

describe('hopping window, processing time', () => {
  it('emits at every hop the rows of the last size, bounds included', () => {
    const h = new WindowHarness(win, { isEventTime: false }, ORIGIN).open()
    h.pushAt(ORIGIN + 13, 'a')
    h.pushAt(ORIGIN + 822, 'b')
    h.pushAt(ORIGIN + 1632, 'c')
    h.pushAt(ORIGIN + 2442, 'd')
    h.pushAt(ORIGIN + 3252, 'e')
    h.clock.setSync(ORIGIN + 4252)
    assert.deepEqual(h.take(), [
      ['a', 'b'],
      ['a', 'b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
    ])
  })

  it('keeps a row that is exactly size old at a tick', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.pushAt(500, 'first')
    h.pushAt(1000, 'at-tick')
    h.clock.setSync(3000)
    // The tick at 1000 fires before the row stamped 1000 arrives; at 3000 that row is exactly 2 s old.
    assert.deepEqual(h.take(), [['first'], ['first', 'at-tick'], ['at-tick']])
  })

  it('reports the window bounds as [tick − size, tick]', () => {
    const h = new WindowHarness(win, { isEventTime: false }, 0).open()
    h.pushAt(1500, 'x')
    h.clock.setSync(2000)
    assert.deepEqual(
      h.windows().map((w) => [w.start, w.end]),
      [[0, 2000]],
    )
  })

  it('restores buffered rows and last trigger, then fires the ticks due within one hop of the restart', () => {
    // TestCheckpointRule1: checkpoint at +1200 (after the tick at +1000), restart at +1732.
    const h = new WindowHarness(win, { isEventTime: false }, ORIGIN).open()
    h.pushAt(ORIGIN + 13, 'a')
    h.pushAt(ORIGIN + 822, 'b')
    h.clock.setSync(ORIGIN + 1200)
    assert.deepEqual(h.take(), [['a', 'b']])
    const state = h.op.snapshot?.()
    assert.equal((state as { triggerTime: number }).triggerTime, ORIGIN + 1000)

    const h2 = new WindowHarness(win, { isEventTime: false }, ORIGIN + 1732)
    h2.op.restore?.(state)
    h2.open()
    assert.deepEqual(h2.take(), [['a', 'b']]) // the tick at +2000, fired at once
    h2.pushAt(ORIGIN + 1932, 'c')
    h2.pushAt(ORIGIN + 2442, 'd')
    h2.pushAt(ORIGIN + 3252, 'e')
    h2.clock.setSync(ORIGIN + 4252)
    // The new ticker runs from the restart: +2732, +3732.
    assert.deepEqual(h2.take(), [
      ['c', 'd'],
      ['c', 'd', 'e'],
    ])
  })
})

describe('hopping window, event time', () => {
  it('fires windows ending at multiples of the hop, each holding the rows of the last size sorted by time', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    h.push('a', 10_013)
    h.watermark(9_013)
    h.push('c', 11_632)
    h.watermark(10_632)
    assert.deepEqual(h.take(), [])
    h.push('e', 13_252)
    h.watermark(12_252)
    assert.deepEqual(
      h.windows().map((w) => [w.start, w.end]),
      [
        [9_000, 11_000],
        [10_000, 12_000],
      ],
    )
    assert.deepEqual(h.take(), [['a'], ['a', 'c']])
  })

  it('drops late rows, counts them, and still sorts the rows that made it in', () => {
    // TestEventWindowRule1 with lateTolerance 1000: the row at +822 arrives behind the watermark.
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    const base = 1_541_152_486_000
    const arrive = (id: string, ts: number, wm?: number): void => {
      h.push(id, base + ts)
      if (wm !== undefined) h.watermark(base + wm)
    }
    arrive('red', 13, -987)
    arrive('blue2', 1632, 632)
    arrive('red1', 3252, 2252)
    assert.deepEqual(h.take(), [['red'], ['red', 'blue2']])
    arrive('late', 822)
    arrive('yellow', 2442)
    assert.equal(h.op.lateDropped, 1)
    arrive('last', 6342, 5342)
    assert.deepEqual(h.take(), [['blue2', 'yellow'], ['yellow', 'red1'], ['red1']])
  })

  it('jumps over hops without rows instead of emitting empty windows', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    h.push('a', 1_500)
    h.push('b', 20_500)
    h.watermark(30_000)
    assert.deepEqual(
      h.windows().map((w) => w.end),
      [2_000, 3_000, 21_000, 22_000],
    )
    assert.deepEqual(h.take(), [['a'], ['a'], ['b'], ['b']])
  })
})
