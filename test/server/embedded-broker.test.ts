// kuiperd with `mqttBroker.enable`: the quick start against its embedded broker (MQTT stream → rule → MQTT sink,
// published and received with mqtt.js), a clean stop, and a warning (not a failure) when the port is taken.

import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import mqtt from 'mqtt'
import { freePort, http, startKuiperd, tempBase } from './kuiperd-process.js'

function brokerEnv(port: number): Record<string, string> {
  return {
    KUIPER__MQTTBROKER__ENABLE: 'true',
    KUIPER__MQTTBROKER__PORT: String(port),
    KUIPER__BASIC__CONSOLELOG: 'true',
  }
}

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('kuiperd with the embedded MQTT broker', () => {
  it('runs the quick start on its own broker and stops it on shutdown', async () => {
    const port = await freePort()
    const base = tempBase()
    mkdirSync(join(base, 'etc'), { recursive: true })
    writeFileSync(join(base, 'etc', 'mqtt_source.yaml'), `default:\n  qos: 1\n  servers: [tcp://127.0.0.1:${port}]\n`)
    const k = await startKuiperd({ base, env: brokerEnv(port) })
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { connectTimeout: 5000, reconnectPeriod: 0 })
    let exit: number | null | undefined
    try {
      assert.match(k.output(), new RegExp(`embedded MQTT broker listening on 127\\.0\\.0\\.1:${port}`))
      const stream = await http(k.url, 'POST', '/streams', {
        sql: 'CREATE STREAM demo (temperature FLOAT, humidity BIGINT) WITH (DATASOURCE="devices/+/messages", FORMAT="JSON")',
      })
      assert.equal(stream.status, 201, stream.text)
      const rule = await http(k.url, 'POST', '/rules', {
        id: 'rule1',
        sql: 'SELECT * FROM demo WHERE temperature > 30',
        actions: [{ mqtt: { server: `tcp://127.0.0.1:${port}`, topic: 'result/rule1' } }],
      })
      assert.equal(rule.status, 201, rule.text)
      const got: string[] = []
      client.on('message', (_topic, payload) => got.push(payload.toString()))
      await client.subscribeAsync('result/rule1', { qos: 1 })
      // The rule's subscription may land a moment after the rule is created: publish until a result arrives.
      await until('the rule result', () => {
        if (got.length === 0) void client.publishAsync('devices/dev1/messages', '{"temperature": 40, "humidity": 20}')
        return got.length > 0
      })
      assert.equal(got[0], '[{"humidity":20,"temperature":40}]')
    } finally {
      await client.endAsync(true)
      exit = await k.stop()
    }
    assert.equal(exit, 0, k.output())
    // The broker is gone with kuiperd: nothing listens on its port any more.
    await new Promise<void>((resolve, reject) => {
      const s = createServer()
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => s.close(() => resolve()))
    })
  })

  it('warns that another broker holds the port and starts anyway', async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', () => resolve()))
    const port = (holder.address() as { port: number }).port
    try {
      const k = await startKuiperd({ env: brokerEnv(port) })
      try {
        assert.match(k.output(), /the port is already in use, probably by another MQTT broker/)
        assert.match(k.output(), /goes on without its embedded broker/)
        assert.equal((await http(k.url, 'GET', '/rules')).status, 200)
      } finally {
        assert.equal(await k.stop(), 0, k.output())
      }
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()))
    }
  })
})
