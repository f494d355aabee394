// TDengine sink against a TDengine-REST-like HTTP listener started by the test (no TDengine server is installable
// here): the exact INSERT statements, the URL and basic auth, and how error answers are handled.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildInsert } from '../../src/connectors/tdengine/sql.js'
import { Engine } from '../../src/index.js'
import { silentLogger } from '../../src/connectors/api.js'
import { RecordingServer, waitFor } from './sink-helpers.js'

const OK = JSON.stringify({ status: 'succ', head: ['affected_rows'], data: [[1]], rows: 1 })

describe('tdengine INSERT statements', () => {
  const base = { table: 't1', tsFieldName: 'ts', provideTs: false, fields: undefined }

  it('uses now for the timestamp and every field of the row, strings quoted', () => {
    assert.equal(
      buildInsert({ temp: 20.5, name: 'a "b"', n: 3n, ok: true }, base),
      'INSERT INTO t1 (ts,n,name,ok,temp)VALUES(now,3,"a \\"b\\"",true,20.5);',
    )
  })

  it('takes the timestamp from the row with provideTs and only the listed fields', () => {
    const missing: string[] = []
    assert.equal(
      buildInsert(
        { ts: 1600000000000, temp: 1, hum: 2, x: 'y' },
        { ...base, provideTs: true, fields: ['temp', 'ts', 'hum', 'gone'] },
        (f) => void missing.push(f),
      ),
      'INSERT INTO t1 (ts,temp,hum)VALUES(1600000000000,1,2);',
    )
    assert.deepEqual(missing, ['gone'])
  })

  it('rejects empty rows and rows without the timestamp field', () => {
    assert.throws(() => buildInsert({}, base), /data is empty/)
    assert.throws(() => buildInsert({ a: 1 }, { ...base, provideTs: true }), /Timestamp field not found : ts\./)
  })
})

describe('tdengine sink', () => {
  const server = new RecordingServer()
  before(async () => {
    await server.start()
  })
  after(() => server.stop())

  it('posts one INSERT per row to /rest/sql/<database> with basic auth', async () => {
    server.requests.length = 0
    server.reply = () => ({ status: 200, body: OK })
    const engine = new Engine({ logger: silentLogger })
    engine.createStream('CREATE STREAM demo () WITH (DATASOURCE="demo", TYPE="memory", FORMAT="json")')
    await engine.createRule({
      id: 'td1',
      sql: 'SELECT * FROM demo',
      actions: [
        {
          tdengine: {
            ip: '127.0.0.1',
            port: server.port,
            database: 'db1',
            table: 'sensors',
            tsFieldName: 'ts',
            provideTs: true,
            fields: ['temperature', 'humidity'],
          },
        },
      ],
    })
    try {
      engine.publish('demo', [
        { ts: 1600000000000, temperature: 20.5, humidity: 40 },
        { ts: 1600000001000, temperature: 21, humidity: 41, ignored: 'x' },
      ])
      await waitFor(() => server.requests.length === 2, 'two statements')
    } finally {
      await engine.close()
    }
    assert.deepEqual(server.bodies, [
      'INSERT INTO sensors (ts,temperature,humidity)VALUES(1600000000000,20.5,40);',
      'INSERT INTO sensors (ts,temperature,humidity)VALUES(1600000001000,21,41);',
    ])
    const r = server.requests[0]!
    assert.equal(r.method, 'POST')
    assert.equal(r.url, '/rest/sql/db1')
    assert.equal(r.headers['authorization'], 'Basic ' + Buffer.from('root:taosdata').toString('base64'))
  })

  it('drops a statement TDengine rejects and retries when it cannot be reached', async () => {
    server.requests.length = 0
    server.reply = (r) =>
      r.body.includes('"bad"')
        ? { status: 200, body: JSON.stringify({ status: 'error', code: 534, desc: 'Syntax error in SQL' }) }
        : { status: 200, body: OK }
    const down = new RecordingServer()
    await down.start()
    await down.stop()
    const engine = new Engine({ logger: silentLogger })
    engine.createStream('CREATE STREAM demo () WITH (DATASOURCE="demo", TYPE="memory", FORMAT="json")')
    const props = (port: number) => ({
      host: '127.0.0.1',
      port,
      user: 'u',
      password: 'p',
      database: 'db',
      table: 't',
      tsFieldName: 'ts',
      retryInterval: 20,
    })
    await engine.createRule({ id: 'td2', sql: 'SELECT * FROM demo', actions: [{ tdengine: props(server.port) }] })
    await engine.createRule({ id: 'td3', sql: 'SELECT * FROM demo', actions: [{ tdengine: props(down.port) }] })
    const m = (rule: string, name: string): number =>
      Number(engine.ruleStatus(rule).metrics?.[`sink_tdengine_0_0_${name}`])
    try {
      engine.publish('demo', [{ s: 'bad' }, { s: 'good' }])
      await waitFor(() => server.requests.length === 2, 'both statements answered')
      await waitFor(() => m('td2', 'dropped_total') === 1, 'the rejected one dropped')
      await waitFor(() => m('td3', 'exceptions_total') >= 2, 'retries against the unreachable server')
      assert.equal(m('td3', 'dropped_total'), 0)
      assert.equal(m('td3', 'buffer_length'), 2, 'both results wait in the outbox')
    } finally {
      await engine.close()
    }
  })
})
