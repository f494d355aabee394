import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Barrier, QOS, toQos } from '../../../../src/runtime/checkpoint/barrier.js'
import { BarrierAligner, BarrierTracker } from '../../../../src/runtime/checkpoint/barrier-handler.js'

const b1 = new Barrier(1000)
const b2 = new Barrier(2000)

describe('BarrierTracker (qos 1)', () => {
  it('checkpoints on the only barrier of a single-input node', () => {
    assert.equal(new BarrierTracker(1).onBarrier(0, b1), true)
  })

  it('checkpoints when the last input delivers the barrier, never blocking an input', () => {
    const t = new BarrierTracker(2)
    assert.equal(t.onBarrier(0, b1), false)
    assert.equal(t.isBlocked(0), false)
    assert.equal(t.onBarrier(1, b1), true)
  })

  it('forgets older unfinished checkpoints once a newer one completes', () => {
    const t = new BarrierTracker(2)
    t.onBarrier(0, b1)
    t.onBarrier(0, b2)
    assert.equal(t.onBarrier(1, b2), true)
    // b1's count was dropped: a late b1 starts from zero again.
    assert.equal(t.onBarrier(1, b1), false)
  })
})

describe('BarrierAligner (qos 2)', () => {
  it('blocks an input after its barrier and releases what it held, in order, once aligned', () => {
    const a = new BarrierAligner(2)
    assert.equal(a.onBarrier(0, b1), false)
    assert.equal(a.isBlocked(0), true)
    assert.equal(a.isBlocked(1), false)
    a.hold(0, 'x1')
    a.hold(0, 'x2')
    assert.equal(a.held, 2)
    assert.deepEqual(a.takeReleased(), [])
    assert.equal(a.onBarrier(1, b1), true)
    assert.equal(a.isBlocked(0), false)
    assert.deepEqual(a.takeReleased(), [
      [0, 'x1'],
      [0, 'x2'],
    ])
    assert.equal(a.held, 0)
  })

  it('abandons an alignment when a newer checkpoint arrives on an input that never sent the older one', () => {
    const a = new BarrierAligner(2)
    a.onBarrier(0, b1)
    a.hold(0, 'late')
    assert.equal(a.onBarrier(1, b2), false)
    assert.deepEqual(a.takeReleased(), [[0, 'late']])
    assert.equal(a.isBlocked(0), false)
    assert.equal(a.isBlocked(1), true)
    assert.equal(a.onBarrier(0, b2), true)
  })

  it('ignores a barrier of an abandoned checkpoint', () => {
    const a = new BarrierAligner(2)
    a.onBarrier(0, b2)
    assert.equal(a.onBarrier(1, b1), false)
    assert.equal(a.isBlocked(1), false)
  })

  it('drops held entries on clear and reports how many', () => {
    const a = new BarrierAligner(3)
    a.onBarrier(0, b1)
    a.hold(0, 'x')
    assert.equal(a.clear(), 1)
    assert.equal(a.isBlocked(0), false)
  })
})

describe('toQos', () => {
  it('maps rule option qos to the three levels', () => {
    assert.equal(toQos(0), QOS.atMostOnce)
    assert.equal(toQos(1), QOS.atLeastOnce)
    assert.equal(toQos(2), QOS.exactlyOnce)
    assert.equal(toQos(5), QOS.exactlyOnce)
    assert.equal(toQos(-1), QOS.atMostOnce)
  })
})
