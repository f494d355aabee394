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
import type { ValueMap } from '../../src/index.js'
import type { KvStore } from '../../src/state/kv-store.js'
import { MemoryKvStore } from '../../src/state/memory-kv-store.js'
import { SqliteKvStore } from '../../src/state/sqlite-kv-store.js'
import { boot, byWindow, makeRows, SQL, START, STREAM } from './window-counts.js'
import type { Emission } from './window-counts.js'

const dir = mkdtempSync(join(tmpdir(), 'kuiper-cp-'))
after(() => rmSync(dir, { recursive: true, force: true }))

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
