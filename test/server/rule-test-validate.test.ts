import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TEST_CONFIG, http, startKuiperd, tempBase } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'
import { openSse } from './sse.js'

// Rule test runs and rule validation against a real kuiperd. The streams are memory streams nothing publishes to:
// a test run replaces their sources with its mock rows.
const TIME_LIMIT = 4000
const config = `${TEST_CONFIG}ruleTest:\n  timeLimit: ${TIME_LIMIT}\n  maxConcurrent: 3\n`
let k: Kuiperd
let base: string
const call = (method: string, path: string, body?: unknown) => http(k.url, method, path, body)

before(async () => {
  base = tempBase()
  k = await startKuiperd({ base, config })
  for (const sql of [
    'CREATE STREAM demo () WITH (DATASOURCE="t/demo", TYPE="memory")',
    'CREATE STREAM typed (a BIGINT) WITH (DATASOURCE="t/typed", TYPE="memory")',
    'CREATE STREAM other (n BIGINT) WITH (DATASOURCE="t/other", TYPE="memory")',
  ])
    assert.equal((await call('POST', '/streams', { sql })).status, 201)
})
after(async () => {
  await k?.stop()
})

const dataOf = (events: readonly { event: string; data: string }[]) =>
  events.filter((e) => e.event === 'data').map((e) => e.data)
const ended = (events: readonly { event: string }[]) => events.some((e) => e.event === 'end')

