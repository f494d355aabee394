// EdgeX source and sink end to end through the Engine, over Mosquitto, Redis Streams (test/services.ts: the test
// runner's or the machine's) and ZeroMQ, with a core-data value-descriptor server started by the test.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import mqtt from 'mqtt'
import type { MqttClient } from 'mqtt'
import { Redis } from 'ioredis'
import type { ConnectorLogger } from '../../src/connectors/api.js'
import { Engine } from '../../src/index.js'
import type { ValueMap } from '../../src/index.js'
import {
  envelopeJson,
  eventJson,
  freePort,
  recorder,
  tempEtc,
  uniqueTopic,
  valueDescriptorServer,
  waitFor,
} from './edgex-helpers.js'
import { MQTT_PORT, MQTT_URL, REDIS_PORT, SERVICE_HOST } from '../services.js'

const DESCRIPTORS = {
  temperature: 'Int64',
  humidity: 'Float64',
  alarm: 'Bool',
  levels: 'INT8ARRAY',
  weights: 'Float32Array',
  counter: 'UINT64',
  label: 'String',
}

let vds: Awaited<ReturnType<typeof valueDescriptorServer>>
let client: MqttClient
let redis: Redis
const warnings: string[] = []
const logger: ConnectorLogger = {
  debug: () => {},
  info: () => {},
  warn: (m: string) => void warnings.push(m),
  error: (m: string) => void warnings.push(m),
}

before(async () => {
  vds = await valueDescriptorServer(DESCRIPTORS)
  client = await mqtt.connectAsync(MQTT_URL, { connectTimeout: 5000 })
  redis = new Redis({ host: SERVICE_HOST, port: REDIS_PORT, maxRetriesPerRequest: 3 })
})

after(async () => {
  await client.endAsync()
  redis.disconnect()
  await vds.close()
})

/** An engine whose etc/sources/edgex.yaml default section is `conf`. */
async function withEngine(conf: Record<string, unknown>, fn: (engine: Engine) => Promise<void>): Promise<void> {
  const yaml = `default:\n${Object.entries({ serviceServer: vds.url, ...conf })
    .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
    .join('\n')}\n`
  const etc = tempEtc('edgex', yaml)
  const engine = new Engine({ logger, sourceProfiles: etc.profiles })
  try {
    await fn(engine)
  } finally {
    await engine.close()
    etc.remove()
  }
}

const READINGS = [
  { name: 'temperature', value: '21', created: 11, device: 'thermo', id: 'r1', origin: 'BIG' },
  { name: 'humidity', value: 'QEWAAAAAAAA=' }, // Float64 base64: 43.0
  { name: 'alarm', value: 'true' },
  { name: 'levels', value: '[1,-2,3]' },
  { name: 'weights', value: '["fwtOaw==", "QEgAAA=="]' },
  { name: 'counter', value: '18446744073709551615' },
  { name: 'label', value: 'room <1>' },
]

function checkTypedRow(row: ValueMap | undefined): void {
  assert.ok(row !== undefined)
  assert.equal(row['temperature'], 21n)
  assert.equal(row['humidity'], 43)
  assert.equal(row['alarm'], true)
  assert.deepEqual(row['levels'], [1n, -2n, 3n])
  assert.deepEqual(row['weights'], [1.851698607868966e38, 3.125])
  assert.equal(row['counter'], 18446744073709551615n)
  assert.equal(row['label'], 'room <1>')
}

const TYPED_SQL =
  'SELECT temperature, humidity, alarm, levels, weights, counter, label, meta(device) AS dev, meta(id) AS eid, ' +
  'meta(correlationid) AS corr, meta(temperature->created) AS tc, meta(temperature->origin) AS torigin FROM demo'

