import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../../src/core/manual-clock.js'

describe('ManualClock', () => {
  it('fires due timers in deadline order with now() at each deadline', async () => {
    const clock = new ManualClock(1000)
    const seen: string[] = []
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 300)
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 100)
    clock.setTimeout(() => seen.push(`c@${clock.now()}`), 900)
    await clock.advance(500)
    assert.deepEqual(seen, ['a@1100', 'b@1300'])
    assert.equal(clock.now(), 1500)
  })

  it('re-arms intervals from their previous deadline', async () => {
    const clock = new ManualClock(0)
    const ticks: number[] = []
    clock.setInterval(() => ticks.push(clock.now()), 1000)
    await clock.set(3500)
    assert.deepEqual(ticks, [1000, 2000, 3000])
    await clock.advance(500)
    assert.deepEqual(ticks, [1000, 2000, 3000, 4000])
  })

  it('fires a timer whose deadline equals the target and keeps creation order on ties', async () => {
    const clock = new ManualClock(0)
    const seen: string[] = []
    clock.setTimeout(() => seen.push('first'), 10)
    clock.setTimeout(() => seen.push('second'), 10)
    await clock.set(10)
    assert.deepEqual(seen, ['first', 'second'])
  })

  it('fires timers created by a timer when they fall before the target', async () => {
    const clock = new ManualClock(0)
    const seen: number[] = []
    clock.setTimeout(() => {
      seen.push(clock.now())
      clock.setTimeout(() => seen.push(clock.now()), 50)
    }, 100)
    await clock.advance(200)
    assert.deepEqual(seen, [100, 150])
  })

  it('awaits settle after every fired timer', async () => {
    const clock = new ManualClock(0)
    const log: string[] = []
    clock.setTimeout(() => log.push('t1'), 1)
    clock.setTimeout(() => log.push('t2'), 2)
    await clock.advance(5, async () => {
      await Promise.resolve()
      log.push('settled')
    })
    assert.deepEqual(log, ['t1', 'settled', 't2', 'settled', 'settled'])
  })

  it('does not fire cancelled timers', async () => {
    const clock = new ManualClock(0)
    let fired = 0
    const t = clock.setTimeout(() => fired++, 10)
    const i = clock.setInterval(() => fired++, 5)
    t.cancel()
    i.cancel()
    await clock.advance(100)
    assert.equal(fired, 0)
    assert.equal(clock.pending(), 0)
  })
})
