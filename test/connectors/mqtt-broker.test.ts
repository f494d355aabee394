// The embedded aedes broker: port conflicts reported clearly, and an MQTT rule surviving a broker stop and restart
// mid-stream with QoS 1 (persistent session: nothing published meanwhile is lost).

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { embeddedBrokerConfig, startEmbeddedBroker } from '../../src/connectors/mqtt/embedded-broker.js'
import { Engine, KuiperError } from '../../src/index.js'
import { recorder, tempEtc, testClient, uniqueTopic, waitFor } from './mqtt-helpers.js'

describe('embedded MQTT broker', () => {
  it('says clearly that the port is taken by another broker', async () => {
    const first = await startEmbeddedBroker({ port: 0 })
    try {
      await assert.rejects(startEmbeddedBroker({ port: first.port }), (err: unknown) => {
        assert.ok(err instanceof KuiperError)
        assert.equal(err.code, 'CONFLICT')
        assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${first.port}: the port is already in use`))
        assert.match(err.message, /another MQTT broker/)
        return true
      })
    } finally {
      await first.stop()
    }
  })

  it('reads the mqttBroker config section', () => {
    assert.equal(embeddedBrokerConfig(undefined), undefined)
    assert.equal(embeddedBrokerConfig({ enable: false, port: 1883 }), undefined)
    assert.deepEqual(embeddedBrokerConfig({ enable: true }), { port: 1883, host: '127.0.0.1' })
    assert.deepEqual(embeddedBrokerConfig({ enable: true, port: 2883, host: '0.0.0.0' }), {
      port: 2883,
      host: '0.0.0.0',
    })
    assert.throws(() => embeddedBrokerConfig({ enable: true, port: 'x' }), /mqttBroker.port must be an integer/)
  })

  it('serves a source → rule → sink round trip', async () => {
    const broker = await startEmbeddedBroker({ port: 0 })
    const etc = tempEtc(`default:\n  servers: [tcp://127.0.0.1:${broker.port}]\n`)
    const engine = new Engine({ sourceProfiles: etc.profiles })
    const client = await testClient(broker.url)
    try {
      engine.createStream('CREATE STREAM e () WITH (DATASOURCE="in", TYPE="mqtt")')
      await engine.createRule({
        id: 'e',
        sql: 'SELECT x * 2 AS y FROM e',
        actions: [{ mqtt: { server: `tcp://127.0.0.1:${broker.port}`, topic: 'out', protocolVersion: '3.1.1' } }],
      })
      const got: string[] = []
      client.on('message', (_t, p) => got.push(p.toString()))
      await client.subscribeAsync('out')
      await client.publishAsync('in', '{"x": 21}')
      await waitFor(() => got.length === 1, 'the result')
      assert.equal(got[0], '[{"y":42}]')
    } finally {
      await client.endAsync()
      await engine.close()
      await broker.stop()
      etc.remove()
    }
  })

  it('resumes after the broker stops and restarts mid-stream, losing no QoS 1 message', async () => {
    const broker = await startEmbeddedBroker({ port: 0 })
    const url = `tcp://127.0.0.1:${broker.port}`
    const topic = uniqueTopic('restart')
    const etc = tempEtc(`default:\n  qos: 1\n  clientid: kuiper-restart-${process.pid}\n  servers: [${url}]\n`)
    const engine = new Engine({ sourceProfiles: etc.profiles })
    const publisher = await testClient(url, { clean: false, clientId: `pub-${process.pid}`, protocolVersion: 4 })
    const total = 60
    try {
      engine.createStream(`CREATE STREAM rs () WITH (DATASOURCE="${topic}", TYPE="mqtt")`)
      const rec = recorder()
      await engine.createRule({ id: 'rs', sql: 'SELECT seq FROM rs', actions: [rec.action] })
      const seen = (): number => new Set(rec.rows.map((r) => r['seq'])).size
      const publish = (i: number): void => void publisher.publish(topic, JSON.stringify({ seq: i }), { qos: 1 })

      for (let i = 0; i < 20; i++) publish(i)
      await waitFor(() => seen() === 20, 'the first 20 rows')

      await broker.stop()
      // Published while the broker is down: mqtt.js keeps them until it reconnects.
      for (let i = 20; i < 40; i++) publish(i)
      await new Promise((r) => setTimeout(r, 300))
      assert.equal(engine.ruleStatus('rs').status, 'Running')

      await broker.start()
      for (let i = 40; i < total; i++) publish(i)
      await waitFor(() => seen() === total, `all ${total} rows after the restart`, 20_000)
      const got = [...new Set(rec.rows.map((r) => r['seq']))].sort((a, b) => Number(a) - Number(b))
      assert.deepEqual(
        got,
        Array.from({ length: total }, (_, i) => i),
      )
      assert.equal(engine.ruleStatus('rs').status, 'Running')
    } finally {
      await publisher.endAsync(true)
      await engine.close()
      await broker.stop()
      etc.remove()
    }
  })
})