describe('EdgeX source over MQTT (Mosquitto)', () => {
  it('decodes an event envelope into typed fields with EdgeX metadata', async () => {
    const topic = uniqueTopic('events')
    await withEngine({ type: 'mqtt', server: SERVICE_HOST, port: MQTT_PORT, topic }, async (engine) => {
      engine.createStream('CREATE STREAM demo () WITH (FORMAT="JSON", TYPE="edgex")')
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: TYPED_SQL, actions: [rec.action] })
      // An int64 origin above 2^53, written as JSON number text.
      const event = eventJson('thermo-1', READINGS).replace('"origin":"BIG"', '"origin":9007199254740993')
      await client.publishAsync(topic, envelopeJson(event), { qos: 1 })
      await waitFor(() => rec.rows.length === 1, 'the decoded event')
      const row = rec.rows[0]
      checkTypedRow(row)
      assert.equal(row?.['dev'], 'thermo-1')
      assert.equal(row?.['eid'], 'ev1')
      assert.equal(row?.['corr'], 'corr-1')
      assert.equal(row?.['tc'], 11n)
      assert.equal(row?.['torigin'], 9007199254740993n) // above 2^53: kept exact
    })
  })

  it('types a schema stream and filters on the decoded values', async () => {
    const topic = uniqueTopic('schema')
    await withEngine({ type: 'mqtt', server: SERVICE_HOST, port: MQTT_PORT, topic }, async (engine) => {
      engine.createStream('CREATE STREAM demo (temperature BIGINT, humidity FLOAT) WITH (FORMAT="JSON", TYPE="edgex")')
      const rec = recorder()
      await engine.createRule({
        id: 'r',
        sql: 'SELECT temperature FROM demo WHERE humidity > 50',
        actions: [rec.action],
      })
      const ev = (t: string, h: string): string =>
        envelopeJson(
          eventJson('d', [
            { name: 'temperature', value: t },
            { name: 'humidity', value: h },
          ]),
        )
      await client.publishAsync(topic, ev('20', '40.5'), { qos: 1 })
      await client.publishAsync(topic, ev('30', '60.25'), { qos: 1 })
      await waitFor(() => rec.rows.length === 1, 'the filtered row')
      assert.deepEqual(rec.rows, [{ temperature: 30n }])
    })
  })

  it('counts malformed envelopes and events as exceptions and keeps the rule running', async () => {
    const topic = uniqueTopic('bad')
    await withEngine({ type: 'mqtt', server: SERVICE_HOST, port: MQTT_PORT, topic }, async (engine) => {
      engine.createStream('CREATE STREAM demo () WITH (FORMAT="JSON", TYPE="edgex")')
      const rec = recorder()
      await engine.createRule({ id: 'bad', sql: 'SELECT temperature FROM demo', actions: [rec.action] })
      const bad = [
        'not json', // not an envelope
        envelopeJson('{"device": "d", "readings": '), // truncated event
        envelopeJson(eventJson('d', [{ name: 'temperature', value: '1' }]), 'application/cbor'), // unsupported type
        envelopeJson(eventJson('d', [{ name: 'temperature', value: 'hot' }])), // no reading converts
      ]
      for (const p of bad) await client.publishAsync(topic, p, { qos: 1 })
      await client.publishAsync(topic, envelopeJson(eventJson('d', [{ name: 'temperature', value: '5' }])), { qos: 1 })
      await waitFor(() => rec.rows.length === 1, 'the valid event')
      const st = engine.ruleStatus('bad')
      assert.equal(st.status, 'Running')
      assert.equal(st.metrics?.['source_demo_0_exceptions_total'], 4)
      assert.deepEqual(rec.rows, [{ temperature: 5n }])
    })
  })

  it('drops readings without a value descriptor, using the Hanoi valueType when the reading has one', async () => {
    const topic = uniqueTopic('unknown')
    await withEngine({ type: 'mqtt', server: SERVICE_HOST, port: MQTT_PORT, topic }, async (engine) => {
      engine.createStream('CREATE STREAM demo () WITH (FORMAT="JSON", TYPE="edgex")')
      const rec = recorder()
      await engine.createRule({ id: 'u', sql: 'SELECT * FROM demo', actions: [rec.action] })
      const readings = [
        { name: 'temperature', value: '7' },
        { name: 'mystery', value: 'x' },
        { name: 'pressure', value: '[1.5, 2]', valueType: 'Float64Array' },
      ]
      await client.publishAsync(topic, envelopeJson(eventJson('d', readings)), { qos: 1 })
      await waitFor(() => rec.rows.length === 1, 'the event')
      assert.deepEqual(rec.rows[0], { temperature: 7n, pressure: [1.5, 2] })
    })
  })

  it('fails the rule start without a serviceServer, naming the property', async () => {
    const etc = tempEtc('edgex', `default:\n  type: mqtt\n  port: ${MQTT_PORT}\n`)
    const engine = new Engine({ logger, sourceProfiles: etc.profiles })
    try {
      engine.createStream('CREATE STREAM demo () WITH (FORMAT="JSON", TYPE="edgex")')
      await assert.rejects(
        engine.createRule({ id: 'n', sql: 'SELECT * FROM demo', actions: [{ log: {} }] }),
        /edgex source is missing property serviceServer/,
      )
    } finally {
      await engine.close()
      etc.remove()
    }
  })

  it('fails the rule start when the bus cannot be reached', async () => {
    const port = await freePort()
    await withEngine({ type: 'mqtt', server: '127.0.0.1', port, topic: 'x' }, async (engine) => {
      engine.createStream('CREATE STREAM demo () WITH (FORMAT="JSON", TYPE="edgex")')
      await assert.rejects(
        engine.createRule({ id: 'n', sql: 'SELECT * FROM demo', actions: [{ log: {} }] }),
        /Failed to connect to edgex message bus/,
      )
    })
  })
})

