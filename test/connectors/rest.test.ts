// REST sink end to end through the Engine against HTTP servers started by the test: bodies and headers, retries on
// an endpoint that is down or failing, drops of rejected messages, and the outbox surviving an engine restart.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Engine } from '../../src/index.js'
import type { ValueMap } from '../../src/index.js'
import type { ConnectorLogger } from '../../src/connectors/api.js'
import { SqliteKvStore } from '../../src/state/sqlite-kv-store.js'
import { RecordingServer, waitFor } from './sink-helpers.js'

const logs: string[] = []
const logger: ConnectorLogger = {
  debug: () => {},
  info: (m) => void logs.push(m),
  warn: (m) => void logs.push(m),
  error: (m) => void logs.push(m),
}

const STREAM = 'CREATE STREAM demo () WITH (DATASOURCE="demo", TYPE="memory", FORMAT="json")'

async function withRule(
  rest: Record<string, unknown>,
  fn: (engine: Engine, metric: (name: string) => number) => Promise<void>,
  engineOpts: ConstructorParameters<typeof Engine>[0] = {},
): Promise<void> {
  const engine = new Engine({ logger, ...engineOpts })
  engine.createStream(STREAM)
  await engine.createRule({ id: 'r1', sql: 'SELECT * FROM demo', actions: [{ rest }] })
  const metric = (name: string): number => Number(engine.ruleStatus('r1').metrics?.[`sink_rest_0_0_${name}`] ?? NaN)
  try {
    await fn(engine, metric)
  } finally {
    await engine.close()
  }
}

const publish = (engine: Engine, ...rows: ValueMap[]): void => engine.publish('demo', rows)

