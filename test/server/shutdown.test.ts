// SIGTERM is bounded (issue 10): kuiperd whose MQTT sink's broker has gone away exits 0 within `sink.shutdownTimeout`
// plus a small margin, with the results it could not deliver saved in the sink's outbox; restarted with the broker
// back, it delivers them. A private Mosquitto on a free port plays the sink's broker; the rule reads the suite's.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { after, describe, it } from 'node:test'
import mqtt from 'mqtt'
import { freePort, http, startKuiperd, tempBase, TEST_CONFIG } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'
import { MQTT_SERVER, MQTT_URL } from '../services.js'
import { waitFor } from '../connectors/sink-helpers.js'

const GRACE = 1500
/** Time beyond the grace a stop may take: closing servers, clients and the store, and process exit. */
const MARGIN = 3000
const RUN = `kuiper-shutdown-${process.pid}-${Date.now()}`

/** A Mosquitto on `port`, resolved once it accepts connections. */
async function startBroker(port: number): Promise<ChildProcess> {
  const proc = spawn('mosquitto', ['-p', String(port)], { stdio: 'ignore' })
  await waitFor(async () => {
    try {
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 500 })
      await c.endAsync()
      return true
    } catch {
      return false
    }
  }, `mosquitto on port ${port}`)
  return proc
}

async function stopBroker(proc: ChildProcess | undefined): Promise<void> {
  if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return
  const done = new Promise((r) => proc.once('exit', r))
  proc.kill('SIGKILL')
  await done
}

let kuiperd: Kuiperd | undefined
let broker: ChildProcess | undefined
const clients: mqtt.MqttClient[] = []
after(async () => {
  await kuiperd?.stop('SIGKILL')
  await stopBroker(broker)
  for (const c of clients) await c.endAsync(true)
})

describe('kuiperd stop', { timeout: 60_000 }, () => {
  it('exits 0 within the grace while a sink broker is down, and delivers the pending rows after a restart', async () => {
    const port = await freePort()
    broker = await startBroker(port)
    const base = tempBase()
    const config = `${TEST_CONFIG}sink:\n  shutdownTimeout: ${GRACE}\n`
    // The source reads the suite's broker; the sink publishes to the private one.
    mkdirSync(join(base, 'etc'), { recursive: true })
    writeFileSync(join(base, 'etc', 'mqtt_source.yaml'), `default:\n  servers: ["${MQTT_SERVER}"]\n`)
    kuiperd = await startKuiperd({ base, config })
    const stream = `CREATE STREAM demo () WITH (DATASOURCE="${RUN}/in", TYPE="mqtt", FORMAT="json")`
    assert.equal((await http(kuiperd.url, 'POST', '/streams', { sql: stream })).status, 201)
    const rule = {
      id: 'out',
      sql: 'SELECT n FROM demo',
      actions: [{ mqtt: { server: `tcp://127.0.0.1:${port}`, topic: `${RUN}/out`, qos: 1 } }],
    }
    const created = await http(kuiperd.url, 'POST', '/rules', rule)
    assert.equal(created.status, 201, created.text)
    const metric = async (name: string): Promise<number> => {
      const r = await http(kuiperd!.url, 'GET', '/rules/out/status')
      return Number((JSON.parse(r.text) as Record<string, unknown>)[`sink_mqtt_0_0_${name}`])
    }
    const publisher = await mqtt.connectAsync(MQTT_URL)
    clients.push(publisher)
    // The source is subscribed once a row gets through.
    await waitFor(async () => {
      await publisher.publishAsync(`${RUN}/in`, JSON.stringify({ n: 0 }), { qos: 1 })
      return (await metric('records_out_total')) > 0
    }, 'the rule running end to end')

    const warm = await metric('records_in_total')
    await stopBroker(broker)
    broker = undefined
    for (let n = 1; n <= 5; n++) await publisher.publishAsync(`${RUN}/in`, JSON.stringify({ n }), { qos: 1 })
    // One is in flight (the publish waits for the broker), the rest queued at the sink.
    await waitFor(
      async () => (await metric('records_in_total')) + (await metric('buffer_length')) >= warm + 5,
      'five rows at the sink',
    )

    const t0 = Date.now()
    assert.equal(await kuiperd.stop('SIGTERM'), 0, kuiperd.output())
    const took = Date.now() - t0
    assert.ok(took <= GRACE + MARGIN, `stopped in ${took} ms`)
    console.log(`SIGTERM with the sink's broker down: exit 0 in ${took} ms (grace ${GRACE} ms)`)
    kuiperd = undefined

    broker = await startBroker(port)
    const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`)
    clients.push(sub)
    const got: number[] = []
    sub.on('message', (_t, p) => {
      for (const r of JSON.parse(p.toString()) as { n: number }[]) got.push(r.n)
    })
    await sub.subscribeAsync(`${RUN}/out`, { qos: 1 })
    kuiperd = await startKuiperd({ base, config })
    await waitFor(() => [1, 2, 3, 4, 5].every((n) => got.includes(n)), 'the pending rows from the outbox', 20_000)
  })
})
