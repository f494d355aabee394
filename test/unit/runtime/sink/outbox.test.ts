import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ManualClock } from '../../../../src/core/manual-clock.js'
import { SinkPayload } from '../../../../src/connectors/api.js'
import { dropOutbox, Outbox, outboxTableName } from '../../../../src/runtime/sink/outbox.js'
import { MemoryKvStore } from '../../../../src/state/memory-kv-store.js'
import { SqliteKvStore } from '../../../../src/state/sqlite-kv-store.js'
import type { KvStore } from '../../../../src/state/kv-store.js'

const texts = (o: Outbox): string[] => {
  const out: string[] = []
  while (o.length > 0) {
    out.push(o.peek()!.payload.text)
    o.shift()
  }
  return out
}

function stores(): [string, () => KvStore, () => void][] {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-outbox-'))
  return [
    ['memory', () => new MemoryKvStore(), () => {}],
    ['sqlite', () => new SqliteKvStore(join(dir, 'kv.db')), () => rmSync(dir, { recursive: true, force: true })],
  ]
}

describe('sink outbox', () => {
  it('drops the oldest message when full', () => {
    const o = new Outbox({ table: undefined, maxMessages: 2, saveInterval: 0, clock: new ManualClock(0), label: 't' })
    assert.deepEqual(o.push(new SinkPayload([{ n: 1n }])), [])
    o.push(new SinkPayload([{ n: 2n }]))
    const dropped = o.push(new SinkPayload([{ n: 3n }]))
    assert.deepEqual(
      dropped.map((p) => p?.text),
      ['[{"n":1}]'],
    )
    assert.deepEqual(texts(o), ['[{"n":2}]', '[{"n":3}]'])
  })

  for (const [name, open, cleanup] of stores()) {
    it(`saves and reloads messages with their types (${name} store)`, async () => {
      const store = open()
      try {
        const table = store.table(outboxTableName('r', 's'))
        const o1 = new Outbox({ table: table, maxMessages: 10, saveInterval: 0, clock: new ManualClock(0), label: 't' })
        o1.push(new SinkPayload([{ n: 1n, t: new Date(5), b: new Uint8Array([1, 2]) }]))
        o1.push(new SinkPayload(undefined, 'an error'))
        o1.push(new SinkPayload([{ a: 1 }], undefined, 'rendered', true))
        o1.push(new SinkPayload([{ a: 2 }], undefined, '{"a":2}'))
        o1.shift()
        await o1.close()
        assert.equal((await table.keys()).length, 3)

        const o2 = new Outbox({ table: table, maxMessages: 10, saveInterval: 0, clock: new ManualClock(0), label: 't' })
        assert.equal(await o2.load(), 3)
        const e = o2.peek()!.payload
        assert.equal(e.error, 'an error')
        o2.shift()
        const r = o2.peek()!.payload
        assert.equal(r.text, 'rendered')
        assert.equal(r.templated, true)
        o2.shift()
        assert.equal(o2.peek()!.payload.presetText, '{"a":2}')
        o2.push(new SinkPayload([{ n: 2n }]))
        o2.shift()
        await o2.close()
        const o3 = new Outbox({ table: table, maxMessages: 10, saveInterval: 0, clock: new ManualClock(0), label: 't' })
        await o3.load()
        assert.deepEqual(texts(o3), ['[{"n":2}]'], 'sequence numbers continue after a reload')
        await dropOutbox(store, 'r', 's')
        assert.deepEqual(await table.keys(), [])
      } finally {
        await store.close()
        cleanup()
      }
    })
  }

  it('saves every cacheSaveInterval ms, not on each change', async () => {
    const store = new MemoryKvStore()
    const table = store.table('t')
    const clock = new ManualClock(0)
    const o = new Outbox({ table: table, maxMessages: 10, saveInterval: 1000, clock: clock, label: 't' })
    o.push(new SinkPayload([{ n: 1n }]))
    o.push(new SinkPayload([{ n: 2n }]))
    assert.deepEqual(await table.keys(), [])
    await clock.advance(1000)
    await new Promise((r) => setImmediate(r))
    assert.equal((await table.keys()).length, 2)
    o.shift()
    await clock.advance(1000)
    await new Promise((r) => setImmediate(r))
    assert.equal((await table.keys()).length, 1)
  })
})