describe('EdgeX sink', () => {
  it('publishes an EdgeX event envelope over MQTT with metadata and deviceName', async () => {
    const topic = uniqueTopic('sink')
    await withEngine({}, async (engine) => {
      engine.createStream(
        'CREATE STREAM mem (temperature BIGINT, humidity FLOAT) WITH (DATASOURCE="in", TYPE="memory")',
      )
      await engine.createRule({
        id: 's',
        sql: 'SELECT temperature, humidity FROM mem',
        actions: [
          {
            edgex: {
              type: 'mqtt',
              protocol: 'tcp',
              host: SERVICE_HOST,
              port: MQTT_PORT,
              topic,
              deviceName: 'kuiper',
              optional: { Qos: '1' },
            },
          },
        ],
      })
      const got: string[] = []
      client.on('message', (t, p) => {
        if (t === topic) got.push(p.toString())
      })
      await client.subscribeAsync(topic, { qos: 1 })
      engine.publish('in', { temperature: 21n, humidity: 1e6 })
      await waitFor(() => got.length === 1, 'the published envelope')
      const env = JSON.parse(got[0]!) as Record<string, string>
      assert.equal(env['ContentType'], 'application/json')
      const event = JSON.parse(Buffer.from(env['Payload']!, 'base64').toString()) as Record<string, unknown>
      assert.deepEqual(event, {
        device: 'kuiper',
        // One reading per field in the order of the result's JSON (keys sorted, as Go marshals maps).
        readings: [
          { name: 'humidity', value: '1e+06' },
          { name: 'temperature', value: '21' },
        ],
      })
      await client.unsubscribeAsync(topic)
    })
  })

  it('round-trips results through an edgex sink and an edgex source', async () => {
    const topic = uniqueTopic('roundtrip')
    await withEngine({ type: 'mqtt', server: SERVICE_HOST, port: MQTT_PORT, topic }, async (engine) => {
      engine.createStream('CREATE STREAM demo () WITH (FORMAT="JSON", TYPE="edgex")')
      engine.createStream('CREATE STREAM mem (temperature BIGINT) WITH (DATASOURCE="in", TYPE="memory")')
      const rec = recorder()
      await engine.createRule({
        id: 'read',
        sql: 'SELECT temperature, meta(device) AS dev FROM demo',
        actions: [rec.action],
      })
      await engine.createRule({
        id: 'write',
        sql: 'SELECT temperature FROM mem',
        actions: [{ edgex: { type: 'mqtt', host: SERVICE_HOST, port: MQTT_PORT, topic, deviceName: 'from-kuiper' } }],
      })
      engine.publish('in', { temperature: 42n })
      await waitFor(() => rec.rows.length === 1, 'the round-tripped event')
      assert.deepEqual(rec.rows, [{ temperature: 42n, dev: 'from-kuiper' }])
    })
  })
  it('copies the source event metadata into the sink event with metadata: meta(*)', async () => {
    const input = uniqueTopic('meta-in')
    const output = uniqueTopic('meta-out')
    await withEngine({ type: 'mqtt', server: SERVICE_HOST, port: MQTT_PORT, topic: input }, async (engine) => {
      engine.createStream('CREATE STREAM demo () WITH (FORMAT="JSON", TYPE="edgex")')
      await engine.createRule({
        id: 'fwd',
        sql: 'SELECT temperature, meta(*) AS edgex_meta FROM demo',
        actions: [
          { edgex: { type: 'mqtt', host: SERVICE_HOST, port: MQTT_PORT, topic: output, metadata: 'edgex_meta' } },
        ],
      })
      const got: string[] = []
      client.on('message', (t, p) => {
        if (t === output) got.push(p.toString())
      })
      await client.subscribeAsync(output, { qos: 0 })
      const readings = [{ name: 'temperature', value: '30', id: 'r9', device: 'rd', created: 77 }]
      await client.publishAsync(input, envelopeJson(eventJson('dev-9', readings)), { qos: 1 })
      await waitFor(() => got.length === 1, 'the forwarded event')
      const env = JSON.parse(got[0]!) as Record<string, string>
      assert.deepEqual(JSON.parse(Buffer.from(env['Payload']!, 'base64').toString()), {
        id: 'ev1',
        device: 'dev-9',
        created: 1000,
        modified: 1001,
        origin: 1002,
        readings: [{ id: 'r9', created: 77, device: 'rd', name: 'temperature', value: '30' }],
      })
      await client.unsubscribeAsync(output)
    })
  })
})

