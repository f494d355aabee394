// Every built-in sink with an external side and the example sink plugin through the Sink contract suite, against
// real services: a private Mosquitto (restarted for the outage case), an HTTP server of the test (restarted),
// InfluxDB (the test services' instance), files in a tmp dir, the in-process memory bus.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import type { ConnectorEnv, ConnectorProps, SinkFactory } from '../../src/connectors/api.js'
import { silentLogger } from '../../src/connectors/api.js'
import { createEdgexSink } from '../../src/connectors/edgex/index.js'
import { createFileSink } from '../../src/connectors/file/sink.js'
import { createInfluxSink } from '../../src/connectors/influx/sink.js'
import { MemoryBroker } from '../../src/connectors/memory/pubsub.js'
import { createMemorySink } from '../../src/connectors/memory/index.js'
import { createMqttSink } from '../../src/connectors/mqtt/index.js'
import { createRestSink } from '../../src/connectors/rest/sink.js'
import { ManualClock } from '../../src/core/manual-clock.js'
import { RecordingServer } from '../connectors/sink-helpers.js'
import { PrivateBroker } from '../connectors/private-broker.js'
import { INFLUX_URL, SERVICE_HOST } from '../services.js'
import { describeSink } from './sink-contract.js'

const env: ConnectorEnv = { clock: new ManualClock(0), memory: new MemoryBroker(), logger: silentLogger }
let seq = 0
const unique = (name: string): string => `contract/${process.pid}/${seq++}/${name}`

const sinkOf = (factory: SinkFactory, props: ConnectorProps) => () => factory(props, env)

/** The `n` of each row in a sink's JSON text (an array of rows or one row). */
function numbersIn(text: string): number[] {
  const v = JSON.parse(text) as unknown
  const rows = Array.isArray(v) ? v : [v]
  return rows.flatMap((r) => (typeof r === 'object' && r !== null && 'n' in r ? [Number(r.n)] : []))
}

/** A private broker and a subscriber that records what arrives on `topic` (reconnecting across an outage). */
async function brokerWithSubscriber(
  topic: string,
  decode: (payload: Buffer) => number[],
): Promise<{ broker: PrivateBroker; received: number[]; cleanup(): Promise<void> }> {
  const broker = await PrivateBroker.start()
  const received: number[] = []
  const client = await mqtt.connectAsync(`mqtt://${SERVICE_HOST}:${broker.port}`, { reconnectPeriod: 100 })
  client.on('message', (_t, payload) => received.push(...decode(payload)))
  // A restarted broker has lost the subscription: subscribe on every connection.
  client.on('connect', () => void client.subscribeAsync(topic, { qos: 1 }).catch(() => undefined))
  await client.subscribeAsync(topic, { qos: 1 })
  return {
    broker,
    received,
    cleanup: async () => {
      await client.endAsync(true)
      await broker.remove()
    },
  }
}

describeSink('mqtt', async () => {
  const topic = unique('mqtt-sink')
  const side = await brokerWithSubscriber(topic, (p) => numbersIn(p.toString()))
  return {
    create: sinkOf(createMqttSink, { server: side.broker.server, topic, qos: 1 }),
    received: () => side.received,
    outage: side.broker,
    cleanup: side.cleanup,
  }
})

describeSink('edgex over the mqtt bus (the MQTT connection pool)', async () => {
  const topic = unique('edgex-sink')
  const side = await brokerWithSubscriber(topic, (p) => {
    const env = JSON.parse(p.toString()) as { Payload: string }
    const event = JSON.parse(Buffer.from(env.Payload, 'base64').toString()) as {
      readings: { name: string; value: string }[]
    }
    return event.readings.filter((r) => r.name === 'n').map((r) => Number(r.value))
  })
  return {
    create: sinkOf(createEdgexSink, {
      type: 'mqtt',
      protocol: 'tcp',
      host: SERVICE_HOST,
      port: side.broker.port,
      topic,
      optional: { Qos: '1' },
    }),
    received: () => side.received,
    outage: side.broker,
    cleanup: side.cleanup,
  }
})

describeSink('rest', async () => {
  const server = new RecordingServer()
  await server.start()
  return {
    create: sinkOf(createRestSink, { url: `${server.url}/in`, method: 'post', bodyType: 'json', timeout: 2000 }),
    received: () => server.bodies.flatMap(numbersIn),
    outage: server,
    cleanup: () => server.stop(),
  }
})

describeSink('memory', () => {
  const topic = unique('memory-sink')
  const received: number[] = []
  const stop = env.memory.subscribe(topic, (m) => void received.push(Number(m['n'])))
  return {
    create: sinkOf(createMemorySink, { topic }),
    received: () => received,
    cleanup: () => Promise.resolve(stop()),
  }
})

/** The `n` of every line of a file of JSON lines (none while it does not exist). */
function fileNumbers(path: string): number[] {
  if (!existsSync(path)) return []
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .flatMap((l) => numbersIn(l.replace(/^\d+ /, '')))
}

describeSink('file (buffered, interval 1000 ms)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-contract-file-sink-'))
  const path = join(dir, 'out.txt')
  return {
    // The rule clock never moves here: only flush and close write what collect buffered.
    create: sinkOf(createFileSink, { path, interval: 1000 }),
    received: () => fileNumbers(path),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  }
})

describeSink('lineFile (example plugin)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-contract-linefile-'))
  const path = join(dir, 'out.txt')
  // A plain JavaScript module, as installed: imported by path, typed by the contract it implements.
  const entry = new URL('../../plugins/examples/sinks/lineFile/index.js', import.meta.url).href
  const plugin = (await import(entry)) as { createSink: SinkFactory }
  return {
    create: sinkOf(plugin.createSink, { path, numbered: false }),
    received: () => fileNumbers(path),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  }
})

describeSink('influx', async () => {
  const db = `kuiper_contract_${process.pid}`
  const influxql = async (q: string): Promise<unknown> =>
    (await fetch(`${INFLUX_URL}/query?db=${db}&q=${encodeURIComponent(q)}`, { method: 'POST' })).json()
  await influxql(`CREATE DATABASE ${db}`)
  return {
    create: sinkOf(createInfluxSink, {
      addr: INFLUX_URL,
      databasename: db,
      measurement: 'contract',
      tagkey: 'source',
      tagvalue: 'contract',
      fields: 'n',
    }),
    received: async () => {
      const r = (await influxql('SELECT n FROM contract')) as {
        results: { series?: { values: [string, number][] }[] }[]
      }
      return (r.results[0]?.series?.[0]?.values ?? []).map((v) => Number(v[1]))
    },
    cleanup: async () => void (await influxql(`DROP DATABASE ${db}`)),
  }
})
