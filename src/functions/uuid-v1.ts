// Version 1 (time-based) UUIDs for newuuid(), as the uuid package's v1() makes them without options (RFC 9562 §5.1):
// 100 ns ticks since 1582-10-15 from Date.now() plus a counter within the millisecond, a random 14-bit clock sequence
// and a random node id with the multicast bit set (no MAC address), both drawn again when the clock goes back or the
// counter runs out. Written here instead of importing the uuid package, whose 20 modules an idle kuiperd would load
// for this one function (docs/performance.md, "Idle footprint").

import { randomBytes } from 'node:crypto'

/** ms from the Gregorian epoch (1582-10-15) to the Unix epoch. */
const GREGORIAN_OFFSET_MS = 12_219_292_800_000
/** 100 ns ticks in a millisecond: the counter's room within one Date.now() value. */
const TICKS_PER_MS = 10_000

let lastMs = -Infinity
let ticks = 0
let clockSeq = 0
let node: Uint8Array | undefined

function newNodeAndClockSeq(): Uint8Array {
  const r = randomBytes(8)
  clockSeq = ((r[0]! << 8) | r[1]!) & 0x3fff
  const id = r.subarray(2, 8)
  id[0]! |= 0x01
  return id
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** A new version 1 UUID, `xxxxxxxx-xxxx-1xxx-yxxx-xxxxxxxxxxxx` (y: 8–b, the RFC variant). */
export function uuidV1(now: number = Date.now()): string {
  if (now === lastMs) {
    if (++ticks >= TICKS_PER_MS) {
      node = undefined
      ticks = 0
    }
  } else if (now > lastMs) ticks = 0
  else node = undefined
  node ??= newNodeAndClockSeq()
  lastMs = now

  const ms = now + GREGORIAN_OFFSET_MS
  // 60-bit timestamp split without 64-bit integers: the low 28 bits of ms × 10,000 + ticks, and the rest.
  const t = (ms % 0x10000000) * TICKS_PER_MS + ticks
  const timeLow = t >>> 0
  const timeHigh = (Math.floor(ms / 0x10000000) * 625 + Math.floor(t / 0x100000000)) & 0xfffffff
  const b = [
    (timeLow >>> 24) & 0xff,
    (timeLow >>> 16) & 0xff,
    (timeLow >>> 8) & 0xff,
    timeLow & 0xff,
    (timeHigh >>> 8) & 0xff,
    timeHigh & 0xff,
    ((timeHigh >>> 24) & 0x0f) | 0x10,
    (timeHigh >>> 16) & 0xff,
    (clockSeq >>> 8) | 0x80,
    clockSeq & 0xff,
    ...node,
  ].map((x) => HEX[x]!)
  return `${b.slice(0, 4).join('')}-${b.slice(4, 6).join('')}-${b.slice(6, 8).join('')}-${b.slice(8, 10).join('')}-${b.slice(10).join('')}`
}
