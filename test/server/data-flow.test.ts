import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { http, startKuiperd, tempBase } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'

// Data without a broker: the built-in `random` source emits {"count": 5} every 50 ms (etc/sources/random.yaml of
// the test's etc dir); a rule forwards it to a memory topic that a second stream reads.
let k: Kuiperd
const call = (method: string, path: string, body?: unknown) => http(k.url, method, path, body)

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await f()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

before(async () => {
  const base = tempBase()
  mkdirSync(join(base, 'etc', 'sources'), { recursive: true })
  writeFileSync(
    join(base, 'etc', 'sources', 'random.yaml'),
    'default:\n  interval: 50\n  seed: 1\n  pattern:\n    count: 5\n',
  )
  k = await startKuiperd({ base })
})
after(async () => {
  await k?.stop()
})

describe('data through a running kuiperd', () => {
  it('moves rows from a source through a rule into a memory topic, a second stream and a query', async () => {
    assert.equal(
      (await call('POST', '/streams', { sql: 'CREATE STREAM rnd (count BIGINT) WITH (DATASOURCE="r", TYPE="random")' }))
        .status,
      201,
    )
    assert.equal(
      (await call('POST', '/streams', { sql: 'CREATE STREAM chained () WITH (DATASOURCE="chain", TYPE="memory")' }))
        .status,
      201,
    )
    const q = (await call('POST', '/query', { sql: 'SELECT count * 2 AS c FROM chained' })).json() as { id: string }
    const rule = {
      id: 'fwd',
      sql: 'SELECT count FROM rnd WHERE count = 5',
      actions: [{ memory: { topic: 'chain' } }, { log: {} }],
    }
    assert.equal((await call('POST', '/rules', rule)).status, 201)

    const results = await until('query results', async () => {
      const r = (await call('GET', `/query/${q.id}`)).json() as string[]
      return r.length > 0 ? r : undefined
    })
    assert.equal(results[0], '[{"c":10}]')

    const metrics = await until('rule metrics', async () => {
      const m = (await call('GET', '/rules/fwd/status')).json() as Record<string, number>
      return m['sink_memory_0_0_records_out_total']! > 0 ? m : undefined
    })
    assert.ok(metrics['source_rnd_0_records_in_total']! > 0)
    assert.ok(metrics['op_filter_0_records_out_total']! > 0)
    assert.equal(metrics['source_rnd_0_exceptions_total'], 0)

    assert.equal((await call('POST', '/rules/fwd/stop')).status, 200)
    const stopped = (await call('GET', '/rules/fwd/status')).text
    assert.equal(stopped, 'Stopped: canceled manually or by error.')
    assert.equal((await call('DELETE', `/query/${q.id}`)).status, 200)
  })
})
