// An idle kuiperd loads no connector library it does not use (issue 11: an idle kuiperd is small): mqtt.js, the
// embedded broker (aedes), ioredis, ZeroMQ and prom-client are loaded when a stream, rule or setting first needs
// them. A preload writes the npm packages a kuiperd process loaded when it exits.

import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, describe, it } from 'node:test'
import mqtt from 'mqtt'
import { http, ROOT, startKuiperd, tempBase } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'
import { MQTT_SERVER, MQTT_URL } from '../services.js'
import { waitFor } from '../connectors/sink-helpers.js'

const PRELOAD = pathToFileURL(join(ROOT, 'test', 'fixtures', 'preload', 'report-packages.mjs')).href
/** Libraries of connectors and optional features, none of which an idle kuiperd uses. */
const ON_DEMAND = ['aedes', 'ioredis', 'mqtt', 'prom-client', 'zeromq']
const RUN = `kuiper-idle-${process.pid}-${Date.now()}`

let kuiperd: Kuiperd | undefined
after(async () => {
  await kuiperd?.stop('SIGKILL')
})

/** Starts kuiperd with the preload; `run` uses it; returns the packages it had loaded when it exited. */
async function packagesLoaded(run: (k: Kuiperd) => Promise<void>): Promise<string[]> {
  const base = tempBase()
  mkdirSync(join(base, 'etc'), { recursive: true })
  writeFileSync(join(base, 'etc', 'mqtt_source.yaml'), `default:\n  servers: ["${MQTT_SERVER}"]\n`)
  const file = join(base, 'packages.txt')
  kuiperd = await startKuiperd({
    base,
    env: { NODE_OPTIONS: `--import ${PRELOAD}`, KUIPER_TEST_PACKAGES_FILE: file },
  })
  await run(kuiperd)
  assert.equal(await kuiperd.stop(), 0)
  kuiperd = undefined
  return readFileSync(file, 'utf8').split('\n')
}

describe('idle kuiperd', { timeout: 60_000 }, () => {
  it('loads none of the connector libraries until a rule uses one, and the first rule on MQTT works', async () => {
    const idle = await packagesLoaded(async () => {})
    // What every kuiperd needs is there: the list is real.
    for (const p of ['better-sqlite3', 'fastify', 'pino']) assert.ok(idle.includes(p), `${p} in ${idle.join(' ')}`)
    assert.deepEqual(
      ON_DEMAND.filter((p) => idle.includes(p)),
      [],
    )

    const withRule = await packagesLoaded(async (k) => {
      const stream = `CREATE STREAM demo (n BIGINT) WITH (DATASOURCE="${RUN}/in", TYPE="mqtt", FORMAT="json")`
      assert.equal((await http(k.url, 'POST', '/streams', { sql: stream })).status, 201)
      const rule = { id: 'r1', sql: 'SELECT n FROM demo', actions: [{ nop: {} }] }
      const created = await http(k.url, 'POST', '/rules', rule)
      assert.equal(created.status, 201, created.text)
      const publisher = await mqtt.connectAsync(MQTT_URL)
      try {
        await waitFor(
          async () => {
            await publisher.publishAsync(`${RUN}/in`, JSON.stringify({ n: 1 }), { qos: 1 })
            const status = (await http(k.url, 'GET', '/rules/r1/status')).json() as Record<string, unknown>
            return Number(status['sink_nop_0_0_records_in_total']) > 0
          },
          'a message through the first MQTT rule',
          20_000,
        )
      } finally {
        await publisher.endAsync()
      }
    })
    assert.deepEqual(
      ON_DEMAND.filter((p) => withRule.includes(p)),
      ['mqtt'],
    )
  })
})
