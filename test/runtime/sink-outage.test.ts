// A REST endpoint that goes down: with the defaults nothing is lost (the outbox is on disk, bounded by bytes, not
// by 1.0's 1024 messages); with a small byte bound the oldest are dropped and every row is either delivered or
// counted in dropped_total, exactly (issue 10). A real HTTP server on loopback, the SQLite store in a temp folder.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Engine } from '../../src/index.js'
import type { ConnectorLogger } from '../../src/connectors/api.js'
import { SqliteKvStore } from '../../src/state/sqlite-kv-store.js'
import { RecordingServer, waitFor } from '../connectors/sink-helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'kuiper-outage-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const quiet: ConnectorLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }
const STREAM = 'CREATE STREAM demo () WITH (DATASOURCE="demo", TYPE="memory", FORMAT="json")'

/** Rows published while the endpoint is down, then delivered once it is back; returns the numbers it received. */
async function outage(
  rows: number,
  engineOpts: ConstructorParameters<typeof Engine>[0],
): Promise<{ received: number[]; metric: (name: string) => number }> {
  const server = new RecordingServer()
  await server.start()
  await server.stop() // down, on a known port
  const store = new SqliteKvStore(join(dir, `${rows}-${Date.now()}.db`))
  const engine = new Engine({ logger: quiet, stateStore: store, ...engineOpts })
  engine.createStream(STREAM)
  await engine.createRule({
    id: 'r1',
    sql: 'SELECT * FROM demo',
    actions: [{ rest: { url: server.url, method: 'post', retryInterval: 20 } }],
  })
  const metric = (name: string): number => Number(engine.ruleStatus('r1').metrics?.[`sink_rest_0_0_${name}`] ?? NaN)
  try {
    for (let n = 1; n <= rows; n++) engine.publish('demo', [{ n, pad: 'x'.repeat(40) }])
    await waitFor(() => metric('records_in_total') === rows, 'every row at the sink')
    await server.start()
    await waitFor(
      () => metric('buffer_length') === 0 && metric('records_out_total') + metric('dropped_total') === rows,
      'the outbox emptied',
      60_000,
    )
    const received = server.bodies.map((b) => (JSON.parse(b) as { n: number }[])[0]!.n)
    const final = Object.fromEntries(
      ['dropped_total', 'records_out_total'].map((name) => [name, metric(name)] as const),
    ) as Record<string, number>
    return { received, metric: (name) => final[name] ?? NaN }
  } finally {
    await engine.close()
    await store.close()
    await server.stop()
  }
}

describe('sink outage', () => {
  it('loses nothing with the default bounds (2,500 rows, more than 1.0 kept)', async () => {
    const { received, metric } = await outage(2500, {})
    assert.equal(metric('dropped_total'), 0)
    assert.deepEqual(
      received,
      Array.from({ length: 2500 }, (_, i) => i + 1),
    )
  })

  it('drops the oldest past a byte bound and counts every drop exactly', async () => {
    const { received, metric } = await outage(3000, { sinkSettings: { outboxLimits: { maxBytes: 40_000 } } })
    const dropped = metric('dropped_total')
    assert.ok(dropped > 1000, `${dropped} dropped`)
    assert.equal(new Set(received).size, received.length, 'none delivered twice')
    assert.equal(received.length + dropped, 3000, 'delivered + dropped_total = published')
    assert.equal(metric('records_out_total'), received.length)
    // What is left is the newest rows, in order (the first failed attempt may still be in front of them).
    const tail = received.slice(-(received.length - 1))
    assert.deepEqual(
      tail,
      Array.from({ length: tail.length }, (_, i) => 3000 - tail.length + 1 + i),
    )
  })
})
