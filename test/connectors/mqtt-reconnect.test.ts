// MQTT connections across broker outages, against a Mosquitto process of the test's own that loses every session
// when restarted: subscriptions come back whatever the protocol and session flags, reconnection is quick after
// any outage length, and the rule's metrics show the outage while it lasts.

import assert from 'node:assert/strict'
import { after, afterEach, before, describe, it } from 'node:test'
import type { MqttClient } from 'mqtt'
import { Engine } from '../../src/index.js'
import type { Metrics } from '../../src/runtime/topology.js'
import { silentLogger } from '../../src/connectors/api.js'
import { recorder, tempEtc, testClient, uniqueTopic, waitFor } from './mqtt-helpers.js'
import { PrivateBroker } from './private-broker.js'

let broker: PrivateBroker
let etc: ReturnType<typeof tempEtc>
let client: MqttClient
let engine: Engine | undefined

before(async () => {
  broker = await PrivateBroker.start()
  etc = tempEtc(
    [
      'default:',
      '  qos: 1',
      `  servers: [${broker.server}]`,
      'v31:',
      `  clientid: kuiper_v31_${process.pid}`,
      '  protocolVersion: "3.1"',
      'v311:',
      `  clientid: kuiper_v311_${process.pid}`,
      '  protocolVersion: "3.1.1"',
      '',
    ].join('\n'),
  )
  client = await testClient(broker.server)
})
afterEach(async () => {
  await engine?.close()
  engine = undefined
})
after(async () => {
  await client.endAsync(true)
  await broker.remove()
  etc.remove()
})

function metricsOf(e: Engine, rule: string): Metrics {
  return e.ruleStatus(rule).metrics ?? {}
}

/** Publishes `{n}` every 100 ms until `got()` (a SUBSCRIBE may still be on its way right after a reconnection). */
async function publishUntil(
  topic: string,
  n: number,
  got: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!got()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await client.publishAsync(topic, JSON.stringify({ n }), { qos: 1 })
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('MQTT across broker outages (private Mosquitto)', () => {
  for (const confKey of ['v31', 'v311']) {
    it(`a source with a clientid on ${confKey === 'v31' ? 'MQTT 3.1' : 'MQTT 3.1.1'} hears messages published after the broker lost its session`, async () => {
      const topic = uniqueTopic(confKey)
      engine = new Engine({ sourceProfiles: etc.profiles, logger: silentLogger })
      engine.createStream(`CREATE STREAM s (n BIGINT) WITH (DATASOURCE="${topic}", TYPE="mqtt", CONF_KEY="${confKey}")`)
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: 'SELECT n FROM s', actions: [rec.action] })
      await client.publishAsync(topic, '{"n": 1}', { qos: 1 })
      await waitFor(() => rec.rows.length === 1, 'the message before the restart')

      await broker.stop()
      await broker.start()
      // Long enough for any backoff to have reconnected: without resubscription nothing would ever come.
      await publishUntil(
        topic,
        2,
        () => rec.rows.some((r) => Number(r['n']) === 2),
        'a message after the restart',
        8000,
      )
      assert.equal(engine.ruleStatus('r').metrics?.['source_s_0_connection_status'], 1)
    })
  }

  it('shows an outage in the metrics of the source and the sink, and reconnects within 2 s of the return', async () => {
    const input = uniqueTopic('in')
    const output = uniqueTopic('out')
    const e = new Engine({ sourceProfiles: etc.profiles, logger: silentLogger })
    engine = e
    e.createStream(`CREATE STREAM s (n BIGINT) WITH (DATASOURCE="${input}", TYPE="mqtt")`)
    const rec = recorder()
    await e.createRule({
      id: 'r',
      sql: 'SELECT n FROM s',
      actions: [rec.action, { mqtt: { server: broker.server, topic: output, qos: 1 } }],
    })
    const m = (): Metrics => metricsOf(e, 'r')
    const sinkKey = (name: string): string => {
      const k = Object.keys(m()).find((x) => x.startsWith('sink_mqtt_') && x.endsWith(`_${name}`))
      assert.ok(k !== undefined, `an mqtt sink metric ${name}`)
      return k
    }
    assert.equal(m()['source_s_0_connection_status'], 1)
    assert.equal(m()[sinkKey('connection_status')], 1)
    assert.equal(m()['source_s_0_reconnect_attempts_total'], 0)
    assert.equal(m()['source_s_0_connection_last_disconnected_time'], 0)

    const down = Date.now()
    await broker.stop()
    await waitFor(() => m()['source_s_0_connection_status'] === -1, 'the source to show the outage')
    await waitFor(() => m()[sinkKey('connection_status')] === -1, 'the sink to show the outage')
    const since = m()['source_s_0_connection_last_disconnected_time'] as number
    assert.ok(since >= down && since <= Date.now(), `disconnected since ${since}`)
    assert.notEqual(m()['source_s_0_connection_last_disconnected_message'], '')
    // Attempts go on and are counted while the broker stays away (long enough for the old 1 s-doubling backoff
    // to wait 8 s before its next attempt).
    let seen = 0
    await waitFor(
      () => {
        const a = m()['source_s_0_reconnect_attempts_total'] as number
        assert.ok(a >= seen, 'the attempt count only grows')
        seen = a
        return a >= 4 && (m()[sinkKey('reconnect_attempts_total')] as number) >= 4
      },
      'four reconnection attempts',
      8000,
    )
    assert.equal(e.ruleStatus('r').status, 'Running') // the rule runs on; the metrics say why nothing arrives
    assert.ok((m()['source_s_0_connection_last_try_time'] as number) >= down)

    await broker.start()
    const back = Date.now()
    await waitFor(
      () => m()['source_s_0_connection_status'] === 1 && m()[sinkKey('connection_status')] === 1,
      'both connections back',
    )
    const took = Date.now() - back
    assert.ok(took < 2500, `reconnected ${took} ms after the broker's return`)
    assert.ok((m()['source_s_0_connection_last_connected_time'] as number) >= back)
    await publishUntil(input, 7, () => rec.rows.some((r) => Number(r['n']) === 7), 'a message after the outage')
  })
})
