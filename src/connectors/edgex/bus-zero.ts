// EdgeX message bus over ZeroMQ (go-mod-messaging zero client): multipart [topic, envelope JSON]; the subscriber
// connects to protocol://server:port, the publisher binds a PUB socket at protocol://host:port (`*` = all
// interfaces). Needs the npm `zeromq` package (native binary shipped in the package); without it `zero` fails
// with a clear message.

import { KuiperError, errorMessage } from '../../core/errors.js'
import type { ZeroMq } from '../shared/zeromq.js'
import { loadZeroMq } from '../shared/zeromq.js'
import type { BusHandlers, BusRole, MessageBus } from './bus.js'
import { hostUrl } from './bus.js'
import type { BusConfig } from './config.js'
import type { MessageEnvelope } from './envelope.js'
import { decodeEnvelope, encodeEnvelope } from './envelope.js'

class ZeroSubscriberBus implements MessageBus {
  private closed = false

  constructor(private readonly sock: InstanceType<ZeroMq['Subscriber']>) {}

  subscribe(topic: string, h: BusHandlers): Promise<void> {
    this.sock.subscribe(topic)
    void (async () => {
      try {
        for await (const frames of this.sock) {
          const raw = frames.length > 1 ? Buffer.concat(frames.slice(1)) : (frames[0] ?? Buffer.alloc(0))
          let env: MessageEnvelope
          try {
            env = decodeEnvelope(raw)
          } catch (err) {
            h.malformed(err, raw)
            continue
          }
          h.message(env)
        }
      } catch (err) {
        if (!this.closed) h.error(err)
      }
    })()
    return Promise.resolve()
  }

  publish(): Promise<void> {
    return Promise.reject(new Error('a ZeroMQ subscriber cannot publish'))
  }

  close(): Promise<void> {
    this.closed = true
    this.sock.close()
    return Promise.resolve()
  }
}

class ZeroPublisherBus implements MessageBus {
  constructor(private readonly sock: InstanceType<ZeroMq['Publisher']>) {}

  subscribe(): Promise<void> {
    return Promise.reject(new Error('a ZeroMQ publisher cannot subscribe'))
  }

  async publish(topic: string, env: MessageEnvelope): Promise<void> {
    await this.sock.send([topic, encodeEnvelope(env)])
  }

  close(): Promise<void> {
    this.sock.close()
    return Promise.resolve()
  }
}

export async function openZeroBus(conf: BusConfig, role: BusRole): Promise<MessageBus> {
  const zmq = await loadZeroMq()
  const url = hostUrl(conf)
  if (role === 'subscriber') {
    const sock = new zmq.Subscriber()
    try {
      sock.connect(url)
    } catch (err) {
      sock.close()
      throw new KuiperError('CONNECTOR_ERROR', `Failed to connect to edgex message bus ${url}: ${errorMessage(err)}`)
    }
    return new ZeroSubscriberBus(sock)
  }
  const sock = new zmq.Publisher()
  try {
    await sock.bind(url)
  } catch (err) {
    sock.close()
    throw new KuiperError(
      'CONNECTOR_ERROR',
      `Failed to bind the edgex message bus publisher at ${url}: ${errorMessage(err)}`,
    )
  }
  return new ZeroPublisherBus(sock)
}
