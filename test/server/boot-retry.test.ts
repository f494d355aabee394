// Edge boxes boot in any order: a rule whose MQTT broker is not up when kuiperd boots is retried with backoff, its
// status naming the error and the next attempt, and runs as soon as the broker is there, without any request.

import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import mqtt from 'mqtt'
import { EmbeddedBroker } from '../../src/connectors/mqtt/embedded-broker.js'
import type { ConnectorLogger } from '../../src/connectors/api.js'
import { TEST_CONFIG, http, startKuiperd, tempBase } from './kuiperd-process.js'

// Short delays so that the test does not wait seconds (kuiperd's default: 1 s doubling to 30 s).
const CONFIG = `${TEST_CONFIG}  restartStrategy:\n    delay: 50\n    maxDelay: 200\n`

const quiet: ConnectorLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quiet,
}

/**
 * A free port below Linux's ephemeral range (32768-60999), so that no other test's port 0 (a broker, a REST server)
 * lands on it while this test needs nothing to listen there.
 */
async function portOutsideEphemeralRange(): Promise<number> {
  for (;;) {
    const port = 21000 + Math.floor(Math.random() * 11000)
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer()
      s.once('error', () => resolve(false))
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
    })
    if (free) return port
  }
}

async function ruleStatus(url: string, id: string): Promise<string> {
  const rules = (await http(url, 'GET', '/rules')).json() as { id: string; status: string }[]
  return rules.find((r) => r.id === id)?.status ?? ''
}

async function until(what: string, cond: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('rules whose broker is not up at boot', () => {
  it('are retried with backoff and run once the broker is up, without any request', async () => {
    const port = await portOutsideEphemeralRange()
    const base = tempBase()
    mkdirSync(join(base, 'etc'), { recursive: true })
    writeFileSync(join(base, 'etc', 'mqtt_source.yaml'), `default:\n  servers: [tcp://127.0.0.1:${port}]\n`)
    const first = await startKuiperd({ base, config: CONFIG })
    try {
      const stream = await http(first.url, 'POST', '/streams', {
        sql: 'CREATE STREAM boot (t FLOAT) WITH (DATASOURCE="boot/in", FORMAT="JSON")',
      })
      assert.equal(stream.status, 201, stream.text)
      const rule = await http(first.url, 'POST', '/rules', {
        id: 'late',
        sql: 'SELECT t FROM boot',
        actions: [{ mqtt: { server: `tcp://127.0.0.1:${port}`, topic: 'boot/out' } }],
      })
      assert.equal(rule.status, 201, rule.text)
    } finally {
      assert.equal(await first.stop(), 0)
    }

    // kuiperd boots before the broker.
    const k = await startKuiperd({ base, config: CONFIG })
    const broker = new EmbeddedBroker({ port, host: '127.0.0.1', logger: quiet })
    let client: mqtt.MqttClient | undefined
    try {
      // Between tries (50 ms apart here) or while one connects, as the machine's load decides.
      const status = await ruleStatus(k.url, 'late')
      assert.match(status, /^Stopped: .*ECONNREFUSED.*\. Retrying (in \d+s|now) \(attempt \d+\)\.$/)
      await until('a later attempt', async () => /\(attempt [3-9]\d*\)/.test(await ruleStatus(k.url, 'late')))

      await broker.start()
      await until('the rule to run', async () => (await ruleStatus(k.url, 'late')) === 'Running')
      client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 })
      const got: string[] = []
      client.on('message', (_topic, payload) => got.push(payload.toString()))
      await client.subscribeAsync('boot/out', { qos: 1 })
      await until('the rule result', async () => {
        if (got.length === 0) await client!.publishAsync('boot/in', '{"t": 21.5}')
        return got.length > 0
      })
      assert.equal(got[0], '[{"t":21.5}]')
    } finally {
      await client?.endAsync(true)
      assert.equal(await k.stop(), 0)
      await broker.stop()
    }
    const log = readFileSync(join(base, 'log', 'stream.log'), 'utf8')
    assert.match(
      log,
      /level=warning msg="rule late failed to start: .*ECONNREFUSED.*; retrying in \d+s \(attempt 1\)\."/,
    )
    assert.match(log, /level=info msg="rule late started at retry \d+"/)
  })

  it('are not retried when the failure is permanent', async () => {
    const k = await startKuiperd({ config: CONFIG })
    try {
      await http(k.url, 'POST', '/streams', { sql: 'CREATE STREAM s () WITH (DATASOURCE="s", TYPE="memory")' })
      const created = await http(k.url, 'POST', '/rules', {
        id: 'bad_tls',
        sql: 'SELECT * FROM s',
        actions: [{ mqtt: { server: 'tcps://127.0.0.1:1', topic: 't', certificationPath: '/nonexistent/c.pem' } }],
      })
      assert.equal(created.status, 201, created.text)
      const status = await ruleStatus(k.url, 'bad_tls')
      assert.match(status, /^Stopped: /)
      assert.doesNotMatch(status, /Retrying/)
    } finally {
      assert.equal(await k.stop(), 0)
    }
  })
})
