// Incremental snapshots end to end: a checkpoint writes the rows that came since the last one, not the window's
// whole buffer; the store stays bounded across windows; and a rule restored after many incremental checkpoints
// (a hopping window, whose rows stay buffered after they are emitted) gives the results of an uninterrupted run.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { serialize } from 'node:v8'
import { Engine } from '../../src/engine.js'
import { ManualClock } from '../../src/core/manual-clock.js'
import type { SinkPayload, ValueMap } from '../../src/index.js'
import { checkpointTable } from '../../src/state/checkpoint-store.js'
import type { KvStore, KvTable } from '../../src/state/kv-store.js'
import { SqliteKvStore } from '../../src/state/sqlite-kv-store.js'
import { makeRows, START } from './window-counts.js'

const dir = mkdtempSync(join(tmpdir(), 'kuiper-incr-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const newStore = (): SqliteKvStore => new SqliteKvStore(join(dir, `s${files++}`, 'sqliteKV.db'))

/** Counts the bytes written through it (values as the store serializes them). */
class CountingStore implements KvStore {
  written = 0
  constructor(readonly inner: KvStore) {}
  table(name: string): KvTable {
    const t = this.inner.table(name)
    return {
      get: (k) => t.get(k),
      set: (k, v) => {
        this.written += serialize(v).length
        return t.set(k, v)
      },
      setIfAbsent: (k, v) => t.setIfAbsent(k, v),
      delete: (k) => t.delete(k),
      keys: () => t.keys(),
      entries: () => t.entries(),
      clear: () => t.clear(),
    }
  }
  close(): Promise<void> {
    return this.inner.close()
  }
}

async function tableBytes(store: KvStore, rule: string): Promise<{ keys: number; bytes: number }> {
  const entries = await store.table(checkpointTable(rule)).entries()
  let bytes = 0
  for (const [, v] of entries) bytes += serialize(v).length
  return { keys: entries.length, bytes }
}

describe('incremental checkpoints of a window', () => {
  it('write the rows since the last checkpoint, not the buffer, and keep the store bounded across windows', async () => {
    const clock = new ManualClock(0)
    const store = new CountingStore(newStore())
    const engine = new Engine({ clock, stateStore: store })
    engine.createStream('CREATE STREAM demo (t FLOAT, h FLOAT) WITH (DATASOURCE="demo", TYPE="memory")')
    let out = 0
    await engine.createRule({
      id: 'avg',
      sql: 'SELECT avg(t) AS t FROM demo GROUP BY TUMBLINGWINDOW(ss, 10)',
      actions: [{ name: 'out', sink: { collect: (_: unknown, p: SinkPayload) => void (out += p.rows?.length ?? 0) } }],
      options: { qos: 2, checkpointInterval: 3_600_000 },
    })
    const written: number[] = [] // bytes written by each checkpoint
    const sizes: { keys: number; bytes: number }[] = [] // the rule's table after each window
    let i = 0
    for (let w = 0; w < 12; w++) {
      // 10 checkpoints per window, 500 rows apart: the buffer grows to 5,000 rows.
      for (let c = 0; c < 10; c++) {
        for (let k = 0; k < 500; k++, i++) engine.memory.publish('demo', { t: (i % 101) / 4, h: (i * 7) % 101 })
        await clock.advance(1000, () => engine.idle())
        const before = store.written
        await engine.checkpointRule('avg')
        written.push(store.written - before)
      }
      sizes.push(await tableBytes(store, 'avg'))
    }
    assert.equal(out, 12) // each 10 s window fired once
    // The last checkpoint of a window holds 10x the rows of the first, but writes about as much.
    const firstOfWindow = written.filter((_, n) => n % 10 === 1)
    const lastOfWindow = written.filter((_, n) => n % 10 === 9)
    for (let w = 1; w < firstOfWindow.length; w++) {
      assert.ok(
        lastOfWindow[w]! < 2 * firstOfWindow[w]!,
        `window ${w}: ${firstOfWindow[w]} then ${lastOfWindow[w]} bytes`,
      )
    }
    // Bounded: windows late in the run take no more room than early ones.
    const early = Math.max(...sizes.slice(1, 4).map((s) => s.bytes))
    const late = Math.max(...sizes.slice(-4).map((s) => s.bytes))
    assert.ok(late <= early * 1.2, `table ${early} bytes early, ${late} late`)
    assert.ok(Math.max(...sizes.map((s) => s.keys)) <= 1 + 3 + 12, `keys ${sizes.map((s) => s.keys).join(' ')}`)
    await engine.close()
    await store.close()
  })
})

const STREAM = 'CREATE STREAM demo (w BIGINT, ts BIGINT) WITH (DATASOURCE="demo", TYPE="memory", TIMESTAMP="ts")'
const HOPPING =
  'SELECT min(ts) AS lo, max(ts) AS hi, count(*) AS c, sum(w) AS s FROM demo GROUP BY HOPPINGWINDOW(ss, 2, 1)'

/** One process: a fresh engine on `store`, its input log replayed into the retained topic (a durable upstream). */
async function boot(store: KvStore, published: readonly ValueMap[], out: ValueMap[], now: number) {
  const clock = new ManualClock(now)
  const engine = new Engine({ clock, stateStore: store })
  engine.memory.retain('demo')
  for (const r of published) engine.memory.publish('demo', r)
  engine.createStream(STREAM)
  await engine.createRule({
    id: 'hop',
    sql: HOPPING,
    actions: [{ name: 'out', sink: { collect: (_: unknown, p: SinkPayload) => void out.push(...(p.rows ?? [])) } }],
    options: { qos: 2, checkpointInterval: 100, isEventTime: true, lateTolerance: 0 },
  })
  await engine.idle()
  return { engine, clock }
}

/** Publishes 37 ms of processing time apart (a checkpoint every 100 ms); crashes before each index of `crashes`. */
async function run(rows: readonly ValueMap[], crashes: readonly number[]): Promise<Map<string, string>> {
  const out: ValueMap[] = []
  let store = newStore()
  let { engine, clock } = await boot(store, [], out, START)
  for (let i = 0; i < rows.length; i++) {
    if (crashes.includes(i)) {
      store = new SqliteKvStore(store.file) // the old engine is abandoned, never stopped
      ;({ engine, clock } = await boot(store, rows.slice(0, i), out, clock.now()))
    }
    engine.memory.publish('demo', rows[i]!)
    await clock.advance(37, () => engine.idle())
  }
  await clock.advance(1000, () => engine.idle())
  await engine.close()
  const byWindow = new Map<string, string>()
  for (const r of out) {
    const key = `${String(r['lo'])}-${String(r['hi'])}`
    const v = JSON.stringify(r, (_, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))
    assert.ok(!byWindow.has(key) || byWindow.get(key) === v, `window ${key}: ${byWindow.get(key)} and ${v}`)
    byWindow.set(key, v)
  }
  return byWindow
}

describe('restore after many incremental checkpoints', () => {
  it('a hopping window gives the results of an uninterrupted run, exactly once', async () => {
    const rows = makeRows(3)
    const reference = await run(rows, [])
    assert.ok(reference.size >= 20)
    const crashed = await run(rows, [40, 41, 97, 150, 151, 152, 199])
    assert.deepEqual([...crashed].sort(), [...reference].sort())
  })
})
