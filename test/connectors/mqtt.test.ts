// MQTT source and sink against a real Mosquitto (the test broker of test/services.ts).

import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { MqttClient } from 'mqtt'
import { mqttPool } from '../../src/connectors/mqtt/pool.js'
import { Engine } from '../../src/index.js'
import type { ConnectorLogger, ValueMap } from '../../src/index.js'
import { MOSQUITTO, recorder, tempEtc, testClient, uniqueTopic, waitFor } from './mqtt-helpers.js'

const etc = tempEtc(
  `default:\n  qos: 1\n  servers: [${MOSQUITTO}]\nqos0:\n  qos: 0\nplain:\n  sharedSubscription: false\n`,
)
/** Error lines logged by the MQTT connector, with the bindings of the logger they went through. */
const logged: string[] = []
function recordingLogger(bindings: Readonly<Record<string, string>> = {}): ConnectorLogger {
  const tag = Object.entries(bindings)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')
  return {
    debug: () => {},
    info: () => {},
    warn: (m) => void logged.push(`${tag}: ${m}`),
    error: (m) => void logged.push(`${tag}: ${m}`),
    child: (b) => recordingLogger({ ...bindings, ...b }),
  }
}
let client: MqttClient
before(async () => {
  client = await testClient(MOSQUITTO)
})
after(async () => {
  await client.endAsync()
  etc.remove()
})

async function withEngine(fn: (engine: Engine) => Promise<void>): Promise<void> {
  const engine = new Engine({ sourceProfiles: etc.profiles, logger: recordingLogger() })
  try {
    await fn(engine)
  } finally {
    await engine.close()
  }
}

