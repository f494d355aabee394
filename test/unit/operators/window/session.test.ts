import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { timeWindow, WindowHarness } from './harness.js'

describe('session window, processing time', () => {
  it('closes a session after the timeout without rows, the timer re-armed by every row', () => {
    const h = new WindowHarness(timeWindow('SESSION_WINDOW', 'SS', 10, 1), { isEventTime: false }, 0).open()
    h.pushAt(100, 'a')
    h.pushAt(800, 'b')
    h.pushAt(1500, 'c')
    h.clock.setSync(2499)
    assert.deepEqual(h.take(), [])
    h.clock.setSync(2500)
    assert.deepEqual(
      h.windows().map((w) => [w.start, w.end]),
      [[100, 2500]],
    )
    assert.deepEqual(h.take(), [['a', 'b', 'c']])
    h.pushAt(4000, 'd')
    h.clock.setSync(6000)
    assert.deepEqual(h.take(), [['d']])
  })

  it('cuts a session at a max-duration tick only once the session has spanned a whole tick period', () => {
    const h = new WindowHarness(timeWindow('SESSION_WINDOW', 'SS', 2, 1), { isEventTime: false }, 0).open()
    const ids: string[] = []
    for (let t = 100; t <= 5100; t += 500) {
      h.pushAt(t, `r${t}`)
      ids.push(`r${t}`)
    }
    h.clock.setSync(7000)
    // The tick at 2000 is the session's first: skipped. The tick at 4000 cuts it; the timeout closes the rest.
    assert.deepEqual(h.take(), [ids.slice(0, 8), ids.slice(8)])
  })

  it('lets the timeout win when the session goes quiet before a max-duration tick', () => {
    // TestWindowRule5: the session [+13, +823] times out at +1823, before the first tick at +2000.
    const h = new WindowHarness(timeWindow('SESSION_WINDOW', 'SS', 2, 1), { isEventTime: false }, 0).open()
    h.pushAt(13, 'a')
    h.pushAt(823, 'b')
    h.pushAt(1932, 'c')
    h.pushAt(2442, 'd')
    h.pushAt(3252, 'e')
    h.clock.setSync(4000)
    assert.deepEqual(h.take(), [
      ['a', 'b'],
      ['c', 'd', 'e'],
    ])
  })

  it('emits nothing at ticks and timeouts without rows', () => {
    const h = new WindowHarness(timeWindow('SESSION_WINDOW', 'SS', 2, 1), { isEventTime: false }, 0).open()
    h.clock.setSync(20_000)
    assert.deepEqual(h.take(), [])
  })

  it('cancels the timeout on close', () => {
    const h = new WindowHarness(timeWindow('SESSION_WINDOW', 'SS', 2, 1), { isEventTime: false }, 0).open()
    h.pushAt(100, 'a')
    h.op.close?.()
    assert.equal(h.clock.pending(), 0)
    h.clock.setSync(5000)
    assert.deepEqual(h.take(), [])
  })
})

describe('session window, event time', () => {
  const win = timeWindow('SESSION_WINDOW', 'SS', 2, 1)

  it('ends a session at the last row plus the timeout when the next row comes later than that', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    h.push('a', 10_100)
    h.push('b', 10_600)
    h.watermark(10_600)
    h.push('c', 12_000)
    assert.deepEqual(h.take(), [])
    h.watermark(11_599)
    assert.deepEqual(h.take(), [])
    h.watermark(12_000)
    assert.deepEqual(
      h.windows().map((w) => [w.start, w.end]),
      [[10_100, 11_600]],
    )
    assert.deepEqual(h.take(), [['a', 'b']])
  })

  it('keeps the last session open while no later row closes it', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    h.push('a', 10_100)
    h.watermark(50_000)
    assert.deepEqual(h.take(), [])
  })

  it('cuts a session longer than the max duration at a duration-aligned tick', () => {
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    for (const t of [10_100, 10_900, 11_700, 12_500, 13_300]) h.push(`r${t}`, t)
    h.watermark(13_300)
    assert.deepEqual(h.take(), [])
    h.push('r14100', 14_100)
    h.watermark(14_100)
    assert.deepEqual(h.take(), [['r10100', 'r10900', 'r11700', 'r12500', 'r13300']])
  })

  it('sorts rows that arrived out of order and drops those behind the watermark', () => {
    // TestEventWindowRule5, first sessions, lateTolerance 1000.
    const h = new WindowHarness(win, { isEventTime: true }, 0).open()
    const base = 1_541_152_486_000
    h.push('25.5', base + 13)
    h.watermark(base - 987)
    h.push('28.1', base + 1932)
    h.watermark(base + 932)
    h.push('27.5', base + 823) // late
    h.push('25.5b', base + 3252)
    h.watermark(base + 2252)
    h.push('27.4', base + 2442)
    h.push('26.2', base + 4062)
    h.watermark(base + 3062)
    h.push('28.9', base + 5682)
    h.watermark(base + 4682)
    assert.equal(h.op.lateDropped, 1)
    assert.deepEqual(h.take(), [['25.5'], ['28.1', '27.4', '25.5b']])
  })
})
