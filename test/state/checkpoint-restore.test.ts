// Rules with qos 1 and 2 resume from their last completed checkpoint: after a stop or a "crash" (the engine is
// abandoned and a new one opens the same store) the event-time window counts equal those of an uninterrupted run,
// on the memory and the SQLite store. Deleting a rule deletes its checkpoints.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Engine } from '../../src/engine.js'
import { ManualClock } from '../../src/core/manual-clock.js'
import type { SinkPayload, ValueMap } from '../../src/index.js'
import type { KvStore } from '../../src/state/kv-store.js'
import { MemoryKvStore } from '../../src/state/memory-kv-store.js'
import { SqliteKvStore } from '../../src/state/sqlite-kv-store.js'

const dir = mkdtempSync(join(tmpdir(), 'kuiper-cp-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const START = 1_600_000_000_000
const STREAM = 'CREATE STREAM demo (w BIGINT, ts BIGINT) WITH (DATASOURCE="demo", TYPE="memory", TIMESTAMP="ts")'
const SQL = 'SELECT w, count(*) AS c FROM demo GROUP BY w, TUMBLINGWINDOW(ss, 1)'

/** Seeded rows: event times 0–199 ms apart over ~20 s, then a far row that closes every window. */
function makeRows(seed: number): ValueMap[] {
  let s = seed
  const rand = (): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    return s / 0x7fffffff
  }
  const rows: ValueMap[] = []
  let ts = START
  for (let i = 0; i < 200; i++) {
    ts += Math.floor(rand() * 200)
    rows.push({ w: BigInt(Math.floor(ts / 1000)), ts: BigInt(ts) })
  }
  rows.push({ w: -1n, ts: BigInt(ts + 60_000) })
  return rows
}

interface Emission {
  readonly w: number
  readonly c: number
}

/**
 * One engine "process": a fresh clock and bus at `now`. The input log survives crashes (a durable upstream): the
 * first `published` rows are put back into the retained topic before the rule starts and rewinds into it.
 */
async function boot(store: KvStore, qos: number, log: readonly ValueMap[], out: Emission[], now: number) {
  const clock = new ManualClock(now)
  const engine = new Engine({ clock, stateStore: store })
  engine.memory.retain('demo')
  for (const r of log) engine.memory.publish('demo', r)
  engine.createStream(STREAM)
  const sink = {
    collect: (_: unknown, p: SinkPayload) => {
      for (const r of p.rows ?? []) out.push({ w: Number(r['w']), c: Number(r['c']) })
    },
  }
  await engine.createRule({
    id: 'counts',
    sql: SQL,
    actions: [{ name: 'out', sink }],
    options: { qos, checkpointInterval: 100, isEventTime: true, lateTolerance: 0 },
  })
  await engine.idle()
  return { engine, clock }
}

/**
 * Publishes the rows one by one, 37 ms of processing time apart (checkpoints every 100 ms); at each index in
 * `crashes` the engine is abandoned without stopping (or stopped, with `graceful`) and a new one takes over.
 */
async function run(
  makeStore: () => KvStore,
  qos: number,
  rows: readonly ValueMap[],
  crashes: readonly number[],
  graceful = false,
): Promise<Emission[]> {
  const out: Emission[] = []
  let store = makeStore()
  let { engine, clock } = await boot(store, qos, [], out, START)
  for (let i = 0; i < rows.length; i++) {
    if (crashes.includes(i)) {
      if (graceful) await engine.stopRule('counts')
      store = reopen(store)
      ;({ engine, clock } = await boot(store, qos, rows.slice(0, i), out, clock.now()))
    }
    engine.memory.publish('demo', rows[i]!)
    await clock.advance(37, () => engine.idle())
  }
  await clock.advance(1000, () => engine.idle())
  await engine.close()
  return out
}

function reopen(store: KvStore): KvStore {
  return store instanceof SqliteKvStore ? new SqliteKvStore(store.file) : store
}

/** Window → count, failing on a window emitted twice with different counts. */
function byWindow(out: readonly Emission[]): Map<number, number> {
  const m = new Map<number, number>()
  for (const e of out) {
    if (e.w < 0) continue
    const prev = m.get(e.w)
    assert.ok(prev === undefined || prev === e.c, `window ${e.w} counted ${prev} and ${e.c}`)
    m.set(e.w, e.c)
  }
  return m
}

const stores: [string, () => KvStore][] = [
  ['memory', () => new MemoryKvStore()],
  [
    'sqlite',
    (() => {
      let n = 0
      return () => new SqliteKvStore(join(dir, `s${n++}`, 'sqliteKV.db'))
    })(),
  ],
]

for (const [name, makeStore] of stores) {
  describe(`restore from the last completed checkpoint (${name} store)`, () => {
    const rows = makeRows(7)
    let expected: Map<number, number>

    it('runs the reference without interruption', async () => {
      expected = byWindow(await run(makeStore, 1, rows, []))
      assert.ok(expected.size >= 15)
      let total = 0
      for (const c of expected.values()) total += c
      assert.equal(total, 200)
    })

    for (const qos of [1, 2]) {
      it(`qos ${qos}: after crashes every window is there, none counted twice`, async () => {
        const got = byWindow(await run(makeStore, qos, rows, [23, 71, 72, 130, 199]))
        assert.deepEqual([...got].sort(), [...expected].sort())
      })
    }

    it('qos 1: a stopped and restarted rule resumes too', async () => {
      const got = byWindow(await run(makeStore, 1, rows, [50, 120], true))
      assert.deepEqual([...got].sort(), [...expected].sort())
    })
  })
}

describe('checkpoints of a rule', () => {
  it('reports completed checkpoints and the one it restored from', async () => {
    const clock = new ManualClock(START)
    const engine = new Engine({ clock })
    engine.memory.retain('demo')
    engine.createStream(STREAM)
    await engine.createRule({
      id: 'r',
      sql: SQL,
      actions: [{ name: 'out', sink: { collect: () => undefined } }],
      options: { qos: 2, checkpointInterval: 100, isEventTime: true },
    })
    await clock.advance(250, () => engine.idle())
    const st = engine.ruleCheckpoints('r')
    assert.equal(st?.completed, 2)
    assert.equal(st?.lastCompleted, START + 200)
    assert.deepEqual(await engine.checkpoints.list('r'), [START + 100, START + 200])
    await engine.stopRule('r')
    await engine.startRule('r')
    assert.equal(engine.ruleCheckpoints('r')?.restoredFrom, START + 200)
    await engine.close()
  })

  it('keeps the last three checkpoints', async () => {
    const clock = new ManualClock(START)
    const engine = new Engine({ clock })
    engine.createStream(STREAM)
    await engine.createRule({
      id: 'r',
      sql: SQL,
      actions: [{ name: 'out', sink: { collect: () => undefined } }],
      options: { qos: 1, checkpointInterval: 100 },
    })
    await clock.advance(1000, () => engine.idle())
    assert.deepEqual(await engine.checkpoints.list('r'), [START + 800, START + 900, START + 1000])
    await engine.close()
  })

  it('deletes them with the rule: a new rule of the same name starts empty', async () => {
    const clock = new ManualClock(START)
    const store = new MemoryKvStore()
    const engine = new Engine({ clock, stateStore: store })
    engine.createStream(STREAM)
    const def = {
      id: 'r',
      sql: SQL,
      actions: [{ name: 'out', sink: { collect: () => undefined } }],
      options: { qos: 1, checkpointInterval: 100 },
    }
    await engine.createRule(def)
    await clock.advance(300, () => engine.idle())
    assert.equal((await engine.checkpoints.list('r')).length, 3)
    await engine.deleteRule('r')
    assert.deepEqual(await engine.checkpoints.list('r'), [])
    assert.deepEqual(await store.table('checkpoint/r').keys(), [])
    await engine.createRule(def)
    assert.equal(engine.ruleCheckpoints('r')?.restoredFrom, undefined)
    await engine.close()
  })

  it('takes no checkpoints at qos 0', async () => {
    const clock = new ManualClock(START)
    const engine = new Engine({ clock })
    engine.createStream(STREAM)
    await engine.createRule({
      id: 'r',
      sql: SQL,
      actions: [{ name: 'out', sink: { collect: () => undefined } }],
      options: { qos: 0, checkpointInterval: 100 },
    })
    await clock.advance(300, () => engine.idle())
    assert.equal(engine.ruleCheckpoints('r'), undefined)
    assert.deepEqual(await engine.checkpoints.list('r'), [])
    await engine.close()
  })
})