describe('MQTT source and sink (Mosquitto)', () => {
  it('round-trips source → rule → mqtt sink with topic and messageid metadata', async () => {
    const input = uniqueTopic('in')
    const output = uniqueTopic('out')
    await withEngine(async (engine) => {
      engine.createStream(`CREATE STREAM demo (temperature FLOAT) WITH (DATASOURCE="${input}", TYPE="mqtt")`)
      await engine.createRule({
        id: 'r1',
        sql: 'SELECT temperature, meta(topic) AS t, mqtt(messageid) AS mid FROM demo WHERE temperature > 50',
        actions: [{ mqtt: { server: MOSQUITTO, topic: output, qos: 1, protocolVersion: '3.1.1' } }],
      })
      const got: ValueMap[][] = []
      client.on('message', (t, p) => {
        if (t === output) got.push(JSON.parse(p.toString()) as ValueMap[])
      })
      await client.subscribeAsync(output, { qos: 1 })
      await client.publishAsync(input, '{"temperature": 40}', { qos: 1 })
      await client.publishAsync(input, '{"temperature": 60}', { qos: 1 })
      await waitFor(() => got.length === 1, 'one output message')
      const [row] = got[0]!
      assert.equal(row!['temperature'], 60)
      assert.equal(row!['t'], input)
      assert.match(String(row!['mid']), /^[1-9][0-9]*$/) // QoS 1 delivery: a real packet id, as a string
      await client.unsubscribeAsync(output)
    })
  })

  it('subscribes with QoS 0 when the conf says so (messageid "0")', async () => {
    const input = uniqueTopic('q0')
    await withEngine(async (engine) => {
      engine.createStream(`CREATE STREAM s () WITH (DATASOURCE="${input}", TYPE="mqtt", CONF_KEY="qos0")`)
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: 'SELECT mqtt(messageid) AS mid, a FROM s', actions: [rec.action] })
      await client.publishAsync(input, '{"a": 1}', { qos: 1 })
      await waitFor(() => rec.rows.length === 1, 'the message')
      assert.deepEqual(rec.rows, [{ mid: '0', a: 1 }])
    })
  })

  it('shares one client among streams, rules and sinks on the same broker, one subscription per topic', async () => {
    const a = uniqueTopic('a')
    const b = uniqueTopic('b')
    const before = mqttPool.stats()
    await withEngine(async (engine) => {
      engine.createStream(`CREATE STREAM sa () WITH (DATASOURCE="${a}", TYPE="mqtt")`)
      engine.createStream(`CREATE STREAM sb () WITH (DATASOURCE="${b}", TYPE="mqtt")`)
      const r1 = recorder()
      const r2 = recorder()
      const r3 = recorder()
      await engine.createRule({ id: 'r1', sql: 'SELECT n FROM sa', actions: [r1.action] })
      await engine.createRule({ id: 'r2', sql: 'SELECT n FROM sa WHERE n > 1', actions: [r2.action] })
      await engine.createRule({
        id: 'r3',
        sql: 'SELECT n FROM sb',
        actions: [r3.action, { mqtt: { server: MOSQUITTO, topic: uniqueTopic('sink') } }],
      })
      const s = mqttPool.stats()
      assert.equal(s.connections - before.connections, 1)
      assert.equal(s.subscriptions - before.subscriptions, 2)
      assert.equal(s.publishers - before.publishers, 1)
      await client.publishAsync(a, '{"n": 1}', { qos: 1 })
      await client.publishAsync(a, '{"n": 2}', { qos: 1 })
      await client.publishAsync(b, '{"n": 3}', { qos: 1 })
      await waitFor(() => r1.rows.length === 2 && r2.rows.length === 1 && r3.rows.length === 1, 'all rows')
      assert.deepEqual(r1.rows, [{ n: 1 }, { n: 2 }])
      assert.deepEqual(r2.rows, [{ n: 2 }])
      assert.deepEqual(r3.rows, [{ n: 3 }])
    })
    assert.deepEqual(mqttPool.stats(), before) // the last user gone, the client is closed
  })

  it('delivers once per stream when filters overlap (a second client for the overlapping filter)', async () => {
    const base = uniqueTopic('ov')
    await withEngine(async (engine) => {
      engine.createStream(`CREATE STREAM wide () WITH (DATASOURCE="${base}/#", TYPE="mqtt")`)
      engine.createStream(`CREATE STREAM narrow () WITH (DATASOURCE="${base}/x", TYPE="mqtt")`)
      const w = recorder()
      const n = recorder()
      await engine.createRule({ id: 'w', sql: 'SELECT v FROM wide', actions: [w.action] })
      await engine.createRule({ id: 'n', sql: 'SELECT v FROM narrow', actions: [n.action] })
      assert.equal(mqttPool.connections().filter((c) => c.subscriptionCount > 0).length >= 2, true)
      await client.publishAsync(`${base}/x`, '{"v": 1}', { qos: 1 })
      await client.publishAsync(`${base}/y`, '{"v": 2}', { qos: 1 })
      await waitFor(() => w.rows.length === 2 && n.rows.length === 1, 'rows of both streams')
      await new Promise((r) => setTimeout(r, 100))
      assert.deepEqual(w.rows, [{ v: 1 }, { v: 2 }])
      assert.deepEqual(n.rows, [{ v: 1 }])
    })
  })

  it('honours $share subscriptions: the broker balances messages between Kuiper and another member', async () => {
    const topic = uniqueTopic('shared')
    const other = await testClient(MOSQUITTO, { protocolVersion: 4 })
    try {
      let otherGot = 0
      other.on('message', () => otherGot++)
      await other.subscribeAsync(`$share/kg/${topic}`, { qos: 1 })
      await withEngine(async (engine) => {
        engine.createStream(`CREATE STREAM sh () WITH (DATASOURCE="$share/kg/${topic}", TYPE="mqtt")`)
        const rec = recorder()
        await engine.createRule({ id: 'sh', sql: 'SELECT i, meta(topic) AS t FROM sh', actions: [rec.action] })
        for (let i = 0; i < 20; i++) await client.publishAsync(topic, JSON.stringify({ i }), { qos: 1 })
        await waitFor(() => rec.rows.length + otherGot === 20, '20 messages across the group')
        assert.ok(rec.rows.length > 0 && otherGot > 0, `split ${rec.rows.length}/${otherGot}`)
        assert.equal(rec.rows[0]!['t'], topic) // delivered under the real topic
      })
    } finally {
      await other.endAsync()
    }
  })

  it('subscribes plainly to a $share DATASOURCE when sharedSubscription is false', async () => {
    const topic = uniqueTopic('unshared')
    await withEngine(async (engine) => {
      engine.createStream(`CREATE STREAM p () WITH (DATASOURCE="$share/g/${topic}", TYPE="mqtt", CONF_KEY="plain")`)
      const rec = recorder()
      await engine.createRule({ id: 'p', sql: 'SELECT i FROM p', actions: [rec.action] })
      await client.publishAsync(topic, '{"i": 1}', { qos: 1 })
      await waitFor(() => rec.rows.length === 1, 'the message')
    })
  })

  it('counts malformed payloads as source exceptions and keeps the rule running', async () => {
    const topic = uniqueTopic('bad')
    await withEngine(async (engine) => {
      engine.createStream(`CREATE STREAM bad () WITH (DATASOURCE="${topic}", TYPE="mqtt")`)
      const rec = recorder()
      await engine.createRule({ id: 'bad', sql: 'SELECT ok FROM bad', actions: [rec.action] })
      logged.length = 0
      for (const p of ['not json', '[1,2]', '"text"', '{"ok": 1']) await client.publishAsync(topic, p, { qos: 1 })
      await client.publishAsync(topic, '{"ok": true}', { qos: 1 })
      await waitFor(() => rec.rows.length === 1, 'the valid message')
      // Logged once (then rate-limited) through the rule's logger bound to the rule and the connector.
      assert.equal(logged.filter((l) => l.includes('Invalid data format')).length, 1)
      assert.match(logged.find((l) => l.includes('Invalid data format')) ?? '', /^rule=bad connector=mqtt: Invalid/)
      const st = engine.ruleStatus('bad')
      assert.equal(st.status, 'Running')
      assert.equal(st.metrics?.['source_bad_0_exceptions_total'], 4)
      assert.equal(st.metrics?.['source_bad_0_records_in_total'], 1)
      assert.deepEqual(rec.rows, [{ ok: true }])
    })
  })

  it('converts fields by the KubeEdge device model of kubeedgeModelFile', async () => {
    const ke = tempEtc(`default:\n  qos: 1\n  servers: [${MOSQUITTO}]\n  kubeedgeModelFile: model.json\n`)
    mkdirSync(join(ke.dir, 'sources'))
    writeFileSync(
      join(ke.dir, 'sources', 'model.json'),
      '{"deviceModels":[{"name":"dev1","properties":[{"name":"temperature","dataType":"int"},{"name":"label","dataType":"string"}]}]}',
    )
    const root = `ke-${process.pid}-${Date.now().toString(36)}` // device = 4th segment: <root>/events/device/<id>/...
    const engine = new Engine({ sourceProfiles: ke.profiles })
    try {
      engine.createStream(`CREATE STREAM ke () WITH (DATASOURCE="${root}/events/device/+/data/update", TYPE="mqtt")`)
      const rec = recorder()
      await engine.createRule({ id: 'ke', sql: 'SELECT * FROM ke', actions: [rec.action] })
      const msg = '{"temperature": 21.9, "label": 5, "x": 1}'
      await client.publishAsync(`${root}/events/device/dev1/data/update`, msg, { qos: 1 })
      await client.publishAsync(`${root}/events/device/other/data/update`, msg, { qos: 1 })
      await waitFor(() => rec.rows.length === 2, 'both messages')
      assert.deepEqual(rec.rows, [
        { temperature: 21n, label: '5', x: 1 },
        { temperature: 21.9, label: 5, x: 1 },
      ])
    } finally {
      await engine.close()
      ke.remove()
    }
  })

  it('fails the rule start when the broker cannot be reached, with 1.0 wording', async () => {
    const bad = tempEtc('default:\n  servers: [tcp://127.0.0.1:1]\n')
    const engine = new Engine({ sourceProfiles: bad.profiles })
    try {
      engine.createStream('CREATE STREAM nowhere () WITH (DATASOURCE="x", TYPE="mqtt")')
      await assert.rejects(
        engine.createRule({ id: 'n', sql: 'SELECT * FROM nowhere', actions: [{ log: {} }] }),
        /found error when connecting to tcp:\/\/127.0.0.1:1: .*ECONNREFUSED/,
      )
      assert.match(engine.ruleStatus('n').status, /^Stopped: found error when connecting/)
    } finally {
      await engine.close()
      bad.remove()
    }
  })

  it('fails the rule start on a missing servers property', async () => {
    const none = tempEtc('default:\n  qos: 1\n')
    const engine = new Engine({ sourceProfiles: none.profiles })
    try {
      engine.createStream('CREATE STREAM ns () WITH (DATASOURCE="x", TYPE="mqtt")')
      await assert.rejects(
        engine.createRule({ id: 'n', sql: 'SELECT * FROM ns', actions: [{ log: {} }] }),
        /mqtt source is missing property servers/,
      )
    } finally {
      await engine.close()
      none.remove()
    }
  })

  it('publishes retained messages when the sink says retained', async () => {
    const input = uniqueTopic('rin')
    const output = uniqueTopic('rout')
    await withEngine(async (engine) => {
      engine.createStream(`CREATE STREAM rs () WITH (DATASOURCE="${input}", TYPE="mqtt")`)
      await engine.createRule({
        id: 'rr',
        sql: 'SELECT v FROM rs',
        actions: [{ mqtt: { server: MOSQUITTO, topic: output, qos: 1, retained: true } }],
      })
      await client.publishAsync(input, '{"v": 7}', { qos: 1 })
      await waitFor(() => engine.ruleStatus('rr').metrics?.['sink_mqtt_0_0_records_out_total'] === 1, 'the publish')
      await engine.idle() // the QoS 1 publish was acknowledged: the broker holds the retained message
      // A late subscriber still gets the retained result.
      const late = await testClient(MOSQUITTO)
      try {
        const got: string[] = []
        late.on('message', (_t, p, packet) => {
          if (packet.retain) got.push(p.toString())
        })
        await late.subscribeAsync(output, { qos: 1 })
        await waitFor(() => got.length === 1, 'the retained result')
        assert.equal(got[0], '[{"v":7}]')
        await late.publishAsync(output, '', { qos: 1, retain: true }) // clear the retained message
      } finally {
        await late.endAsync()
      }
    })
  })
})
