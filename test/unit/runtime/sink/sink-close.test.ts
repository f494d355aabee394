// A stopping sink node is bounded (issue 10): what it cannot deliver within its grace — the write that never answers
// and the items queued behind it — is saved in the outbox, and a node opened later delivers it in order.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Sink, SinkPayload } from '../../../../src/connectors/api.js'
import { outboxTableName } from '../../../../src/runtime/sink/outbox.js'
import { MemoryKvStore } from '../../../../src/state/memory-kv-store.js'
import { FlakySink, makeNode, settle } from './helpers.js'

describe('sink node stop', () => {
  it('keeps what a hanging sink did not deliver within the grace in the outbox', async () => {
    const store = new MemoryKvStore()
    const tried: string[] = []
    // A broker gone away: the publish is accepted and never answered.
    const hanging: Sink = {
      collect: (_ctx, p: SinkPayload) => {
        tried.push(p.text)
        return new Promise<void>(() => {})
      },
    }
    const h = makeNode(hanging, {}, { store, closeGrace: 50 })
    await h.node.open()
    for (let n = 1; n <= 3; n++) h.send([{ n }])
    await settle()
    assert.deepEqual(tried, ['[{"n":1}]'], 'one write in flight, two queued behind it')
    const t0 = Date.now()
    await h.node.close()
    assert.ok(Date.now() - t0 < 2000, `closed in ${Date.now() - t0} ms`)
    assert.equal((await store.table(outboxTableName('r1', 'test_0')).keys()).length, 3)
    assert.equal(h.metric('dropped_total'), 0)

    const sink = new FlakySink()
    const h2 = makeNode(sink, {}, { store })
    await h2.node.open()
    await settle()
    assert.deepEqual(sink.texts, ['[{"n":1}]', '[{"n":2}]', '[{"n":3}]'])
    await h2.node.close()
  })

  it('gives queued items the grace to be delivered before it stops', async () => {
    const sink = new FlakySink()
    let release: (() => void) | undefined
    const slow: Sink = {
      collect: (ctx, p) => {
        if (release === undefined) return new Promise<void>((r) => (release = () => r(void sink.collect(ctx, p))))
        return sink.collect(ctx, p)
      },
    }
    const h = makeNode(slow, {}, { store: new MemoryKvStore(), closeGrace: 10_000 })
    await h.node.open()
    for (let n = 1; n <= 3; n++) h.send([{ n }])
    await settle()
    const closing = h.node.close()
    await settle()
    release!()
    await closing
    assert.deepEqual(sink.texts, ['[{"n":1}]', '[{"n":2}]', '[{"n":3}]'])
    assert.equal(h.metric('records_out_total'), 3)
  })
})
