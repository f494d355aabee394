// EdgeX message bus over Redis Streams (go-mod-messaging redisstreams client): each topic is the stream
// `gmm:<topic>`, each message one XADD entry with CorrelationID, Payload, Checksum, ContentType. The subscriber
// reads every entry after the stream's last one at subscribe time, in order (1.0 re-read `$` each time, losing
// entries added between reads), or every entry after a given id when the source was rewound (qos > 0 restore).
// `optional.Password` authenticates.

import { Redis } from 'ioredis'
import { KuiperError, errorMessage } from '../../core/errors.js'
import type { BusHandlers, MessageBus } from './bus.js'
import type { BusConfig } from './config.js'
import type { MessageEnvelope } from './envelope.js'
import { envelopeFields, envelopeFromFields } from './envelope.js'

export function streamKey(topic: string): string {
  return `gmm:${topic}`
}

type XReadReply = [Buffer, [Buffer, Buffer[]][]][] | null

class RedisBus implements MessageBus {
  private readonly readers: Redis[] = []
  private closed = false

  constructor(private readonly client: Redis) {}

  async subscribe(topic: string, h: BusHandlers, from?: string): Promise<void> {
    const key = streamKey(topic)
    // A blocking XREAD holds its connection: use a dedicated one.
    const reader = this.client.duplicate()
    reader.on('error', () => {})
    this.readers.push(reader)
    const last = (await this.client.xrevrange(key, '+', '-', 'COUNT', 1))[0]
    let lastId = from ?? (last === undefined ? '0-0' : last[0])
    h.started?.(lastId)
    void (async () => {
      while (!this.closed) {
        let reply: XReadReply
        try {
          reply = (await reader.xreadBuffer('BLOCK', 0, 'STREAMS', key, lastId)) as XReadReply
        } catch (err) {
          if (this.closed) return
          h.error(err)
          await new Promise((r) => setTimeout(r, 1000))
          continue
        }
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            lastId = id.toString()
            try {
              h.message(envelopeFromFields(fields), lastId)
            } catch (err) {
              h.malformed(err, new Uint8Array(0))
            }
          }
        }
      }
    })()
  }

  async publish(topic: string, env: MessageEnvelope): Promise<void> {
    const args: (string | Buffer)[] = []
    for (const [k, v] of envelopeFields(env)) args.push(k, v)
    await this.client.xadd(streamKey(topic), '*', ...args)
  }

  close(): Promise<void> {
    this.closed = true
    for (const r of this.readers) r.disconnect()
    this.client.disconnect()
    return Promise.resolve()
  }
}

export async function openRedisBus(conf: BusConfig): Promise<MessageBus> {
  const password = conf.optional['Password']
  const username = conf.optional['Username']
  const client = new Redis({
    host: conf.host,
    port: conf.port,
    lazyConnect: true,
    maxRetriesPerRequest: null,
    ...(password !== undefined && password !== '' ? { password } : {}),
    ...(username !== undefined && username !== '' ? { username } : {}),
    ...(conf.protocol === 'rediss' ? { tls: {} } : {}),
  })
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (err) {
    client.disconnect()
    throw new KuiperError(
      'CONNECTOR_ERROR',
      `Failed to connect to edgex message bus redis://${conf.host}:${conf.port}: ${errorMessage(err)}`,
    )
  }
  return new RedisBus(client)
}
