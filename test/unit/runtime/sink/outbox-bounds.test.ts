// The outbox is bounded by bytes (and the free disk), keeps only a window of messages in memory, reads the rest back
// from the store in order, and counts every dropped message exactly once (issue 10).

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { ManualClock } from '../../../../src/core/manual-clock.js'
import { ConnectorError, SinkPayload } from '../../../../src/connectors/api.js'
import type { Sink } from '../../../../src/connectors/api.js'
import { Outbox } from '../../../../src/runtime/sink/outbox.js'
import { SqliteKvStore } from '../../../../src/state/sqlite-kv-store.js'
import { makeNode, settle } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'kuiper-outbox-bounds-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const payload = (n: number): SinkPayload => new SinkPayload([{ n, pad: 'x'.repeat(40) }])
const nOf = (p: SinkPayload): number => Number(p.rows![0]!['n'])

/** Takes every message out in order (as the resend loop does). */
async function drain(o: Outbox): Promise<number[]> {
  const out: number[] = []
  for (;;) {
    const e = await o.take()
    if (e === undefined) return out
    out.push(nOf(e.payload))
    o.release('delivered')
  }
}

describe('outbox bounds', () => {
  it('drops the oldest past its byte bound, counts each drop once and keeps a window in memory', async () => {
    const store = new SqliteKvStore(join(dir, 'a.db'))
    const table = store.table('sink_outbox/r/s')
    const clock = new ManualClock(0)
    const o = new Outbox({
      table,
      limits: { maxBytes: 50_000 },
      saveInterval: 1000,
      clock,
      label: 't',
      memoryWindow: 50,
    })
    let dropped = 0
    const droppedNs: number[] = []
    for (let n = 1; n <= 3000; n++) {
      for (const d of o.push(payload(n))) {
        dropped++
        if (d !== undefined) droppedNs.push(nOf(d))
      }
      if (n % 500 === 0) assert.equal(await o.flush(), true)
    }
    assert.ok(o.bytes <= 50_000, `${o.bytes} bytes`)
    assert.ok(dropped > 2000, `${dropped} dropped`)
    assert.equal(dropped + o.length, 3000, 'every message is kept or counted as dropped')
    assert.ok(o.boundText.includes('outboxMaxBytes 50000'), o.boundText)
    assert.equal(await o.flush(), true)
    assert.ok(o.inMemory <= 50, `${o.inMemory} in memory`)
    assert.equal((await table.keys()).length, o.length)

    // After a restart: the same messages, only a window of them in memory, read back in order.
    await o.close()
    const o2 = new Outbox({ table, limits: { maxBytes: 50_000 }, saveInterval: 0, clock, label: 't', memoryWindow: 50 })
    assert.equal(await o2.load(), o.length)
    assert.ok(o2.inMemory <= 50)
    const ns = await drain(o2)
    assert.deepEqual(
      ns,
      Array.from({ length: o.length }, (_, i) => 3000 - o.length + 1 + i),
      'the newest messages, in order',
    )
    await o2.close()
    assert.deepEqual(await table.keys(), [])
    await store.close()
  })

  it('never grows the disk past its share of it', () => {
    const store = new SqliteKvStore(join(dir, 'b.db'))
    const clock = new ManualClock(0)
    // 0.001 % of any disk this test runs on is already used: the outbox may hold about one message.
    const o = new Outbox({
      table: store.table('t'),
      limits: { maxBytes: 1024 ** 3, diskPath: dir, maxDiskPercent: 0.001 },
      saveInterval: 60_000,
      clock,
      label: 't',
    })
    let dropped = 0
    for (let n = 1; n <= 20; n++) dropped += o.push(payload(n)).length
    assert.ok(o.length <= 1 && dropped >= 19, `${o.length} kept, ${dropped} dropped`)
    assert.match(o.boundText, /% of the disk used/)
    void store.close()
  })

  it('does not count a message as dropped while it is being resent, and counts the drops exactly', async () => {
    let release: (() => void) | undefined
    const texts: string[] = []
    let calls = 0
    const sink: Sink = {
      collect: (_ctx, p) => {
        calls++
        if (calls === 1) return Promise.reject(new ConnectorError('down', 'backoff'))
        if (calls === 2) return new Promise<void>((r) => (release = () => (texts.push(p.text), r())))
        texts.push(p.text)
        return Promise.resolve()
      },
    }
    const h = makeNode(sink, { retryInterval: 100, cacheLength: 2 })
    await h.node.open()
    h.send([{ n: 1 }]) // fails: into the outbox
    await settle()
    await h.clock.advance(100, settle) // resent: in flight, not answered yet
    assert.ok(release !== undefined, 'the resend is in flight')
    for (let n = 2; n <= 5; n++) h.send([{ n }]) // the outbox is full: n 2 and 3 go, never n 1 in flight
    await settle()
    assert.equal(h.metric('dropped_total'), 2)
    release()
    await settle()
    assert.deepEqual(texts, ['[{"n":1}]', '[{"n":4}]', '[{"n":5}]'])
    assert.equal(h.metric('dropped_total'), 2)
    assert.equal(h.metric('records_out_total'), 3)
    await h.node.close()
  })
})