describe('rest sink', () => {
  const server = new RecordingServer()
  before(() => server.start())
  after(() => server.stop())

  it('posts each result as JSON by default and each row with sendSingle', async () => {
    server.requests.length = 0
    await withRule({ url: server.url + '/a', method: 'post', sendSingle: true }, async (engine) => {
      publish(engine, { n: 1 }, { n: 2, s: 'x' })
      await waitFor(() => server.requests.length === 2, 'two requests')
    })
    assert.deepEqual(server.bodies, ['{"n":1}', '{"n":2,"s":"x"}'])
    assert.equal(server.requests[0]!.method, 'POST')
    assert.equal(server.requests[0]!.url, '/a')
    assert.equal(server.requests[0]!.headers['content-type'], 'application/json')
  })

  it('sends form bodies, custom headers and the rendered dataTemplate', async () => {
    server.requests.length = 0
    const props = {
      url: server.url,
      method: 'put',
      bodyType: 'form',
      headers: { 'X-Token': 'abc', 'Content-Type': 'application/x-www-form-urlencoded' },
      dataTemplate: '{"temp":{{index . 0 "t"}},"tags":{{json (index . 0 "tags")}},"s":"a b&c"}',
    }
    await withRule(props, async (engine) => {
      publish(engine, { t: 20.5, tags: ['x', 'y'] })
      await waitFor(() => server.requests.length === 1, 'one request')
    })
    const r = server.requests[0]!
    assert.equal(r.method, 'PUT')
    assert.equal(r.body, 's=a+b%26c&tags=%5B%22x%22%2C%22y%22%5D&temp=20.5')
    assert.equal(r.headers['x-token'], 'abc')
    assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded')
  })

  it('sends no body with GET and logs responses with debugResp', async () => {
    server.requests.length = 0
    logs.length = 0
    server.reply = () => ({ status: 200, body: 'pong' })
    try {
      await withRule({ url: server.url, debugResp: true }, async (engine) => {
        publish(engine, { n: 1 })
        await waitFor(() => logs.includes('Response content: pong'), 'the response in the log')
      })
    } finally {
      server.reply = (r) => ({ status: 200, body: r.body })
    }
    assert.equal(server.requests[0]!.method, 'GET')
    assert.equal(server.requests[0]!.body, '')
  })

  it('delivers everything in order when the endpoint is down and comes back', async () => {
    const down = new RecordingServer()
    await down.start()
    try {
      await withRule({ url: down.url, method: 'post', retryInterval: 50 }, async (engine, metric) => {
        for (let n = 1; n <= 3; n++) publish(engine, { n })
        await waitFor(() => down.requests.length === 3, 'the first three')
        await down.stop()
        for (let n = 4; n <= 10; n++) publish(engine, { n })
        await waitFor(() => metric('buffer_length') === 7, 'seven results in the outbox')
        await waitFor(() => metric('exceptions_total') >= 2, 'retries')
        await down.start()
        await waitFor(() => down.requests.length === 10, 'all ten')
        // The server has seen request 10 before the sink has its reply: wait for the outbox to empty.
        await waitFor(() => metric('buffer_length') === 0 && metric('records_out_total') === 10, 'an empty outbox')
        assert.equal(metric('dropped_total'), 0)
        assert.equal(metric('records_out_total'), 10)
      })
      assert.deepEqual(
        down.bodies,
        Array.from({ length: 10 }, (_, i) => `[{"n":${i + 1}}]`),
      )
    } finally {
      await down.stop()
    }
  })

  it('retries 5xx answers and timeouts, and drops what the endpoint rejects with 4xx', async () => {
    const s = new RecordingServer()
    await s.start()
    let calls = 0
    s.reply = (r) => {
      calls++
      if (r.body.includes('"n":1') && calls <= 2) return { status: 503 }
      if (r.body.includes('"n":2') && calls <= 4) return { status: 200, delayMs: 500 }
      if (r.body.includes('"n":3')) return { status: 400 }
      return { status: 200 }
    }
    try {
      await withRule({ url: s.url, method: 'post', retryInterval: 20, timeout: 100 }, async (engine, metric) => {
        publish(engine, { n: 1 }, { n: 2 }, { n: 3 }, { n: 4 })
        await waitFor(() => s.requests.some((r) => r.body.includes('"n":4')), 'the last one')
        assert.equal(metric('dropped_total'), 1)
        assert.ok(metric('exceptions_total') >= 4, `exceptions ${metric('exceptions_total')}`)
      })
      const ns = s.requests.filter((r) => r.body !== '').map((r) => JSON.parse(r.body) as { n: number }[])
      assert.deepEqual(
        ns.map((b) => b[0]!.n).filter((n, i, a) => a.indexOf(n) === i),
        [1, 2, 4],
      )
    } finally {
      await s.stop()
    }
  })

  it('keeps undelivered results in the SQLite store across an engine restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuiper-rest-'))
    const file = join(dir, 'sqliteKV.db')
    const s = new RecordingServer()
    await s.start()
    await s.stop() // the endpoint is down, on a known port
    try {
      const store1 = new SqliteKvStore(file)
      await withRule(
        { url: s.url, method: 'post', retryInterval: 30 },
        async (engine, metric) => {
          for (let n = 1; n <= 5; n++) publish(engine, { n })
          await waitFor(() => metric('buffer_length') === 5, 'five results in the outbox')
        },
        { stateStore: store1 },
      )
      await store1.close()

      await s.start()
      const store2 = new SqliteKvStore(file)
      await withRule(
        { url: s.url, method: 'post', retryInterval: 30 },
        async (engine) => {
          publish(engine, { n: 6 })
          await waitFor(() => s.requests.length === 6, 'all six')
        },
        { stateStore: store2 },
      )
      assert.deepEqual(
        s.bodies,
        Array.from({ length: 6 }, (_, i) => `[{"n":${i + 1}}]`),
      )
      assert.deepEqual(await store2.table('sink_outbox/r1/rest_0').keys(), [])
      await store2.close()
    } finally {
      await s.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rejects invalid properties, naming them', async () => {
    const engine = new Engine({ logger })
    engine.createStream(STREAM)
    await assert.rejects(
      engine.createRule({
        id: 'bad',
        sql: 'SELECT * FROM demo',
        actions: [{ rest: { url: 'http://x', method: 'fetch' } }],
      }),
      { message: 'rest sink property method must be one of get, post, put, patch, delete, head, found "fetch"' },
    )
    await assert.rejects(
      engine.createRule({
        id: 'bad2',
        sql: 'SELECT * FROM demo',
        actions: [{ rest: { url: 'http://x', timeout: 'soon' } }],
      }),
      { message: 'rest sink property timeout must be a number of at least 0, found "soon"' },
    )
    await engine.close()
  })
})
