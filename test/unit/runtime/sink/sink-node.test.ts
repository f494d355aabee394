import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ErrorItem } from '../../../../src/core/collection.js'
import { ConnectorError } from '../../../../src/connectors/api.js'
import type { SinkPayload } from '../../../../src/connectors/api.js'
import { MemoryKvStore } from '../../../../src/state/memory-kv-store.js'
import { FlakySink, logs, makeNode, settle } from './helpers.js'

describe('sink node delivery', () => {
  it('hands a synchronous sink every result and counts records in and out', async () => {
    const texts: string[] = []
    const h = makeNode({ collect: (_c, p: SinkPayload) => void texts.push(p.text) }, {})
    await h.node.open()
    h.send([{ a: 1n }])
    h.node.receive(new ErrorItem(new Error('bad "x"')))
    assert.deepEqual(texts, ['[{"a":1}]', '[{"error":"bad "x""}]'])
    assert.equal(h.metric('records_in_total'), 2)
    assert.equal(h.metric('records_out_total'), 2)
    assert.equal(h.metric('dropped_total'), 0)
    await h.node.close()
  })

  it('applies sendSingle, dataTemplate and omitIfEmpty before the sink', async () => {
    const texts: string[] = []
    const h = makeNode(
      { collect: (_c, p: SinkPayload) => void texts.push(p.text) },
      { sendSingle: true, dataTemplate: '{{.a}}-{{.b}}', omitIfEmpty: true },
    )
    await h.node.open()
    h.send([{ a: 1000000n, b: 'x' }, { a: 2.5 }])
    h.send([{}])
    assert.deepEqual(texts, ['1e+06-x', '2.5-<no value>'])
    assert.equal(h.metric('records_in_total'), 2)
    assert.equal(h.metric('records_out_total'), 2)
    await h.node.close()
  })

  it('keeps failed messages in the outbox and resends them in order when the sink is back', async () => {
    const sink = new FlakySink()
    const h = makeNode(sink, { retryInterval: 100 })
    await h.node.open()
    h.send([{ n: 1 }])
    await settle()
    sink.up = false
    for (let n = 2; n <= 5; n++) h.send([{ n }])
    await settle()
    assert.equal(h.node.queued, 4, 'four messages wait in the outbox')
    assert.equal(h.metric('buffer_length'), 4)
    await h.clock.advance(100, settle) // one more failed attempt of the head
    sink.up = true
    h.send([{ n: 6 }])
    await h.clock.advance(100, settle)
    assert.deepEqual(sink.texts, ['[{"n":1}]', '[{"n":2}]', '[{"n":3}]', '[{"n":4}]', '[{"n":5}]', '[{"n":6}]'])
    assert.equal(h.metric('exceptions_total'), 2, 'each failed attempt is an exception, as in 1.0')
    assert.equal(h.metric('records_out_total'), 6)
    assert.equal(h.node.queued, 0)
    await h.node.close()
  })

  it('drops the oldest messages when the cache is full, counts and logs the drops', async () => {
    logs.length = 0
    const sink = new FlakySink()
    sink.up = false
    const h = makeNode(sink, { retryInterval: 1000, cacheLength: 3 })
    await h.node.open()
    for (let n = 1; n <= 6; n++) h.send([{ n }])
    await settle()
    assert.equal(h.metric('dropped_total'), 3)
    assert.equal(h.node.dropped, 3)
    assert.equal(logs.filter((l) => l.includes('dropped')).length, 1, 'logged once per interval')
    assert.match(
      logs.find((l) => l.includes('dropped'))!,
      /sink cache is full \(cacheLength 3\)/,
    )
    sink.up = true
    await h.clock.advance(1000, settle)
    assert.deepEqual(sink.texts, ['[{"n":4}]', '[{"n":5}]', '[{"n":6}]'])
    await h.node.close()
    assert.ok(
      logs.some((l) => l.includes('2 more messages dropped')),
      'the rest is summarised on close',
    )
  })

  it('drops a message at once when retryInterval is 0', async () => {
    const sink = new FlakySink()
    sink.up = false
    const h = makeNode(sink, { retryInterval: 0 })
    await h.node.open()
    h.send([{ n: 1 }])
    await settle()
    sink.up = true
    h.send([{ n: 2 }])
    await settle()
    assert.deepEqual(sink.texts, ['[{"n":2}]'])
    assert.equal(h.metric('dropped_total'), 1)
    assert.equal(h.metric('exceptions_total'), 1)
    await h.node.close()
  })

  it('gives up on a message after retryCount retries', async () => {
    const sink = new FlakySink()
    sink.up = false
    const h = makeNode(sink, { retryInterval: 10, retryCount: 2 })
    await h.node.open()
    h.send([{ n: 1 }])
    await settle()
    await h.clock.advance(10, settle)
    await h.clock.advance(10, settle)
    assert.equal(sink.attempts, 3)
    assert.equal(h.metric('dropped_total'), 1)
    assert.equal(h.node.queued, 0)
    await h.clock.advance(100, settle)
    assert.equal(sink.attempts, 3, 'no more attempts')
    await h.node.close()
  })

  it('drops a message the endpoint rejects for good and delivers the next one', async () => {
    let first = true
    const texts: string[] = []
    const h = makeNode(
      {
        collect: async (_c, p: SinkPayload) => {
          if (first) {
            first = false
            throw new ConnectorError('bad request', 'none')
          }
          texts.push(p.text)
        },
      },
      { retryInterval: 10 },
    )
    await h.node.open()
    h.send([{ n: 1 }])
    h.send([{ n: 2 }])
    await settle()
    assert.deepEqual(texts, ['[{"n":2}]'])
    assert.equal(h.metric('dropped_total'), 1)
    await h.node.close()
  })

  it('retries in place without an outbox (cacheLength 0), holding later results back', async () => {
    const sink = new FlakySink()
    sink.up = false
    const h = makeNode(sink, { retryInterval: 50, cacheLength: 0 })
    await h.node.open()
    h.send([{ n: 1 }])
    h.send([{ n: 2 }])
    await settle()
    assert.equal(sink.attempts, 1, 'the second result waits in the queue')
    assert.equal(h.node.queued, 1)
    await h.clock.advance(50, settle)
    assert.equal(sink.attempts, 2)
    sink.up = true
    await h.clock.advance(50, settle)
    await h.activity.idle()
    assert.deepEqual(sink.texts, ['[{"n":1}]', '[{"n":2}]'])
    await h.node.close()
  })

  it('keeps the outbox across a restart of the node', async () => {
    const store = new MemoryKvStore()
    const sink = new FlakySink()
    sink.up = false
    const h1 = makeNode(sink, { retryInterval: 1000, cacheSaveInterval: 500 }, { store })
    await h1.node.open()
    h1.send([{ n: 1 }, { n: 2 }])
    h1.send([{ n: 3 }])
    await settle()
    await h1.node.close()

    sink.up = true
    const h2 = makeNode(sink, { retryInterval: 1000 }, { store })
    await h2.node.open()
    await settle()
    assert.deepEqual(sink.texts, ['[{"n":1},{"n":2}]', '[{"n":3}]'])
    assert.equal(h2.metric('records_out_total'), 2)
    await h2.node.close()
    assert.deepEqual(await store.table('sink_outbox/r1/test_0').keys(), [], 'delivered messages leave the store')
  })

  it('fails to open with an invalid dataTemplate, with 1.0 words', async () => {
    const h = makeNode(new FlakySink(), { dataTemplate: '{{.a' })
    await assert.rejects(h.node.open(), {
      message: 'property dataTemplate {{.a is invalid: template: sink:1: unclosed action',
    })
  })
})
