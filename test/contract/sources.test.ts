// Every built-in source and the example source plugin through the Source contract suite, against real services:
// a private Mosquitto (restarted for the reconnect case), Redis, an HTTP server of the test, files in a tmp dir,
// the in-process memory bus, ZeroMQ sockets (when the binding loads).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import mqtt from 'mqtt'
import type { ConnectorEnv, SourceConfig, SourceFactory } from '../../src/connectors/api.js'
import { silentLogger } from '../../src/connectors/api.js'
import { createEdgexSource } from '../../src/connectors/edgex/index.js'
import { createFileSource } from '../../src/connectors/file/source.js'
import { createHttpPullSource } from '../../src/connectors/httppull/index.js'
import { MemoryBroker } from '../../src/connectors/memory/pubsub.js'
import { createMemorySource } from '../../src/connectors/memory/index.js'
import { createMqttSource } from '../../src/connectors/mqtt/index.js'
import { createRandomSource } from '../../src/connectors/random/index.js'
import { createZmqSource } from '../../src/connectors/zmq/index.js'
import { ManualClock } from '../../src/core/manual-clock.js'
import type { ValueMap } from '../../src/core/value.js'
import { binaryFormat } from '../../src/formats/binary.js'
import { envelopeFields, envelopeJson, eventJson, valueDescriptorServer } from '../connectors/edgex-helpers.js'
import { PrivateBroker } from '../connectors/private-broker.js'
import { PrivateRedis } from '../connectors/private-redis.js'
import { SERVICE_HOST, freePort } from '../services.js'
import type { SourceInput } from './source-contract.js'
import { describeSource } from './source-contract.js'

const env: ConnectorEnv = { clock: new ManualClock(0), memory: new MemoryBroker(), logger: silentLogger }
let seq = 0
const unique = (name: string): string => `contract/${process.pid}/${seq++}/${name}`

function sourceOf(factory: SourceFactory, type: string, datasource: string, props: Record<string, unknown>) {
  const config: SourceConfig = { stream: 'contract', type, datasource, format: 'JSON', props }
  return () => factory(config, env)
}

const numbered = (m: ValueMap): number | undefined => (m['n'] === undefined ? undefined : Number(m['n']))
const jsonText = (i: SourceInput): string => (i === 'malformed' ? '{"n": oops' : JSON.stringify({ n: i }))

/** A private broker (its restart is the outage) and a publishing client that reconnects to it. */
async function brokerWithPublisher(): Promise<{ broker: PrivateBroker; client: mqtt.MqttClient }> {
  const broker = await PrivateBroker.start()
  const client = await mqtt.connectAsync(`mqtt://${SERVICE_HOST}:${broker.port}`, { reconnectPeriod: 100 })
  return { broker, client }
}

describeSource('mqtt', async () => {
  const { broker, client } = await brokerWithPublisher()
  const topic = unique('mqtt')
  return {
    create: sourceOf(createMqttSource, 'mqtt', topic, { servers: [broker.server], qos: 1 }),
    produce: async (i) => void (await client.publishAsync(topic, jsonText(i), { qos: 1 })),
    numberOf: numbered,
    outage: broker,
    cleanup: async () => {
      await client.endAsync(true)
      await broker.remove()
    },
  }
})

describeSource('mqtt with FORMAT="BINARY"', async () => {
  const { broker, client } = await brokerWithPublisher()
  const topic = unique('mqtt-binary')
  return {
    create: sourceOf(createMqttSource, 'mqtt', topic, { servers: [broker.server] }),
    produce: async (i) => void (await client.publishAsync(topic, Buffer.from(`n=${String(i)}`))),
    // Any bytes are a BINARY message.
    malformed: false,
    format: binaryFormat,
    numberOf: (m) => {
      const self = m['self']
      return self instanceof Uint8Array ? Number(Buffer.from(self).toString().slice(2)) : undefined
    },
    outage: broker,
    cleanup: async () => {
      await client.endAsync(true)
      await broker.remove()
    },
  }
})

describeSource('memory (retaining topic)', () => {
  const topic = unique('memory')
  ;(env.memory as MemoryBroker).retain(topic)
  return {
    create: sourceOf(createMemorySource, 'memory', topic, {}),
    // In-process: there are no bytes to be malformed.
    produce: (i) => Promise.resolve(env.memory.publish(topic, { n: i as number })),
    malformed: false,
    numberOf: numbered,
  }
})

describeSource('file (JSON lines)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-contract-file-'))
  writeFileSync(join(dir, 'in.jsonl'), '')
  return {
    create: sourceOf(createFileSource, 'file', 'in.jsonl', { path: dir, fileType: 'lines' }),
    prepare: (inputs) => Promise.resolve(writeFileSync(join(dir, 'in.jsonl'), inputs.map(jsonText).join('\n'))),
    numberOf: numbered,
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  }
})

