// After a large burst of rule or stream creations (10,000 rules created over REST, or restored at boot), the old
// generation holds tens of MB that the burst threw away: request objects, parsed statements and plans dropped once
// a rule runs, promoted early because the young generation was held small meanwhile (young-generation.ts). V8 frees
// them only at its next major GC, which a kuiperd that then runs a light load may not reach for minutes: 10,000
// rules showed ~50 MB of such garbage (5 KB of RSS a rule) 3 s after the last create. One full GC when the burst
// has settled returns it at once; it pauses the process once, so only a burst that grew the heap by
// COMPACT_AFTER_GROWTH_BYTES does it, never a create or two.
//
// That GC also compacts the whole old generation (V8's --compact-on-every-full-gc, for this GC only). A plain full
// GC frees the garbage but keeps nearly every page it was on: the rules' objects lie between it, and V8 moves at
// most a few MB of them per GC. At 10,000 rules that left ~55 MB of committed, empty heap (5-6 KB of RSS a rule)
// for good; compacted, the pages go back to the system within a second. It costs a longer pause (objects are
// copied: ~0.2 s per 50 MB live on this machine, against ~0.07 s uncompacted).

import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { nodeFlagGiven } from './node-flags.js'

/** Heap growth over a burst above which the settled burst is followed by a full GC (~4,000 rules). */
export const COMPACT_AFTER_GROWTH_BYTES = 64 * 1024 * 1024

/** Bytes of the JS heap in use now (live objects and garbage not yet collected). */
export function heapUsed(): number {
  return getHeapStatistics().used_heap_size
}

let fullGc: (() => void) | undefined

/**
 * V8's full GC: `gc` when node was given --expose-gc, otherwise taken from a context made while the flag is on
 * (the flag is turned off again at once, so no later context or plugin sees a `gc`).
 */
function collector(): () => void {
  if (fullGc !== undefined) return fullGc
  const exposed = (globalThis as { gc?: unknown }).gc
  if (typeof exposed === 'function') return (fullGc = exposed as () => void)
  setFlagsFromString('--expose-gc')
  try {
    fullGc = runInNewContext('gc') as () => void
  } finally {
    setFlagsFromString('--no-expose-gc')
  }
  return fullGc
}

/** A burst that began when `heapUsed()` was `usedAtStart` has settled: collect its garbage if it grew the heap a lot. */
export function compactAfterBurst(usedAtStart: number, threshold = COMPACT_AFTER_GROWTH_BYTES): boolean {
  if (heapUsed() - usedAtStart < threshold) return false
  const gc = collector()
  if (nodeFlagGiven(/^--(no-)?compact-on-every-full-gc\b/)) {
    gc()
    return true
  }
  setFlagsFromString('--compact-on-every-full-gc')
  try {
    gc()
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc')
  }
  return true
}
