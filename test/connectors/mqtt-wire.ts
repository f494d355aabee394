// Wire-level helpers of the MQTT connector tests: MQTT frames encoded by the test itself (MQTT 3.1.1 §2.2, §3.3;
// MQTT 5 §3.3.2.3), and a loopback TCP server whose accepted sockets play the broker.

import { once } from 'node:events'
import type { AddressInfo, Socket } from 'node:net'
import { createServer } from 'node:net'
import { after, afterEach, before } from 'node:test'

export function remainingLength(n: number): number[] {
  const out: number[] = []
  do {
    let b = n % 128
    n = Math.floor(n / 128)
    if (n > 0) b |= 0x80
    out.push(b)
  } while (n > 0)
  return out
}

export function frame(first: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([first, ...remainingLength(body.length)]), body])
}

export interface PublishSpec {
  topic: string
  payload: string | Buffer
  qos?: 0 | 1
  retain?: boolean
  dup?: boolean
  /** MQTT 5: the properties' bytes (their length is written before them). */
  properties?: Buffer
}

export function publish(p: PublishSpec): Buffer {
  const topic = Buffer.from(p.topic)
  const parts: Buffer[] = [Buffer.from([topic.length >> 8, topic.length & 0xff]), topic]
  if ((p.qos ?? 0) > 0) parts.push(Buffer.from([0, 1])) // packet identifier
  if (p.properties !== undefined) parts.push(Buffer.from(remainingLength(p.properties.length)), p.properties)
  parts.push(typeof p.payload === 'string' ? Buffer.from(p.payload) : p.payload)
  const first = 0x30 | ((p.qos ?? 0) << 1) | (p.retain === true ? 1 : 0) | (p.dup === true ? 8 : 0)
  return frame(first, Buffer.concat(parts))
}

export const CONNACK = frame(0x20, Buffer.from([0, 0]))
export const PINGRESP = frame(0xd0, Buffer.alloc(0))

/**
 * A loopback TCP server for the tests of a suite (call inside `describe`): `nextPeer()` before connecting, then
 * `await accepted(client)` gives the server's side of that connection. Both sockets are destroyed after each test, so
 * that a failed assertion does not leave the server waiting.
 */
export function loopbackServer(): {
  readonly port: number
  nextPeer(): (client: { destroy(): unknown }) => Promise<Socket>
} {
  const server = createServer((s) => accept(s))
  let accept: (s: Socket) => void = () => {}
  let port = 0
  const open: Array<{ destroy(): unknown }> = []
  before(async () => {
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    port = (server.address() as AddressInfo).port
  })
  afterEach(() => {
    for (const s of open.splice(0)) s.destroy()
  })
  after(() => server.close())
  return {
    get port() {
      return port
    },
    nextPeer() {
      const accepted = new Promise<Socket>((resolve) => (accept = resolve))
      return async (client) => {
        open.push(client)
        const peer = await accepted
        open.push(peer)
        peer.setNoDelay(true)
        return peer
      }
    },
  }
}
