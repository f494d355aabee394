import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../../src/core/manual-clock.js'
import { ConversionMemo, SharedTuples } from '../../../src/core/shared-conversion.js'

/** A clock that counts its reads. */
function countingClock(start: number) {
  const clock = new ManualClock(start)
  let reads = 0
  return {
    clock: { now: () => (reads++, clock.now()) },
    manual: clock,
    reads: () => reads,
  }
}

describe('ConversionMemo.now', () => {
  it('reads each clock once per delivery, and afresh in the next one or outside any', () => {
    const memo = new ConversionMemo()
    const a = countingClock(10)
    const b = countingClock(500)
    const seen: number[] = []
    memo.deliver({}, () => {
      for (let i = 0; i < 5; i++) seen.push(memo.now(a.clock))
      seen.push(memo.now(b.clock), memo.now(a.clock))
      a.manual.setSync(20) // the clock moves within a delivery: its rules still share the first reading
      seen.push(memo.now(a.clock))
    })
    assert.deepEqual(seen, [10, 10, 10, 10, 10, 500, 10, 10])
    // One clock is remembered: switching back to `a` read it again (what every call did before the memo)
    assert.equal(b.reads(), 1)
    assert.equal(a.reads(), 2)
    assert.equal(memo.now(a.clock), 20)
    assert.equal(memo.now(a.clock), 20)
    assert.equal(a.reads(), 4, 'outside a delivery every call reads the clock')
    memo.deliver({}, () => seen.push(memo.now(a.clock)))
    assert.equal(seen.at(-1), 20)
    assert.equal(a.reads(), 5)
  })

  it('restores the outer delivery’s reading after a nested one', () => {
    const memo = new ConversionMemo()
    const a = countingClock(1)
    const seen: number[] = []
    memo.deliver({}, () => {
      seen.push(memo.now(a.clock))
      a.manual.setSync(2)
      memo.deliver({}, () => seen.push(memo.now(a.clock)))
      seen.push(memo.now(a.clock))
    })
    assert.deepEqual(seen, [1, 2, 1])
  })
})

describe('SharedTuples', () => {
  it('hands out the last tuple while every field is the same, a new one when any differs', () => {
    const shared = new SharedTuples()
    const m = { a: 1 }
    const md = { topic: 't' }
    const t = shared.get('demo', m, 5, md)
    assert.equal(shared.get('demo', m, 5, md), t)
    assert.deepEqual([t.emitter, t.message, t.timestamp, t.metadata], ['demo', m, 5, md])
    for (const other of [
      shared.get('demo', { a: 1 }, 5, md),
      shared.get('demo', m, 6, md),
      shared.get('demo', m, 5, { topic: 't' }),
      shared.get('other', m, 5, md),
      shared.get('demo', m, 5, null),
    ])
      assert.notEqual(other, t)
  })
})
