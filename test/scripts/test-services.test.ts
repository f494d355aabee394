// scripts/test-services and scripts/run-tests.mjs: private Mosquitto, Redis and InfluxDB servers on free ports
// that real clients reach, stopped (temp files removed) by stop() and when the runner is ended by a signal.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import mqtt from 'mqtt'
import { repoRoot } from '../../scripts/conformance/paths.js'
import { bringUpTestServices, TEST_SERVICES } from '../../scripts/test-services/index.js'
import { influxAnswers, mqttAnswers, redisAnswers } from '../../scripts/test-services/probes.js'

const tmp = mkdtempSync(join(tmpdir(), 'kuiper-test-services-test-'))
after(() => rmSync(tmp, { recursive: true, force: true }))

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('test services', () => {
  it('starts private servers on free ports that real clients use, and stops them', async () => {
    const lines: string[] = []
    const s = await bringUpTestServices({ alwaysStart: true, log: (l) => lines.push(l) })
    try {
      assert.deepEqual(
        s.services.map((p) => [p.name, p.started]),
        [
          ['Mosquitto', true],
          ['Redis', true],
          ['InfluxDB', true],
        ],
      )
      const mqttPort = Number(s.env[TEST_SERVICES.mqtt.envVar])
      const redisPort = Number(s.env[TEST_SERVICES.redis.envVar])
      const influxPort = Number(s.env[TEST_SERVICES.influx.envVar])
      assert.notEqual(mqttPort, 1883)
      assert.notEqual(redisPort, 6379)
      assert.notEqual(influxPort, 8086)

      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { reconnectPeriod: 0 })
      const got = new Promise<string>((r) => client.once('message', (_t, b) => r(b.toString())))
      await client.subscribeAsync('kuiper/test-services')
      await client.publishAsync('kuiper/test-services', 'hello')
      assert.equal(await got, 'hello')
      await client.endAsync()

      const redis = new Redis({ host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: 1 })
      await redis.set('k', 'v')
      assert.equal(await redis.get('k'), 'v')
      redis.disconnect()

      const res = await fetch(`http://127.0.0.1:${influxPort}/query?q=${encodeURIComponent('SHOW DATABASES')}`)
      assert.equal(res.status, 200)
    } finally {
      await s.stop()
    }
    for (const [probe, port] of [
      [mqttAnswers, s.env['KUIPER_TEST_MQTT_PORT']],
      [redisAnswers, s.env['KUIPER_TEST_REDIS_PORT']],
      [influxAnswers, s.env['KUIPER_TEST_INFLUX_PORT']],
    ] as const) {
      assert.equal(await probe(Number(port)), false, `port ${port} still answers after stop()`)
    }
    assert.ok(
      lines.every((l) => l.includes('started')),
      lines.join('\n'),
    )
  })

  it('reuses a server that answers where it looks, and leaves it running', async () => {
    const own = await bringUpTestServices({ names: ['redis'], alwaysStart: true, log: () => {} })
    try {
      const port = Number(own.env['KUIPER_TEST_REDIS_PORT'])
      const s = await bringUpTestServices({ names: ['redis'], reusePorts: { redis: port }, log: () => {} })
      await s.stop()
      assert.deepEqual(s.services, [{ name: 'Redis', port, started: false }])
      assert.equal(await redisAnswers(port), true)
    } finally {
      await own.stop()
    }
  })

  it('starts its own when what listens on the port is not that server', async () => {
    // A Redis where Mosquitto is looked for does not answer MQTT: a private broker is started instead.
    const own = await bringUpTestServices({ names: ['redis'], alwaysStart: true, log: () => {} })
    try {
      const port = Number(own.env['KUIPER_TEST_REDIS_PORT'])
      const s = await bringUpTestServices({ names: ['mqtt'], reusePorts: { mqtt: port }, log: () => {} })
      await s.stop()
      assert.equal(s.services[0]?.started, true)
      assert.notEqual(s.services[0]?.port, port)
    } finally {
      await own.stop()
    }
  })

  it('run-tests.mjs passes the ports to the tests and stops its servers when it gets SIGTERM', async () => {
    const hold = join(tmp, 'ports.json')
    // Without this the inner test runner would report to ours instead of running as a program of its own.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env
    const runner = spawn(process.execPath, ['scripts/run-tests.mjs', 'test/fixtures/test-services/hold.fixture.ts'], {
      cwd: repoRoot,
      env: { ...env, KUIPER_TEST_PRIVATE_SERVERS: '1', HOLD_FILE: hold },
      stdio: 'ignore',
    })
    const exited = new Promise<number | null>((r) => runner.once('exit', (code) => r(code)))
    await until('the fixture test to write its ports', () => existsSync(hold) && readFileSync(hold, 'utf8') !== '')
    const ports = JSON.parse(readFileSync(hold, 'utf8')) as Record<string, string>
    assert.deepEqual(Object.keys(ports).sort(), [
      'KUIPER_TEST_INFLUX_PORT',
      'KUIPER_TEST_MQTT_PORT',
      'KUIPER_TEST_REDIS_PORT',
    ])
    assert.equal(await mqttAnswers(Number(ports['KUIPER_TEST_MQTT_PORT'])), true)
    runner.kill('SIGTERM')
    assert.equal(await exited, 143)
    assert.equal(await mqttAnswers(Number(ports['KUIPER_TEST_MQTT_PORT'])), false)
    assert.equal(await redisAnswers(Number(ports['KUIPER_TEST_REDIS_PORT'])), false)
    assert.equal(await influxAnswers(Number(ports['KUIPER_TEST_INFLUX_PORT'])), false)
  })
})
