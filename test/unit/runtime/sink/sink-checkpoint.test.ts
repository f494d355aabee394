// A checkpoint counts a sink's rows as delivered only once they are written: the sink node acknowledges a barrier
// after the sink's flush (the file sink's interval buffer) and after its outbox is saved (issue 10).

import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Engine } from '../../../../src/engine.js'
import { ManualClock } from '../../../../src/core/manual-clock.js'
import { ConnectorError } from '../../../../src/connectors/api.js'
import type { Sink, SinkPayload } from '../../../../src/connectors/api.js'
import { FileSink } from '../../../../src/connectors/file/sink.js'
import { outboxTableName } from '../../../../src/runtime/sink/outbox.js'
import type { KvStore, KvTable } from '../../../../src/state/kv-store.js'
import { MemoryKvStore } from '../../../../src/state/memory-kv-store.js'

const dir = mkdtempSync(join(tmpdir(), 'kuiper-sink-cp-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const STREAM = 'CREATE STREAM demo (n BIGINT) WITH (DATASOURCE="demo", TYPE="memory")'

/** A promise with its resolve and reject at hand. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void
  let reject!: (e: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Lets pending promise callbacks and I/O run. */
const turn = (): Promise<void> => new Promise((r) => setImmediate(r))

async function start(sink: Sink, store?: KvStore, props: Record<string, unknown> = {}) {
  const clock = new ManualClock(0)
  const engine = new Engine({ clock, ...(store !== undefined ? { stateStore: store } : {}) })
  engine.createStream(STREAM)
  await engine.createRule({
    id: 'r',
    sql: 'SELECT n FROM demo',
    actions: [{ name: 'out', sink, ...props }],
    options: { qos: 1, checkpointInterval: 100 },
  })
  return { engine, clock, status: () => engine.ruleCheckpoints('r')! }
}

describe('sink node and checkpoints', () => {
  it('acknowledges a barrier only after the sink has flushed what it buffered', async () => {
    const buffered: string[] = []
    const written: string[] = []
    let gate = deferred()
    const sink: Sink = {
      collect: (_ctx, p: SinkPayload) => void buffered.push(p.text),
      flush: async () => {
        await gate.promise
        written.push(...buffered.splice(0))
      },
    }
    const { engine, clock, status } = await start(sink)
    engine.memory.publish('demo', { n: 1n })
    await clock.advance(100) // the checkpoint's barrier reaches the sink, whose flush waits
    for (let i = 0; i < 5; i++) await turn()
    assert.equal(status().completed, 0, 'not complete while the rows are only buffered')
    gate.resolve()
    await engine.idle()
    assert.equal(status().completed, 1)
    assert.deepEqual(written, ['[{"n":1}]'])

    gate = deferred()
    gate.reject(new Error('disk full'))
    engine.memory.publish('demo', { n: 2n })
    await clock.advance(100, () => engine.idle())
    assert.equal(status().completed, 1, 'a failed flush fails the checkpoint')
    assert.equal(status().failed, 1)
    await engine.close()
  })

  it('waits for the outbox to be saved before the checkpoint completes', async () => {
    const inner = new MemoryKvStore()
    let gate = deferred()
    const gated = (t: KvTable): KvTable => ({
      ...t,
      get: (k) => t.get(k),
      set: async (k, v) => {
        await gate.promise
        await t.set(k, v)
      },
      delete: (k) => t.delete(k),
      keys: () => t.keys(),
      entries: () => t.entries(),
      clear: () => t.clear(),
      setIfAbsent: (k, v) => t.setIfAbsent(k, v),
    })
    const store: KvStore = {
      table: (name) => (name.startsWith('sink_outbox/') ? gated(inner.table(name)) : inner.table(name)),
      close: () => inner.close(),
    }
    const sink: Sink = {
      collect: () => {
        throw new ConnectorError('endpoint down', 'backoff')
      },
    }
    // Saved every minute only: the checkpoint has to save it.
    const { engine, clock, status } = await start(sink, store, { cacheSaveInterval: 60_000, retryInterval: 1_000_000 })
    engine.memory.publish('demo', { n: 1n })
    await clock.advance(100)
    for (let i = 0; i < 5; i++) await turn()
    assert.equal(status().completed, 0, 'not complete before the outbox is in the store')
    gate.resolve()
    await engine.idle()
    assert.equal(status().completed, 1)
    assert.equal((await inner.table(outboxTableName('r', 'out')).keys()).length, 1)
    gate = deferred()
    gate.resolve()
    await engine.close()
  })

  it('the file sink writes its interval buffer when flushed', async () => {
    const path = join(dir, 'out.jsonl')
    const sink = new FileSink({ path, interval: 1000 }, dir)
    const { engine, clock, status } = await start(sink)
    engine.memory.publish('demo', { n: 1n })
    engine.memory.publish('demo', { n: 2n })
    await clock.advance(100, () => engine.idle()) // the checkpoint, well before the 1 s interval
    assert.equal(status().completed, 1)
    assert.equal(readFileSync(path, 'utf8'), '[{"n":1}]\n[{"n":2}]\n')
    await engine.close()
  })
})
