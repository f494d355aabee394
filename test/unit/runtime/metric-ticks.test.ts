// Metric ticks (runtime/metric-ticks.ts): every time comes back exactly from its tick, near the origin as a small
// integer, and far from it, or with a fraction of a ms, through the FAR tick and the exact value kept beside it.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FAR, TICK_ORIGIN, tickOf, timeOf } from '../../../src/runtime/metric-ticks.js'

describe('metric ticks', () => {
  it('keep a whole ms within ±24 days of the origin as a small integer', () => {
    for (const d of [0, 1, -1, 86_400_000, -86_400_000, 2 ** 31 - 1, -(2 ** 31) + 1]) {
      const t = TICK_ORIGIN + d
      assert.equal(tickOf(t), d)
      assert.equal(timeOf(tickOf(t), NaN), t)
    }
  })

  it('give the FAR tick for other times, whose exact value is kept beside it', () => {
    for (const t of [TICK_ORIGIN + 2 ** 31, TICK_ORIGIN - 2 ** 31, TICK_ORIGIN + 0.5, 0, Date.UTC(2020, 0, 1)]) {
      assert.equal(tickOf(t), FAR, String(t))
      assert.equal(timeOf(tickOf(t), t), t)
    }
  })
})