/** An HTTP endpoint answering the last input produced; stop/start is an outage on the same port. */
class AnswerServer {
  answer = '{}'
  /** Requests answered so far. */
  served = 0
  port = 0
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()

  async start(): Promise<void> {
    const server = createServer((_req, res) => {
      this.served++
      res.writeHead(200).end(this.answer)
    })
    server.on('connection', (s: Socket) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    await new Promise<void>((resolve) => server.listen(this.port, SERVICE_HOST, resolve))
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }

  async stop(): Promise<void> {
    const s = this.server
    this.server = undefined
    for (const c of this.sockets) c.destroy()
    if (s !== undefined) await new Promise<void>((resolve) => s.close(() => resolve()))
  }
}

describeSource('httppull', async () => {
  const server = new AnswerServer()
  await server.start()
  return {
    create: sourceOf(createHttpPullSource, 'httppull', '', {
      url: `http://${SERVICE_HOST}:${server.port}/`,
      interval: 100,
      // Each answer once: the same body twice is skipped.
      incremental: true,
    }),
    produce: async (i, tick) => {
      // One answer at a time: the next input waits (bounded) until a pull took this one.
      server.answer = jsonText(i)
      const served = server.served
      const end = Date.now() + 5000
      while (server.served === served && Date.now() < end) {
        await tick()
        await new Promise((r) => setTimeout(r, 10))
      }
    },
    numberOf: numbered,
    outage: server,
    cleanup: () => server.stop(),
  }
})

describeSource('random', () => ({
  create: sourceOf(createRandomSource, 'random', '', { interval: 100, seed: 10, pattern: { count: 1 } }),
}))

describeSource('seededRandom (example plugin)', async () => {
  // A plain JavaScript module, as installed: imported by path, typed by the contract it implements.
  const entry = new URL('../../plugins/examples/sources/seededRandom/index.js', import.meta.url).href
  const plugin = (await import(entry)) as { createSource: SourceFactory }
  return {
    create: sourceOf(plugin.createSource, 'seededRandom', '', { interval: 100, seed: 1000, pattern: { count: 50 } }),
  }
})

describeSource('edgex over the redisstreams bus', async () => {
  const vds = await valueDescriptorServer({ n: 'Int64' })
  // A private Redis: its restart is the outage.
  const server = await PrivateRedis.start()
  const redis = new Redis({ host: SERVICE_HOST, port: server.port, retryStrategy: () => 100 })
  redis.on('error', () => {})
  const topic = unique('edgex-redis')
  return {
    create: sourceOf(createEdgexSource, 'edgex', '', {
      type: 'redisstreams',
      protocol: 'redis',
      server: SERVICE_HOST,
      port: server.port,
      topic,
      serviceServer: vds.url,
    }),
    produce: async (i) => {
      const payload = i === 'malformed' ? '{oops' : eventJson('d', [{ name: 'n', value: String(i) }])
      await redis.xadd(`gmm:${topic}`, '*', ...envelopeFields(payload))
    },
    numberOf: numbered,
    outage: server,
    cleanup: async () => {
      redis.disconnect()
      await server.stop()
      await vds.close()
    },
  }
})

describeSource('edgex over the mqtt bus (the MQTT connection pool)', async () => {
  const vds = await valueDescriptorServer({ n: 'Int64' })
  const { broker, client } = await brokerWithPublisher()
  const topic = unique('edgex-mqtt')
  return {
    create: sourceOf(createEdgexSource, 'edgex', '', {
      type: 'mqtt',
      server: SERVICE_HOST,
      port: broker.port,
      topic,
      serviceServer: vds.url,
      optional: { Qos: '1' },
    }),
    // Only the redisstreams bus has positions.
    rewindable: false,
    produce: async (i) => {
      const body = i === 'malformed' ? '{oops' : envelopeJson(eventJson('d', [{ name: 'n', value: String(i) }]))
      await client.publishAsync(topic, body, { qos: 1 })
    },
    numberOf: numbered,
    outage: broker,
    cleanup: async () => {
      await client.endAsync(true)
      await broker.remove()
      await vds.close()
    },
  }
})

const zeromq = await import('zeromq').catch(() => undefined)
if (zeromq !== undefined) {
  describeSource('zmq', async () => {
    const server = `tcp://${SERVICE_HOST}:${await freePort()}`
    const pub = new zeromq.Publisher()
    await pub.bind(server)
    return {
      cleanup: () => Promise.resolve(pub.close()),
      create: sourceOf(createZmqSource, 'zmq', 'contract', { server }),
      // PUB/SUB drops what is sent before the subscription reaches the publisher (ZeroMQ's slow joiner): each
      // input is sent until a subscriber could have it, which the contract's bounded waits then observe.
      produce: async (i) => {
        for (let k = 0; k < 10; k++) {
          await pub.send(['contract', jsonText(i)])
          await new Promise((r) => setTimeout(r, 30))
        }
      },
      numberOf: numbered,
    }
  })
}
