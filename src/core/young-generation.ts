// V8 grows its young generation (from 1 MB to 16 MB per semi-space) when many objects survive a scavenge, and
// gives the room back only once the process idles (its memory reducer): 30 MB of RSS for as long as any load runs. Two bursts of long-lived allocations trigger it without any
// data-plane need: kuiperd's start-up (modules, configuration, routes) and creating or restoring rules or streams (a
// rule's objects are all long-lived). While either goes on the young generation is held at its size (growth factor 1: V8
// also forgets the survival it counted), and given back its default growth afterwards, so under a data-plane load
// it grows as before. Measured in docs/performance.md ("Idle footprint", "Memory per rule"). A semi-space size or
// growth factor given to node is left alone.

import { setFlagsFromString } from 'node:v8'
import { compactAfterBurst, heapUsed } from './burst-compaction.js'
import { nodeFlagGiven } from './node-flags.js'

const V8_DEFAULT_GROWTH = 2
/** ms after the last rule created or started before the growth is given back (rules are often created in a row). */
export const RULE_BURST_SETTLE_MS = 2000

let holds = 0
/** Calls of letYoungGenerationGrow not yet ended: while any is, no hold applies. */
let growths = 0
/** Whether V8 was last told to hold the young generation (growth factor 1). */
let heldNow = false
let burstTimer: ReturnType<typeof setTimeout> | undefined
let userChoice: boolean | undefined

function userChose(): boolean {
  if (userChoice === undefined) {
    userChoice = nodeFlagGiven(/^--(semi-space-growth-factor|max-semi-space-size|min-semi-space-size)\b/)
  }
  return userChoice
}

/** Tells V8 the growth factor that the holds and growths in force ask for, when it changed. */
function apply(): void {
  const held = holds > 0 && growths === 0
  if (held === heldNow) return
  heldNow = held
  setFlagsFromString(`--semi-space-growth-factor=${held ? 1 : V8_DEFAULT_GROWTH}`)
}

/** Holds the young generation at its size until the returned function is called (idempotent); holds nest. */
export function holdYoungGeneration(): () => void {
  if (userChose()) return () => undefined
  holds++
  apply()
  let released = false
  return () => {
    if (released) return
    released = true
    holds--
    apply()
  }
}

/**
 * Lets the young generation grow, whatever holds it, until the returned function is called (idempotent). For a
 * burst so large that holding costs more than it saves: restoring thousands of rules at boot with the young
 * generation held promoted ~110 MB of their garbage (parsed statements, plans, REST listings), more than the 30 MB
 * the young generation grows by, and its 1,190 scavenges made most of the 40 % of the restore spent in GC
 * (docs/performance.md, "10,000 rules, restart").
 */
export function letYoungGenerationGrow(): () => void {
  if (userChose()) return () => undefined
  growths++
  apply()
  let ended = false
  return () => {
    if (ended) return
    ended = true
    growths--
    apply()
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