describe('POST /ruletest', () => {
  it('runs the SQL on the mock rows at their interval and ends once they are handled', async () => {
    const created = await call('POST', '/ruletest', {
      id: 't_done',
      sql: 'SELECT a * 10 AS b FROM demo WHERE a > 1',
      mockSource: { demo: { data: [{ a: 1 }, { a: 2 }, { a: 3 }], interval: 300, loop: false } },
    })
    assert.equal(created.status, 200, created.text)
    const body = created.json() as { id: string; port: number }
    assert.equal(body.id, 't_done')
    assert.equal(body.port, Number(new URL(k.url).port))
    const sse = await openSse(`${k.url}/ruletest/t_done/events`)
    assert.equal(sse.status, 200)
    assert.match(sse.type, /^text\/event-stream/)
    const started = Date.now()
    assert.equal((await call('POST', '/ruletest/t_done/start')).status, 200)
    const events = await sse.waitFor(ended, 8000)
    // Three rows 300 ms apart: the last is sent 900 ms after the start.
    assert.ok(Date.now() - started >= 850, `ended after ${Date.now() - started} ms`)
    assert.deepEqual(dataOf(events), ['[{"b":20}]', '[{"b":30}]'])
    assert.deepEqual(events.at(-1), { event: 'end', data: '{"reason":"done"}' })
    await sse.closed
    // The run stays readable until deleted: a late reader gets the whole backlog.
    const late = await openSse(`${k.url}/ruletest/t_done/events`)
    assert.deepEqual(dataOf(await late.waitFor(ended)), ['[{"b":20}]', '[{"b":30}]'])
    assert.equal((await call('DELETE', '/ruletest/t_done')).status, 200)
    assert.equal((await call('GET', '/ruletest/t_done/events')).status, 404)
  })

  it('loops the mock rows until deleted, applying sendSingle and dataTemplate; never listed with the rules', async () => {
    assert.equal(
      (
        await call('POST', '/ruletest', {
          id: 't_loop',
          sql: 'SELECT a FROM demo',
          mockSource: { demo: { data: [{ a: 1 }, { a: 2 }], interval: 20, loop: true } },
          sinkProps: { sendSingle: true, dataTemplate: 'a is {{.a}}' },
        })
      ).status,
      200,
    )
    const sse = await openSse(`${k.url}/ruletest/t_loop/events`)
    await call('POST', '/ruletest/t_loop/start')
    const events = await sse.waitFor((es) => dataOf(es).length >= 6)
    assert.deepEqual(dataOf(events).slice(0, 4), ['a is 1', 'a is 2', 'a is 1', 'a is 2'])
    const rules = (await call('GET', '/rules')).json() as unknown[]
    assert.deepEqual(rules, [])
    assert.equal((await call('GET', '/rules/internal-ruletest_t_loop')).status, 404)
    assert.equal((await call('DELETE', '/ruletest/t_loop')).status, 200)
    const all = await sse.waitFor(ended)
    assert.deepEqual(all.at(-1), { event: 'end', data: '{"reason":"stopped"}' })
  })

  it('keeps only the sinkProps fields of each row', async () => {
    await call('POST', '/ruletest', {
      id: 't_fields',
      sql: 'SELECT a, b FROM demo',
      mockSource: { demo: { data: [{ a: 1, b: 2 }], interval: 0 } },
      sinkProps: { fields: ['b'] },
    })
    const sse = await openSse(`${k.url}/ruletest/t_fields/events`)
    await call('POST', '/ruletest/t_fields/start')
    assert.deepEqual(dataOf(await sse.waitFor(ended)), ['[{"b":2}]'])
    await call('DELETE', '/ruletest/t_fields')
  })

  it('sends the errors of the rule as error events', async () => {
    await call('POST', '/ruletest', {
      id: 't_err',
      sql: 'SELECT 10 / a AS q FROM typed',
      mockSource: { typed: { data: [{ a: 0 }, { a: 5 }], interval: 10 } },
    })
    const sse = await openSse(`${k.url}/ruletest/t_err/events`)
    await call('POST', '/ruletest/t_err/start')
    const events = await sse.waitFor(ended)
    const errors = events.filter((e) => e.event === 'error').map((e) => JSON.parse(e.data) as { error: string })
    assert.equal(errors.length, 1, JSON.stringify(events))
    assert.match(errors[0]!.error, /divided by zero/)
    assert.deepEqual(dataOf(events), ['[{"q":2}]'])
    await call('DELETE', '/ruletest/t_err')
  })

  it('ends a test rule at its time limit', async () => {
    await call('POST', '/ruletest', {
      id: 't_limit',
      sql: 'SELECT a FROM demo',
      mockSource: { demo: { data: [{ a: 1 }], interval: 200, loop: true } },
    })
    const created = Date.now()
    const sse = await openSse(`${k.url}/ruletest/t_limit/events`)
    await call('POST', '/ruletest/t_limit/start')
    const events = await sse.waitFor(ended, TIME_LIMIT + 5000)
    assert.ok(Date.now() - created >= TIME_LIMIT - 100)
    assert.deepEqual(events.at(-1), { event: 'end', data: '{"reason":"timeout"}' })
    // Forgotten at its time limit.
    assert.equal((await call('DELETE', '/ruletest/t_limit')).status, 404)
  })

  it('refuses what cannot run with 400 and a message naming the fault', async () => {
    const cases: [unknown, RegExp][] = [
      [{ id: 'x', sql: 'SELECT FROM demo', mockSource: { demo: { data: [{ a: 1 }] } } }, /Parse SQL/],
      [{ id: 'x', sql: 'SELECT a FROM nostream', mockSource: {} }, /nostream/],
      [{ id: 'x', sql: 'SELECT a FROM demo', mockSource: { demo: { data: [] } } }, /mockSource\.demo"\.data/],
      [{ id: 'x', sql: 'SELECT a FROM demo', mockSource: { other: { data: [{ n: 1 }] } } }, /other, which the SQL/],
      [{ id: 'x', sql: 'SELECT a FROM demo', mockSource: { demo: { data: [{ a: 1 }], interval: -1 } } }, /interval/],
      [{ sql: 'SELECT a FROM demo' }, /"id"/],
      ['{', /not JSON/],
    ]
    for (const [body, message] of cases) {
      const r = await call('POST', '/ruletest', body)
      assert.equal(r.status, 400, r.text)
      assert.match((r.json() as { message: string }).message, message)
    }
    assert.equal((await call('POST', '/ruletest/nope/start')).status, 404)
    assert.equal((await call('DELETE', '/ruletest/nope')).status, 404)
    assert.equal((await call('GET', '/ruletest/nope/events')).status, 404)
  })

  it('refuses one test rule more than ruleTest.maxConcurrent with 429', async () => {
    const mk = (id: string) =>
      call('POST', '/ruletest', { id, sql: 'SELECT a FROM demo', mockSource: { demo: { data: [{ a: 1 }] } } })
    for (const id of ['c1', 'c2', 'c3']) assert.equal((await mk(id)).status, 200)
    const r = await mk('c4')
    assert.equal(r.status, 429)
    assert.match((r.json() as { message: string }).message, /at most 3/)
    // The same id replaces its run instead of adding one.
    assert.equal((await mk('c3')).status, 200)
    for (const id of ['c1', 'c2', 'c3']) await call('DELETE', `/ruletest/${id}`)
    assert.equal((await mk('c4')).status, 200)
    await call('DELETE', '/ruletest/c4')
  })

  it('never stores a test rule: a restarted kuiperd knows none', async () => {
    await call('POST', '/ruletest', {
      id: 't_kept',
      sql: 'SELECT a FROM demo',
      mockSource: { demo: { data: [{ a: 1 }], loop: true } },
    })
    await call('POST', '/ruletest/t_kept/start')
    // An open event stream does not hold up kuiperd's stop: it is ended first.
    const sse = await openSse(`${k.url}/ruletest/t_kept/events`)
    await sse.waitFor((es) => dataOf(es).length > 0)
    const stopping = Date.now()
    assert.equal(await k.stop(), 0)
    assert.ok(Date.now() - stopping < 5000, `stop took ${Date.now() - stopping} ms`)
    await sse.closed
    k = await startKuiperd({ base, config })
    assert.deepEqual((await call('GET', '/rules')).json(), [])
    assert.equal((await call('GET', '/ruletest/t_kept/events')).status, 404)
  })
})

describe('POST /rules/validate', () => {
  it('says valid for a rule that would be created, and creates nothing', async () => {
    const r = await call('POST', '/rules/validate', { sql: 'SELECT a FROM demo', actions: [{ log: {} }] })
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.json(), { valid: true })
    assert.deepEqual((await call('GET', '/rules')).json(), [])
  })

  it('gives the line and column of a syntax error, the message as 1.0 words it', async () => {
    const sql = 'SELECT a\nFROM demo\nWHERE a >'
    const r = await call('POST', '/rules/validate', { id: 'v1', sql, actions: [{ log: {} }] })
    assert.equal(r.status, 422)
    const body = r.json() as { valid: boolean; error: string; line: number; column: number }
    assert.equal(body.valid, false)
    assert.equal(body.line, 3)
    assert.ok(body.column >= 9, JSON.stringify(body))
    // The same text POST /rules answers.
    const created = await call('POST', '/rules', { id: 'v1', sql, actions: [{ log: {} }] })
    assert.equal(created.status, 400)
    assert.equal((created.json() as { message: string }).message, body.error)
    assert.deepEqual((await call('GET', '/rules')).json(), [])
  })

  it('locates an unknown function, and answers faults outside the SQL without a position', async () => {
    const r = await call('POST', '/rules/validate', { sql: 'SELECT nofunc(a) FROM demo', actions: [{ log: {} }] })
    assert.equal(r.status, 422)
    const body = r.json() as { error: string; line?: number; column?: number }
    assert.equal(body.line, 1)
    assert.equal(body.column, 8)
    const noStream = (
      await call('POST', '/rules/validate', { sql: 'SELECT a FROM nostream', actions: [{ log: {} }] })
    ).json() as { error: string; line?: number }
    assert.match(noStream.error, /nostream/)
    assert.equal(noStream.line, undefined)
    const noSink = await call('POST', '/rules/validate', { sql: 'SELECT a FROM demo', actions: [{ nosink: {} }] })
    assert.equal(noSink.status, 422)
    assert.match((noSink.json() as { error: string }).error, /sink type nosink is not found/)
  })
})
