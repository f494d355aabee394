import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hostClock, MAX_TIMER_STEP_MS, systemClock, type TimerHost } from '../../../src/core/clock.js'
import { ManualClock } from '../../../src/core/manual-clock.js'

const DAY = 86_400_000
const LONG = 2_500_000_000 // TUMBLINGWINDOW(ss, 2500000): past 2^31 - 1 ms

/**
 * Host timers on a virtual monotonic time that take delays as Node does: one above 2^31 - 1 ms, below 1 ms or NaN
 * fires after 1 ms. `late` makes each host timer fire that many ms late; `earlyOnce` makes the next one armed fire
 * that many ms early, as Node's cached loop time can.
 */
class FakeHost implements TimerHost {
  time = 0
  late = 0
  earlyOnce = 0
  readonly delays: number[] = []
  private timers: { at: number; seq: number; fn: () => void }[] = []
  private seq = 0

  now = (): number => 1_700_000_000_000 + this.time
  monotonic = (): number => this.time

  arm = (fn: () => void, ms: number): (() => void) => {
    this.delays.push(ms)
    const nodeMs = ms >= 1 && ms <= MAX_TIMER_STEP_MS ? ms : 1
    const timer = { at: this.time + nodeMs + this.late - this.earlyOnce, seq: this.seq++, fn }
    this.earlyOnce = 0
    this.timers.push(timer)
    return () => {
      this.timers = this.timers.filter((t) => t !== timer)
    }
  }

  pending(): number {
    return this.timers.length
  }

  /** Moves virtual time to `t`, firing due host timers in order. */
  runTo(t: number): void {
    for (;;) {
      const due = this.timers.filter((x) => x.at <= t).sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
      if (due === undefined) break
      this.timers = this.timers.filter((x) => x !== due)
      this.time = Math.max(this.time, due.at)
      due.fn()
    }
    this.time = t
  }
}

describe('hostClock: timers longer than one Node timer', () => {
  it('fires a 2,500,000 s timeout at its deadline, not before, in steps Node takes', () => {
    const host = new FakeHost()
    const clock = hostClock(host)
    const fired: number[] = []
    clock.setTimeout(() => fired.push(host.time), LONG)
    host.runTo(1)
    host.runTo(MAX_TIMER_STEP_MS)
    host.runTo(LONG - 1)
    assert.deepEqual(fired, [])
    host.runTo(LONG)
    assert.deepEqual(fired, [LONG])
    host.runTo(10 * LONG)
    assert.deepEqual(fired, [LONG], 'fires once')
    assert.ok(
      host.delays.every((d) => d >= 0 && d <= MAX_TIMER_STEP_MS),
      `every host delay fits: ${host.delays.join()}`,
    )
    assert.equal(host.pending(), 0)
  })

  it('waits 30 days and fires exactly then', () => {
    const host = new FakeHost()
    const fired: number[] = []
    hostClock(host).setTimeout(() => fired.push(host.time), 30 * DAY)
    host.runTo(30 * DAY - 1)
    assert.deepEqual(fired, [])
    host.runTo(31 * DAY)
    assert.deepEqual(fired, [30 * DAY])
  })

  it('cancels at every step of the chain', () => {
    for (const cancelAt of [0, 1, MAX_TIMER_STEP_MS, MAX_TIMER_STEP_MS + 1, 2 * MAX_TIMER_STEP_MS, LONG - 1]) {
      const host = new FakeHost()
      let fired = false
      const handle = hostClock(host).setTimeout(() => (fired = true), 3 * MAX_TIMER_STEP_MS)
      host.runTo(cancelAt)
      handle.cancel()
      handle.cancel()
      assert.equal(host.pending(), 0, `no host timer left after cancel at ${cancelAt}`)
      host.runTo(10 * MAX_TIMER_STEP_MS)
      assert.equal(fired, false, `cancelled at ${cancelAt}`)
    }
  })

  it('re-arms when a host timer fires early, and never calls back synchronously', () => {
    const host = new FakeHost()
    host.earlyOnce = 5
    const fired: number[] = []
    hostClock(host).setTimeout(() => fired.push(host.time), 100)
    assert.deepEqual(fired, [])
    host.runTo(99)
    assert.deepEqual(fired, [])
    host.runTo(200)
    assert.deepEqual(fired, [100])
  })

  it('takes a zero, negative or NaN delay as due on the next turn, and Infinity as never', () => {
    const host = new FakeHost()
    const clock = hostClock(host)
    const fired: string[] = []
    clock.setTimeout(() => fired.push('zero'), 0)
    clock.setTimeout(() => fired.push('negative'), -5)
    clock.setTimeout(() => fired.push('nan'), Number.NaN)
    clock.setTimeout(() => fired.push('infinity'), Number.POSITIVE_INFINITY)
    assert.deepEqual(fired, [])
    host.runTo(1)
    assert.deepEqual(fired, ['zero', 'negative', 'nan'])
    host.runTo(100 * MAX_TIMER_STEP_MS)
    assert.deepEqual(fired, ['zero', 'negative', 'nan'])
  })

  it('ticks a 2,500,000 s interval at exactly k periods', () => {
    const host = new FakeHost()
    const ticks: number[] = []
    const handle = hostClock(host).setInterval(() => ticks.push(host.time), LONG)
    host.runTo(LONG - 1)
    assert.deepEqual(ticks, [])
    host.runTo(3 * LONG + 5)
    assert.deepEqual(ticks, [LONG, 2 * LONG, 3 * LONG])
    handle.cancel()
    assert.equal(host.pending(), 0)
    host.runTo(10 * LONG)
    assert.equal(ticks.length, 3)
  })

  it('keeps an interval on its phase when host timers fire late', () => {
    const host = new FakeHost()
    host.late = 3
    const ticks: number[] = []
    hostClock(host).setInterval(() => ticks.push(host.time), 1000)
    host.runTo(5500)
    // Each tick is 3 ms late but the next deadline counts from the previous deadline, not from the late tick.
    assert.deepEqual(ticks, [1003, 2003, 3003, 4003, 5003])
  })

  it('lets an interval cancel itself from its callback', () => {
    const host = new FakeHost()
    let n = 0
    const handle = hostClock(host).setInterval(() => {
      if (++n === 2) handle.cancel()
    }, LONG)
    host.runTo(10 * LONG)
    assert.equal(n, 2)
    assert.equal(host.pending(), 0)
  })

  it('reads wall time from the host', () => {
    const host = new FakeHost()
    host.runTo(42)
    assert.equal(hostClock(host).now(), 1_700_000_000_042)
  })
})

