// newuuid()'s version 1 UUIDs (src/functions/uuid-v1.ts): the time fields are those the uuid package encodes for the
// same instant, the version and variant bits are set, and UUIDs made within one millisecond are distinct and ordered.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { v1 } from 'uuid'
import { uuidV1 } from '../../../src/functions/uuid-v1.js'

const V1 = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** The 60-bit timestamp of a v1 UUID (100 ns ticks since 1582-10-15). */
function ticksOf(u: string): bigint {
  const [low, mid, high] = u.split('-') as [string, string, string]
  return (BigInt(`0x${high.slice(1)}`) << 48n) | (BigInt(`0x${mid}`) << 32n) | BigInt(`0x${low}`)
}

describe('uuidV1', () => {
  it('encodes the time as the uuid package does', () => {
    for (const ms of [0, 1, 1_700_000_000_123, 4_102_444_800_000, Date.now() + 7]) {
      const ours = uuidV1(ms)
      const theirs = v1({ msecs: ms, nsecs: 0, clockseq: 0, node: new Uint8Array(6) })
      assert.match(ours, V1)
      assert.equal(ours.slice(0, 18), theirs.slice(0, 18), `time fields at ${ms}`)
    }
  })

  it('counts within a millisecond, keeps its node, and draws a new one when the clock goes back', () => {
    const ms = 1_800_000_000_000
    const made = Array.from({ length: 5000 }, () => uuidV1(ms))
    assert.equal(new Set(made).size, made.length)
    for (let i = 1; i < made.length; i++) assert.equal(ticksOf(made[i]!) - ticksOf(made[i - 1]!), 1n)
    assert.equal(new Set(made.map((u) => u.slice(19))).size, 1, 'one clock sequence and node')
    const node = made[0]!.slice(24)
    assert.equal(Number.parseInt(node.slice(0, 2), 16) & 1, 1, 'multicast bit of a random node id')
    const back = uuidV1(ms - 1)
    assert.notEqual(back.slice(19), made[0]!.slice(19))
  })
})
