// V8 grows its young generation (from 1 MB to 16 MB per semi-space) when many objects survive a scavenge, and
// never gives the room back: 30 MB of RSS for good. Two bursts of long-lived allocations trigger it without any
// data-plane need: kuiperd's start-up (modules, configuration, routes) and creating or restoring rules or streams (a
// rule's objects are all long-lived). While either goes on the young generation is held at its size (growth factor 1: V8
// also forgets the survival it counted), and given back its default growth afterwards, so under a data-plane load
// it grows as before. Measured in docs/performance.md ("Idle footprint", "Memory per rule"). A semi-space size or
// growth factor given to node is left alone.

import { setFlagsFromString } from 'node:v8'
import { compactAfterBurst, heapUsed } from './burst-compaction.js'

const V8_DEFAULT_GROWTH = 2
/** ms after the last rule created or started before the growth is given back (rules are often created in a row). */
export const RULE_BURST_SETTLE_MS = 2000

let holds = 0
let burstTimer: ReturnType<typeof setTimeout> | undefined
let userChoice: boolean | undefined

function userChose(): boolean {
  if (userChoice === undefined) {
    const opts = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)]
    userChoice = opts.some((o) => /^--(semi-space-growth-factor|max-semi-space-size|min-semi-space-size)\b/.test(o))
  }
  return userChoice
}

/** Holds the young generation at its size until the returned function is called (idempotent); holds nest. */
export function holdYoungGeneration(): () => void {
  if (userChose()) return () => undefined
  if (holds++ === 0) setFlagsFromString('--semi-space-growth-factor=1')
  let released = false
  return () => {
    if (released) return
    released = true
    if (--holds === 0) setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH}`)
  }
}

let releaseBurst: (() => void) | undefined
let burstAt = 0
/** heapUsed() when the current burst began (undefined between bursts). */
let heapAtBurstStart: number | undefined

/**
 * A rule or stream is being created or started: the young generation is held until RULE_BURST_SETTLE_MS after the
 * last call; then, if the burst grew the heap a lot, its garbage is collected at once (burst-compaction.ts). Cheap
 * enough to call per rule (the timer is re-armed at most every 100 ms).
 */
export function youngGenerationBurst(): void {
  if (!userChose()) releaseBurst ??= holdYoungGeneration()
  heapAtBurstStart ??= heapUsed()
  const now = Date.now()
  if (burstTimer !== undefined && now - burstAt < 100) return
  burstAt = now
  if (burstTimer !== undefined) clearTimeout(burstTimer)
  burstTimer = setTimeout(() => {
    burstTimer = undefined
    releaseBurst?.()
    releaseBurst = undefined
    const start = heapAtBurstStart
    heapAtBurstStart = undefined
    if (start !== undefined) compactAfterBurst(start)
  }, RULE_BURST_SETTLE_MS)
  burstTimer.unref()
}
