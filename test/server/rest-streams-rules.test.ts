import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { http, postOversized, startKuiperd } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'

let k: Kuiperd
const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  http(k.url, method, path, body, headers)

const DEMO = 'CREATE STREAM demo (temp FLOAT, room STRING) WITH (DATASOURCE="sensors/+", TYPE="memory")'
const DEFAULT_OPTIONS = {
  isEventTime: false,
  lateTolerance: 1000,
  concurrency: 1,
  bufferLength: 1024,
  sendMetaToSink: false,
  qos: 0,
  checkpointInterval: 300000,
}

function assertError(r: { status: number; type: string; json(): unknown }, status: number, code: string, msg?: RegExp) {
  assert.equal(r.status, status)
  assert.match(r.type, /application\/json/)
  const body = r.json() as { error: string; message: string }
  assert.equal(body.error, code)
  assert.equal(typeof body.message, 'string')
  if (msg !== undefined) assert.match(body.message, msg)
}

before(async () => {
  k = await startKuiperd()
})
after(async () => {
  await k?.stop()
})

describe('REST root', () => {
  it('answers GET and POST / with version, os and uptime', async () => {
    for (const method of ['GET', 'POST']) {
      const r = await call(method, '/')
      assert.equal(r.status, 200)
      const info = r.json() as Record<string, unknown>
      assert.equal(typeof info['version'], 'string')
      assert.equal(info['os'], 'linux')
      assert.equal(typeof info['upTimeSeconds'], 'number')
    }
  })

  it('answers GET /ping with 200', async () => {
    assert.equal((await call('GET', '/ping')).status, 200)
  })

  it('answers a body above the 16 MiB limit with 413 PAYLOAD_TOO_LARGE', async () => {
    assertError(await postOversized(k.url, '/streams', 16 * 1024 * 1024 + 1), 413, 'PAYLOAD_TOO_LARGE', /too large/)
    assertError(await call('GET', '/streams/big'), 404, 'NOT_FOUND')
  })

  it('answers an unknown path with the error body and 404', async () => {
    assertError(await call('GET', '/nothing/here'), 404, 'NOT_FOUND', /GET \/nothing\/here/)
  })

  it('refuses cross-origin requests by default (no basic.restAllowedOrigins; origin-policy.test.ts)', async () => {
    const r = await call('OPTIONS', '/streams', undefined, {
      origin: 'http://ui.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    })
    assertError(r, 403, 'FORBIDDEN')
    const g = await fetch(`${k.url}/streams`, { headers: { origin: 'http://ui.example' } })
    assert.equal(g.status, 403)
    assert.equal(g.headers.get('access-control-allow-origin'), null)
  })
})

describe('REST streams', () => {
  it('creates a stream with 201 and 1.0 text, lists and describes it', async () => {
    const r = await call('POST', '/streams', { sql: DEMO })
    assert.equal(r.status, 201)
    assert.match(r.type, /text\/plain/)
    assert.equal(r.text, 'Stream demo is created.')
    assert.deepEqual((await call('GET', '/streams')).json(), ['demo'])
    const d = await call('GET', '/streams/demo')
    assert.equal(d.status, 200)
    assert.deepEqual(d.json(), {
      Name: 'demo',
      StreamFields: [
        { FieldType: 'float', Name: 'temp' },
        { FieldType: 'string', Name: 'room' },
      ],
      Options: { DATASOURCE: 'sensors/+', TYPE: 'memory' },
    })
  })

  it('prints nested field types and a schemaless stream as 1.0', async () => {
    const sql =
      'CREATE STREAM nested (a ARRAY(BIGINT), s STRUCT(x STRING, y ARRAY(STRUCT(z BOOLEAN)))) WITH (DATASOURCE="n", TYPE="memory")'
    assert.equal((await call('POST', '/streams', { sql })).status, 201)
    assert.deepEqual((await call('GET', '/streams/nested')).json(), {
      Name: 'nested',
      StreamFields: [
        { FieldType: { Type: 'array', ElementType: 'bigint' }, Name: 'a' },
        {
          FieldType: {
            Type: 'struct',
            Fields: [
              { FieldType: 'string', Name: 'x' },
              {
                FieldType: {
                  Type: 'array',
                  ElementType: { Type: 'struct', Fields: [{ FieldType: 'boolean', Name: 'z' }] },
                },
                Name: 'y',
              },
            ],
          },
          Name: 's',
        },
      ],
      Options: { DATASOURCE: 'n', TYPE: 'memory' },
    })
    await call('POST', '/streams', { sql: 'CREATE STREAM free () WITH (DATASOURCE="f", TYPE="memory")' })
    assert.deepEqual((await call('GET', '/streams/free')).json(), {
      Name: 'free',
      StreamFields: null,
      Options: { DATASOURCE: 'f', TYPE: 'memory' },
    })
    assert.equal((await call('DELETE', '/streams/nested')).status, 200)
    assert.equal((await call('DELETE', '/streams/free')).status, 200)
  })

  it('runs SHOW, DESCRIBE and EXPLAIN statements posted to /streams', async () => {
    const show = await call('POST', '/streams', { sql: 'SHOW STREAMS' })
    assert.equal(show.status, 201)
    assert.equal(show.text, 'demo')
    const desc = await call('POST', '/streams', { sql: 'DESCRIBE STREAM demo' })
    assert.equal(
      desc.text,
      `Fields\n${'-'.repeat(80)}\ntemp\tfloat\nroom\tstring\n\nDATASOURCE: sensors/+\nTYPE: memory\n`,
    )
    assert.equal((await call('POST', '/streams', { sql: 'EXPLAIN STREAM demo' })).text, 'TO BE SUPPORTED')
  })

  it('rejects a duplicate stream with 400 as 1.0 (CONFLICT) and keeps the first definition', async () => {
    const r = await call('POST', '/streams', {
      sql: 'CREATE STREAM demo (x BIGINT) WITH (DATASOURCE="x", TYPE="memory")',
    })
    assertError(r, 400, 'CONFLICT', /^Create stream fails: Item demo already exists\.$/)
    const d = (await call('GET', '/streams/demo')).json() as { StreamFields: unknown[] }
    assert.equal(d.StreamFields.length, 2)
  })

  it('rejects bad SQL, a non-stream statement and a malformed body with 400', async () => {
    assertError(await call('POST', '/streams', { sql: 'CREATE STREAM (' }), 400, 'PARSE_ERROR')
    assertError(
      await call('POST', '/streams', { sql: 'SELECT * FROM demo' }),
      400,
      'BAD_REQUEST',
      /Invalid stream statement/,
    )
    assertError(await call('POST', '/streams', '{"sql": '), 400, 'BAD_REQUEST', /^Invalid body: /)
    assertError(await call('POST', '/streams', { statement: 'x' }), 400, 'BAD_REQUEST', /sql/)
    assertError(await call('POST', '/streams'), 400, 'BAD_REQUEST')
    assert.deepEqual((await call('GET', '/streams')).json(), ['demo'])
  })

  it('rejects a stream whose FORMAT is unknown with 400, naming it and the known formats', async () => {
    const r = await call('POST', '/streams', {
      sql: 'CREATE STREAM avro (x BIGINT) WITH (DATASOURCE="x", TYPE="memory", FORMAT="AVRO")',
    })
    assertError(
      r,
      400,
      'BAD_REQUEST',
      /^Create stream fails: unknown format AVRO: the known formats are BINARY, JSON\.$/,
    )
    assert.deepEqual((await call('GET', '/streams')).json(), ['demo'])
    const bin = await call('POST', '/streams', {
      sql: 'CREATE STREAM bin (self BYTEA) WITH (DATASOURCE="b", TYPE="memory", FORMAT="binary")',
    })
    assert.equal(bin.status, 201)
    assert.equal((await call('DELETE', '/streams/bin')).status, 200)
  })

  it('answers 404 for a missing stream on describe, replace and drop', async () => {
    assertError(await call('GET', '/streams/nope'), 404, 'NOT_FOUND', /^Stream nope is not found\.$/)
    assertError(await call('DELETE', '/streams/nope'), 404, 'NOT_FOUND', /nope is not found/)
    const sql = 'CREATE STREAM nope (x BIGINT) WITH (DATASOURCE="x", TYPE="memory")'
    assertError(await call('PUT', '/streams/nope', { sql }), 404, 'NOT_FOUND')
  })

  it('replaces a stream with PUT and rejects a statement naming another stream', async () => {
    await call('POST', '/streams', { sql: 'CREATE STREAM tmp (x BIGINT) WITH (DATASOURCE="x", TYPE="memory")' })
    const sql = 'CREATE STREAM tmp (x BIGINT, y STRING) WITH (DATASOURCE="y", TYPE="memory")'
    const r = await call('PUT', '/streams/tmp', { sql })
    assert.equal(r.status, 200)
    assert.equal(r.text, 'Stream tmp is replaced.')
    assert.equal(
      ((await call('GET', '/streams/tmp')).json() as { Options: { DATASOURCE: string } }).Options.DATASOURCE,
      'y',
    )
    assertError(await call('PUT', '/streams/tmp', { sql: sql.replace('tmp', 'other') }), 400, 'BAD_REQUEST')
    const d = await call('DELETE', '/streams/tmp')
    assert.equal(d.status, 200)
    assert.equal(d.text, 'Stream tmp is dropped.')
  })
})

describe('REST rules', () => {
  const rule = { id: 'r1', sql: 'SELECT temp FROM demo WHERE temp > 20', actions: [{ log: {} }] }

  it('creates a rule with 201 and starts it', async () => {
    const r = await call('POST', '/rules', rule)
    assert.equal(r.status, 201)
    assert.equal(r.text, 'Rule r1 was created successfully.')
    assert.deepEqual((await call('GET', '/rules')).json(), [{ id: 'r1', status: 'Running' }])
  })

  it('accepts a rule body sent without a JSON content type (curl -d)', async () => {
    const body = JSON.stringify({ id: 'plain', sql: 'SELECT * FROM demo', actions: [{ nop: {} }] })
    const r = await call('POST', '/rules', body, { 'content-type': 'application/x-www-form-urlencoded' })
    assert.equal(r.status, 201)
    assert.equal((await call('DELETE', '/rules/plain')).status, 200)
  })

  it('describes the rule with 1.0 defaults and triggered', async () => {
    const r = await call('GET', '/rules/r1')
    assert.equal(r.status, 200)
    assert.deepEqual(r.json(), { triggered: true, ...rule, options: DEFAULT_OPTIONS })
  })

  it('reports running status as 1.0 metrics JSON and the topology', async () => {
    const s = await call('GET', '/rules/r1/status')
    assert.equal(s.status, 200)
    assert.match(s.type, /application\/json/)
    assert.match(s.text, /^\{\n {2}"source_demo_0_records_in_total": 0,/)
    const m = s.json() as Record<string, unknown>
    assert.equal(m['op_filter_0_records_in_total'], 0)
    assert.equal(m['sink_log_0_0_records_out_total'], 0)
    assert.deepEqual((await call('GET', '/rules/r1/topo')).json(), {
      sources: ['source_demo'],
      edges: {
        source_demo: ['op_preprocessor_demo'],
        op_preprocessor_demo: ['op_filter'],
        op_filter: ['op_project'],
        op_project: ['sink_log_0'],
      },
    })
  })

  it('stops, starts and restarts with 1.0 texts; status of a stopped rule is text', async () => {
    const stop = await call('POST', '/rules/r1/stop')
    assert.equal(stop.status, 200)
    assert.equal(stop.text, 'Rule r1 was stopped.')
    const s = await call('GET', '/rules/r1/status')
    assert.match(s.type, /text\/plain/)
    assert.equal(s.text, 'Stopped: canceled manually or by error.')
    assert.equal(((await call('GET', '/rules/r1')).json() as { triggered: boolean }).triggered, false)
    const start = await call('POST', '/rules/r1/start')
    assert.equal(start.status, 200)
    assert.equal(start.text, 'Rule r1 was started')
    assert.equal(((await call('GET', '/rules/r1')).json() as { triggered: boolean }).triggered, true)
    const restart = await call('POST', '/rules/r1/restart')
    assert.equal(restart.status, 200)
    assert.equal(restart.text, 'Rule r1 was restarted')
    assert.deepEqual((await call('GET', '/rules')).json(), [{ id: 'r1', status: 'Running' }])
  })

  it('rejects a duplicate id with 400 as 1.0 (CONFLICT)', async () => {
    assertError(await call('POST', '/rules', rule), 400, 'CONFLICT', /r1 already exists/)
  })

  it('rejects bad rules with 4xx and 1.0 messages, creating nothing', async () => {
    const cases: [unknown, number, string, RegExp][] = [
      ['{"id": "x", ', 400, 'BAD_REQUEST', /^Parse rule .* error : /],
      [{ sql: 'SELECT * FROM demo', actions: [{ log: {} }] }, 400, 'BAD_REQUEST', /^Missing rule id\.$/],
      [{ id: 'x', actions: [{ log: {} }] }, 400, 'BAD_REQUEST', /^Missing rule SQL\.$/],
      [{ id: 'x', sql: 'SELECT * FROM demo' }, 400, 'BAD_REQUEST', /^Missing rule actions\.$/],
      [{ id: 'x', sql: 'SELECT * FROM demo', actions: [] }, 400, 'BAD_REQUEST', /^Missing rule actions\.$/],
      [
        { id: 'x', sql: 'SELECT FROM demo', actions: [{ log: {} }] },
        400,
        'PARSE_ERROR',
        /^Parse SQL SELECT FROM demo error: /,
      ],
      [
        { id: 'x', sql: 'SELECT nosuchfn(temp) FROM demo', actions: [{ log: {} }] },
        400,
        'VALIDATION_ERROR',
        /nosuchfn/,
      ],
      [{ id: 'x', sql: 'SELECT * FROM ghost', actions: [{ log: {} }] }, 404, 'NOT_FOUND', /fail to get stream ghost/],
      [{ id: 'x', sql: 'SELECT * FROM demo', actions: [{ teleport: {} }] }, 400, 'BAD_REQUEST', /sink type teleport/],
      [{ id: 'x', sql: 'SELECT * FROM demo', actions: [{ log: 'yes' }] }, 400, 'BAD_REQUEST', /action properties/],
      [{ id: 7, sql: 'SELECT * FROM demo', actions: [{ log: {} }] }, 400, 'BAD_REQUEST', /Rule\.id of type string/],
      [
        { id: 'x', sql: 'SELECT * FROM demo', actions: [{ log: {} }], options: { bufferLength: -1 } },
        400,
        'BAD_REQUEST',
        /^rule option bufferLength -1 is invalid, require a positive integer$/,
      ],
      [
        { id: 'x', sql: 'SELECT * FROM demo', actions: [{ log: {} }], options: { qos: 7 } },
        400,
        'BAD_REQUEST',
        /^rule option qos 7 is invalid, require an integer from 0 to 2$/,
      ],
      [
        { id: 'x', sql: 'SELECT * FROM demo', actions: [{ log: {} }], options: { isEventTime: 'yes' } },
        400,
        'BAD_REQUEST',
        /isEventTime of type bool/,
      ],
      [
        { id: 'x', sql: 'SELECT * FROM demo', actions: [{ log: {} }], options: { isEventTime: true } },
        400,
        'PLAN_ERROR',
        /TIMESTAMP not found/,
      ],
    ]
    for (const [body, status, code, msg] of cases) assertError(await call('POST', '/rules', body), status, code, msg)
    assert.deepEqual(
      ((await call('GET', '/rules')).json() as { id: string }[]).map((r) => r.id),
      ['r1'],
    )
    assertError(await call('GET', '/rules/x'), 404, 'NOT_FOUND')
  })

  it('refuses a rule whose actions or sources miss a required property, naming it, and stores nothing', async () => {
    await call('POST', '/streams', { sql: 'CREATE STREAM rnd () WITH (DATASOURCE="r", TYPE="random")' })
    const cases: [Record<string, unknown>[], string, RegExp][] = [
      [[{ mqtt: {} }], 'SELECT * FROM demo', /^mqtt sink is missing property server$/],
      [[{ log: {} }, { rest: {} }], 'SELECT * FROM demo', /^rest sink is missing property url$/],
      [
        [{ rest: { url: 'http://127.0.0.1:1/x', method: 'fetch' } }],
        'SELECT * FROM demo',
        /^rest sink property method must be one of get, .*, found "fetch"$/,
      ],
      [[{ log: { dataTemplate: '{{.temp' } }], 'SELECT * FROM demo', /^property dataTemplate \{\{\.temp is invalid/],
      // No etc/sources/random.yaml in this kuiperd's base: the random source would open with no properties.
      [[{ log: {} }], 'SELECT * FROM rnd', /^random source is missing property interval$/],
    ]
    for (const [actions, sql, msg] of cases) {
      const r = await call('POST', '/rules', { id: 'dead', sql, actions })
      assert.equal(r.status, 400, JSON.stringify(actions))
      const body = r.json() as { error: string; message: string }
      assert.match(body.message, msg)
      assert.ok(['CONFIG_ERROR', 'RULE_ERROR'].includes(body.error), body.error)
    }
    assertError(await call('GET', '/rules/dead'), 404, 'NOT_FOUND')
    assert.deepEqual(
      ((await call('GET', '/rules')).json() as { id: string }[]).map((r) => r.id),
      ['r1'],
    )
    assert.equal((await call('DELETE', '/streams/rnd')).status, 200)
  })

  it('updates a rule with PUT, keeping it running, and rejects an inconsistent id', async () => {
    const next = { id: 'r1', sql: 'SELECT room FROM demo', actions: [{ nop: {} }], options: { bufferLength: 10 } }
    const r = await call('PUT', '/rules/r1', next)
    assert.equal(r.status, 200)
    assert.equal(r.text, 'Rule r1 was updated successfully.')
    const got = (await call('GET', '/rules/r1')).json() as Record<string, unknown>
    assert.deepEqual(got, { triggered: true, ...next, options: { ...DEFAULT_OPTIONS, bufferLength: 10 } })
    assert.equal(
      ((await call('GET', '/rules/r1/status')).json() as Record<string, unknown>)['sink_nop_0_0_records_in_total'],
      0,
    )
    assertError(await call('PUT', '/rules/r1', { ...next, id: 'r2' }), 400, 'BAD_REQUEST', /^Name is not consistent/)
    assertError(await call('PUT', '/rules/r1', { ...next, sql: 'SELECT * FROM ghost' }), 404, 'NOT_FOUND')
    assertError(
      await call('PUT', '/rules/r1', { ...next, options: { qos: 3 } }),
      400,
      'BAD_REQUEST',
      /rule option qos 3/,
    )
    assertError(
      await call('PUT', '/rules/r1', { ...next, actions: [{ mqtt: { topic: 'x' } }] }),
      400,
      'CONFIG_ERROR',
      /^mqtt sink is missing property server$/,
    )
    assert.deepEqual(((await call('GET', '/rules/r1')).json() as { actions: unknown }).actions, [{ nop: {} }])
    assert.equal(((await call('GET', '/rules/r1')).json() as { options: { qos: number } }).options.qos, 0)
    assert.equal(((await call('GET', '/rules/r1')).json() as { sql: string }).sql, 'SELECT room FROM demo')
    assertError(await call('PUT', '/rules/nope', { ...next, id: 'nope' }), 404, 'NOT_FOUND')
  })

  it('answers 404 for every operation on a missing rule', async () => {
    for (const [method, path] of [
      ['GET', '/rules/nope'],
      ['DELETE', '/rules/nope'],
      ['POST', '/rules/nope/start'],
      ['POST', '/rules/nope/stop'],
      ['POST', '/rules/nope/restart'],
      ['GET', '/rules/nope/status'],
      ['GET', '/rules/nope/topo'],
    ] as const) {
      assertError(await call(method, path), 404, 'NOT_FOUND', /nope/)
    }
  })

  it('keeps a rule whose stream was dropped, reporting the start error', async () => {
    await call('POST', '/streams', { sql: 'CREATE STREAM gone (x BIGINT) WITH (DATASOURCE="g", TYPE="memory")' })
    assert.equal(
      (await call('POST', '/rules', { id: 'orphan', sql: 'SELECT x FROM gone', actions: [{ nop: {} }] })).status,
      201,
    )
    await call('POST', '/rules/orphan/stop')
    assert.equal((await call('DELETE', '/streams/gone')).status, 200)
    assertError(await call('POST', '/rules/orphan/start'), 400, 'RULE_ERROR', /fail to get stream gone/)
    assert.match((await call('GET', '/rules/orphan/status')).text, /^Stopped: fail to get stream gone/)
    assert.equal((await call('DELETE', '/rules/orphan')).status, 200)
  })

  it('drops a rule with 1.0 text', async () => {
    const r = await call('DELETE', '/rules/r1')
    assert.equal(r.status, 200)
    assert.equal(r.text, 'Rule r1 is dropped.')
    assert.deepEqual((await call('GET', '/rules')).json(), [])
  })
})