describe('EdgeX over Redis Streams', () => {
  it('reads events added to gmm:<topic> in order, from the subscription on', async () => {
    const topic = uniqueTopic('redis')
    await redis.xadd(
      `gmm:${topic}`,
      '*',
      'CorrelationID',
      'old',
      'Payload',
      eventJson('d', [{ name: 'temperature', value: '0' }]),
      'Checksum',
      '',
      'ContentType',
      'application/json',
    )
    await withEngine(
      { type: 'redisstreams', protocol: 'redis', server: SERVICE_HOST, port: REDIS_PORT, topic },
      async (engine) => {
        engine.createStream('CREATE STREAM demo () WITH (FORMAT="JSON", TYPE="edgex")')
        const rec = recorder()
        await engine.createRule({
          id: 'r',
          sql: 'SELECT temperature, meta(correlationid) AS c FROM demo',
          actions: [rec.action],
        })
        for (let i = 1; i <= 3; i++) {
          const payload = eventJson('d', [{ name: 'temperature', value: String(i) }])
          await redis.xadd(
            `gmm:${topic}`,
            '*',
            'CorrelationID',
            `c${i}`,
            'Payload',
            payload,
            'Checksum',
            '',
            'ContentType',
            'application/json',
          )
        }
        await redis.xadd(
          `gmm:${topic}`,
          '*',
          'CorrelationID',
          'bad',
          'Payload',
          '{oops',
          'Checksum',
          '',
          'ContentType',
          'application/json',
        )
        await waitFor(() => rec.rows.length === 3, 'three events')
        assert.deepEqual(rec.rows, [
          { temperature: 1n, c: 'c1' },
          { temperature: 2n, c: 'c2' },
          { temperature: 3n, c: 'c3' },
        ])
        await waitFor(
          () => engine.ruleStatus('r').metrics?.['source_demo_0_exceptions_total'] === 1,
          'the bad entry counted',
        )
      },
    )
    await redis.del(`gmm:${topic}`)
  })

  it('publishes sink results as stream entries and reads them back with an edgex source', async () => {
    const topic = uniqueTopic('redis-sink')
    await withEngine({ type: 'redisstreams', server: SERVICE_HOST, port: REDIS_PORT, topic }, async (engine) => {
      engine.createStream('CREATE STREAM demo () WITH (FORMAT="JSON", TYPE="edgex")')
      engine.createStream('CREATE STREAM mem (temperature BIGINT, label STRING) WITH (DATASOURCE="in", TYPE="memory")')
      const rec = recorder()
      await engine.createRule({ id: 'read', sql: 'SELECT temperature, label FROM demo', actions: [rec.action] })
      await engine.createRule({
        id: 'write',
        sql: 'SELECT temperature, label FROM mem',
        actions: [
          {
            edgex: {
              type: 'redisstreams',
              protocol: 'redis',
              host: SERVICE_HOST,
              port: REDIS_PORT,
              topic,
              deviceName: 'k',
            },
          },
        ],
      })
      engine.publish('in', { temperature: 8n, label: 'a&b' })
      await waitFor(() => rec.rows.length === 1, 'the event read back')
      assert.deepEqual(rec.rows, [{ temperature: 8n, label: 'a&b' }])
      const entries = await redis.xrange(`gmm:${topic}`, '-', '+')
      assert.equal(entries.length, 1)
      const fields = entries[0]![1]
      const payload = fields[fields.indexOf('Payload') + 1]
      assert.equal(
        payload,
        '{"device":"k","readings":[{"name":"label","value":"a\\u0026b"},{"name":"temperature","value":"8"}]}',
      )
    })
    await redis.del(`gmm:${topic}`)
  })
})

describe('EdgeX over ZeroMQ', () => {
  it('round-trips results from a zero sink (PUB bind) to a zero source (SUB connect)', async () => {
    const port = await freePort()
    const topic = 'events'
    await withEngine({ type: 'zero', server: '127.0.0.1', port, topic }, async (engine) => {
      engine.createStream('CREATE STREAM mem (temperature BIGINT) WITH (DATASOURCE="in", TYPE="memory")')
      await engine.createRule({
        id: 'write',
        sql: 'SELECT temperature FROM mem',
        actions: [{ edgex: { type: 'zero', host: '127.0.0.1', port, topic } }],
      })
      engine.createStream('CREATE STREAM demo () WITH (FORMAT="JSON", TYPE="edgex")')
      const rec = recorder()
      await engine.createRule({ id: 'read', sql: 'SELECT temperature FROM demo', actions: [rec.action] })
      // PUB/SUB drops messages until the subscriber has joined: publish until one arrives.
      let i = 0
      await waitFor(() => {
        if (rec.rows.length === 0 && i++ % 10 === 0) engine.publish('in', { temperature: 3n })
        return rec.rows.length > 0
      }, 'a message over ZeroMQ')
      assert.deepEqual(rec.rows[0], { temperature: 3n })
    })
  })
})
