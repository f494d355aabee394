// A settled burst of creations that grew the heap past the threshold is followed by one full GC, which frees what
// the burst threw away; a smaller one is left to V8. Node is not given --expose-gc here: the collector is taken from
// a context made with the flag on, which no later context sees.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { getHeapSpaceStatistics } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { compactAfterBurst, heapUsed } from '../../../src/core/burst-compaction.js'

/** Allocates about `mb` MB of objects and drops them (garbage for the next major GC). */
function makeGarbage(mb: number): void {
  let rows: { readonly i: number; readonly text: string }[] | undefined = []
  for (let i = 0; i < mb * 10_000; i++) rows.push({ i, text: `row ${i}` })
  rows = undefined
}

describe('compaction after a burst', () => {
  it('collects the garbage of a burst that grew the heap past the threshold', () => {
    const start = heapUsed()
    makeGarbage(40)
    const grown = heapUsed() - start
    assert.ok(grown > 8 * 1024 * 1024, `the burst grew the heap by ${grown} bytes`)
    assert.equal(compactAfterBurst(start, 8 * 1024 * 1024), true)
    assert.ok(heapUsed() - start < grown / 2, `after the GC the heap is ${heapUsed() - start} bytes above the start`)
  })

  it('compacts the old generation: the pages the garbage was on are given back', () => {
    // A quarter of the objects stays, spread over every page the burst filled (as a rule's objects lie between the
    // requests, statements and plans its creation threw away).
    const kept: { readonly i: number; readonly text: string }[] = []
    const start = heapUsed()
    let thrown: { readonly i: number; readonly text: string }[] | undefined = []
    for (let i = 0; i < 600_000; i++) (i % 4 === 0 ? kept : thrown).push({ i, text: `row ${i}` })
    thrown = undefined
    assert.equal(compactAfterBurst(start, 8 * 1024 * 1024), true)
    const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!
    const unused = old.space_size - old.space_used_size
    // Uncompacted, about three quarters of the old space stay committed and empty
    assert.ok(
      unused < old.space_used_size / 2,
      `old space: ${old.space_used_size} bytes used, ${unused} more committed`,
    )
    assert.equal(kept.length, 150_000)
  })

  it('leaves a burst below the threshold to V8', () => {
    const start = heapUsed()
    assert.equal(compactAfterBurst(start, 1024 * 1024 * 1024), false)
  })

  it('does not leave `gc` to contexts made later', () => {
    compactAfterBurst(heapUsed(), 0)
    assert.equal(runInNewContext('typeof gc'), 'undefined')
  })
})
