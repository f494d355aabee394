// A tumbling window of 2,500,000 s (past 2^31 - 1 ms, where a raw Node timer overflows and fires after 1 ms)
// waits its whole length, on the system clock and on the manual clock.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { systemClock, type Clock } from '../../../../src/core/clock.js'
import { ManualClock } from '../../../../src/core/manual-clock.js'
import type { ValueMap } from '../../../../src/core/value.js'
import { Engine } from '../../../../src/engine.js'
import { PushSource } from '../../runtime/helpers.js'

const LENGTH_MS = 2_500_000 * 1000

async function longWindowRule(clock: Clock) {
  const source = new PushSource()
  const out: ValueMap[][] = []
  const engine = new Engine({ clock, sources: { push: () => source } })
  engine.createStream('CREATE STREAM s (n BIGINT) WITH (DATASOURCE="x", TYPE="push")')
  await engine.createRule({
    id: 'long',
    sql: 'SELECT count(*) AS c, collect(n) AS ns FROM s GROUP BY TUMBLINGWINDOW(ss, 2500000)',
    actions: [{ name: 'out', sink: { collect: (_c, p) => void out.push([...(p.rows ?? [])]) } }],
  })
  return { source, out, engine }
}

describe('TUMBLINGWINDOW(ss, 2500000)', () => {
  it('on the system clock emits nothing while messages arrive', async () => {
    const { source, out, engine } = await longWindowRule(systemClock)
    try {
      for (let n = 1; n <= 5; n++) {
        source.push({ n })
        await engine.idle()
        // An overflowed window timer fires after 1 ms: give it several turns to show.
        await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5))
      }
      await engine.idle()
      assert.deepEqual(out, [])
    } finally {
      await engine.close()
    }
  })

  it('on a manual clock emits one window with every message once 2,500,000 s have passed', async () => {
    const clock = new ManualClock(0)
    const { source, out, engine } = await longWindowRule(clock)
    try {
      for (let n = 1; n <= 3; n++) {
        source.push({ n })
        await clock.advance(1000, () => engine.idle())
      }
      await clock.set(LENGTH_MS - 1, () => engine.idle())
      assert.deepEqual(out, [])
      await clock.set(LENGTH_MS + 1, () => engine.idle())
      assert.deepEqual(out, [[{ c: 3n, ns: [1n, 2n, 3n] }]])
    } finally {
      await engine.close()
    }
  })
})