describe('systemClock on Node timers', () => {
  it('does not fire a timeout or an interval of 2^31 ms or more early, nor warn of an overflow', async () => {
    const warnings: string[] = []
    const onWarning = (w: Error): void => void warnings.push(w.name)
    process.on('warning', onWarning)
    const fired: string[] = []
    const long = systemClock.setTimeout(() => fired.push('timeout'), 2 ** 31)
    const longer = systemClock.setTimeout(() => fired.push('timeout'), LONG)
    const every = systemClock.setInterval(() => fired.push('interval'), LONG)
    try {
      // Node fires an overflowed timer after 1 ms: well before this 30 ms one.
      await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 30))
      await new Promise<void>((resolve) => setImmediate(resolve)) // a warning is emitted on the next tick
      assert.deepEqual(fired, [])
      assert.deepEqual(warnings, [])
    } finally {
      long.cancel()
      longer.cancel()
      every.cancel()
      process.off('warning', onWarning)
    }
  })

  it('fires a short timeout and interval no earlier than asked', async () => {
    const start = performance.now()
    const at = await new Promise<number>((resolve) => systemClock.setTimeout(() => resolve(performance.now()), 20))
    assert.ok(at - start >= 19, `fired after ${at - start} ms`)
    const ticks: number[] = []
    await new Promise<void>((resolve) => {
      const h = systemClock.setInterval(() => {
        ticks.push(performance.now() - start)
        if (ticks.length === 3) {
          h.cancel()
          resolve()
        }
      }, 5)
    })
    assert.equal(ticks.length, 3)
  })
})

describe('ManualClock has no length limit', () => {
  it('fires a 2,500,000 s timeout and interval at their deadlines only', () => {
    const clock = new ManualClock(0)
    const seen: string[] = []
    clock.setTimeout(() => seen.push(`t@${clock.now()}`), LONG)
    clock.setInterval(() => seen.push(`i@${clock.now()}`), LONG)
    clock.advanceSync(LONG - 1)
    assert.deepEqual(seen, [])
    clock.advanceSync(LONG + 1)
    assert.deepEqual(seen, [`t@${LONG}`, `i@${LONG}`, `i@${2 * LONG}`])
  })

  it('takes a NaN delay as 0', () => {
    const clock = new ManualClock(0)
    let fired = false
    clock.setTimeout(() => (fired = true), Number.NaN)
    assert.equal(clock.nextDeadline(), 0)
    clock.advanceSync(0)
    assert.equal(fired, true)
  })
})
