import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import mqtt from 'mqtt'
import type { MqttClient } from 'mqtt'
import { TEST_CONFIG, http, startKuiperd, tempBase } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'
import { MQTT_SERVER, MQTT_URL } from '../services.js'

// Per-operator traces of a rule reading MQTT (the test Mosquitto), against a real kuiperd.
const RING = 3
const TOPIC = `kuiper/trace-test/${process.pid}`
let k: Kuiperd
let publisher: MqttClient
const call = (method: string, path: string, body?: unknown) => http(k.url, method, path, body)

interface Span {
  Name: string
  TraceID: string
  SpanID: string
  ParentSpanID: string
  RuleID: string
  Attribute: Record<string, string> | null
  StartTime: string
  EndTime: string
  ChildSpan: Span[]
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await f()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const traceIds = async () => (await call('GET', '/trace/rule/traced')).json() as string[]
const recordsIn = async () =>
  ((await call('GET', '/rules/traced/status')).json() as Record<string, number>)['source_tdemo_0_records_in_total']!

/** Publishes `{"a": a}` and waits until the rule has read it. */
async function send(a: number): Promise<void> {
  const before = await recordsIn()
  await publisher.publishAsync(TOPIC, JSON.stringify({ a }), { qos: 1 })
  await until('the rule to read the message', async () => ((await recordsIn()) > before ? true : undefined))
}

/** The chain of spans from the root, following the first child. */
function chain(root: Span): Span[] {
  const out = [root]
  while (out.at(-1)!.ChildSpan.length > 0) out.push(out.at(-1)!.ChildSpan[0]!)
  return out
}

before(async () => {
  const base = tempBase()
  k = await startKuiperd({ base, config: `${TEST_CONFIG}trace:\n  ringSize: ${RING}\n` })
  writeFileSync(join(base, 'etc', 'mqtt_source.yaml'), `default:\n  servers: ["${MQTT_SERVER}"]\n`)
  publisher = await mqtt.connectAsync(MQTT_URL)
  assert.equal(
    (await call('POST', '/streams', { sql: `CREATE STREAM tdemo (a BIGINT) WITH (DATASOURCE="${TOPIC}")` })).status,
    201,
  )
  const rule = { id: 'traced', sql: 'SELECT a * 2 AS b FROM tdemo WHERE a > 0', actions: [{ log: {} }] }
  assert.equal((await call('POST', '/rules', rule)).status, 201)
  // The subscription is up once a message published now is read.
  await until('the rule to subscribe', async () => {
    await publisher.publishAsync(TOPIC, JSON.stringify({ a: -1 }), { qos: 1 })
    await new Promise((r) => setTimeout(r, 100))
    return (await recordsIn()) > 0 ? true : undefined
  })
})
after(async () => {
  await publisher?.endAsync()
  await k?.stop()
})

describe('rule traces', () => {
  it('keeps no trace until tracing starts', async () => {
    await send(5)
    assert.deepEqual(await traceIds(), [])
  })

  it("records each message's path through the operators, with each one's input, output and time", async () => {
    const started = await call('POST', '/rules/traced/trace/start', { strategy: 'always' })
    assert.equal(started.status, 200, started.text)
    await send(21)
    const ids = await until('a trace', async () => ((await traceIds()).length > 0 ? await traceIds() : undefined))
    assert.equal(ids.length, 1)
    const trace = (await call('GET', `/trace/${ids[0]}`)).json() as Span
    assert.equal(trace.TraceID, ids[0])
    assert.match(trace.TraceID, /^[0-9a-f]{32}$/)
    const spans = chain(trace)
    // source → one span per operator of the topology → the sink
    const topo = (await call('GET', '/rules/traced/topo')).json() as { edges: Record<string, string[]> }
    const ops = Object.keys(topo.edges).filter((n) => n.startsWith('op_'))
    assert.deepEqual(
      spans.map((s) => s.Name),
      ['tdemo', ...ops.map((o) => o.slice(3)), 'log_0'],
    )
    assert.deepEqual(spans[0]!.Attribute, { input: '{"a":21}', data: '{"a":21}' })
    // What each operator was given is what the one before it sent on.
    for (let i = 1; i < spans.length; i++) assert.equal(spans[i]!.Attribute!['input'], spans[i - 1]!.Attribute!['data'])
    assert.match(spans[1]!.Attribute!['input']!, /"a":21/)
    const project = spans.find((s) => s.Name === 'project')!
    assert.equal(project.Attribute!['data'], '[{"b":42}]')
    assert.equal(spans.at(-1)!.Attribute!['data'], '[{"b":42}]')
    for (let i = 1; i < spans.length; i++) {
      assert.equal(spans[i]!.ParentSpanID, spans[i - 1]!.SpanID)
      assert.equal(spans[i]!.TraceID, trace.TraceID)
      assert.equal(spans[i]!.RuleID, 'traced')
      assert.ok(Date.parse(spans[i]!.EndTime) >= Date.parse(spans[i]!.StartTime))
      assert.ok(Date.parse(spans[i]!.StartTime) >= Date.parse(spans[i - 1]!.StartTime))
    }
  })

  it('ends the path of a message the WHERE drops at the filter, with no output', async () => {
    await send(0)
    const [newest] = await traceIds()
    const spans = chain((await call('GET', `/trace/${newest}`)).json() as Span)
    const filter = spans.at(-1)!
    assert.equal(filter.Name, 'filter')
    assert.deepEqual(Object.keys(filter.Attribute!), ['input'])
    assert.match(filter.Attribute!['input']!, /"a":0/)
  })

  it(`keeps the last ${RING} traces of the rule, newest first`, async () => {
    const before = await traceIds()
    for (const a of [1, 2, 3, 4]) await send(a)
    const ids = await until('the ring to fill', async () => {
      const now = await traceIds()
      return now.length === RING && !now.includes(before[0]!) ? now : undefined
    })
    const first = (await call('GET', `/trace/${ids[0]}`)).json() as Span
    assert.equal(first.Attribute!['data'], '{"a":4}')
    assert.equal((await call('GET', `/trace/${before[0]}`)).status, 404)
  })

  it('records no trace once stopped, and keeps those it has', async () => {
    assert.equal((await call('POST', '/rules/traced/trace/stop')).status, 200)
    const kept = await traceIds()
    await send(9)
    await send(10)
    assert.deepEqual(await traceIds(), kept)
    assert.equal((await call('GET', `/trace/${kept[0]}`)).status, 200)
  })

  it('answers 404 for an unknown rule or trace, 400 for an unknown strategy', async () => {
    assert.equal((await call('POST', '/rules/nope/trace/start', { strategy: 'always' })).status, 404)
    assert.equal((await call('GET', '/trace/rule/nope')).status, 404)
    assert.equal((await call('GET', '/trace/0123456789abcdef0123456789abcdef')).status, 404)
    const bad = await call('POST', '/rules/traced/trace/start', { strategy: 'sometimes' })
    assert.equal(bad.status, 400)
    assert.match((bad.json() as { message: string }).message, /"always" or "head"/)
  })

  it('with strategy head, traces only messages that carry a trace context (MQTT 3.1.1 carries none)', async () => {
    const kept = await traceIds()
    assert.equal((await call('POST', '/rules/traced/trace/start', { strategy: 'head' })).status, 200)
    await send(11)
    assert.deepEqual(await traceIds(), kept)
    await call('POST', '/rules/traced/trace/stop')
  })

  it('drops the traces with the rule', async () => {
    const kept = await traceIds()
    assert.equal((await call('DELETE', '/rules/traced')).status, 200)
    assert.equal((await call('GET', `/trace/${kept[0]}`)).status, 404)
  })
})
