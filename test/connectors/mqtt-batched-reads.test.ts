// The TCP stream under plain MQTT connections: bytes arrive whole and in order, back-to-back writes of the broker are
// read in batches (fewer, larger chunks), a lone write is read at once, a consumer that stops reading stops the socket
// (the peer's writes back up), and the stream ends and errors as a socket does. Against a real loopback TCP server.

import assert from 'node:assert/strict'
import { once } from 'node:events'
import type { AddressInfo, Socket } from 'node:net'
import { createServer } from 'node:net'
import { describe, it } from 'node:test'
import { BatchedReadSocket } from '../../src/connectors/mqtt/batched-reads.js'
import { loadMqttConnect, mqttDebugOff, plainTcp } from '../../src/connectors/mqtt/library.js'
import { loopbackServer } from './mqtt-wire.js'

describe('BatchedReadSocket', { timeout: 20_000 }, () => {
  const server = loopbackServer()

  async function connectPair(timing?: {
    busyMs: number
    holdMs: number
    floodReads: number
  }): Promise<[BatchedReadSocket, Socket]> {
    const accepted = server.nextPeer()
    const client = new BatchedReadSocket('127.0.0.1', server.port, timing)
    await once(client, 'connect')
    return [client, await accepted(client)]
  }

  /** Writes `count` 40-byte records from the peer, each in its own event-loop turn (as mosquitto's own writes). */
  const RECORD_BYTES = 40
  async function writeApart(peer: Socket, count: number): Promise<Buffer> {
    const all: Buffer[] = []
    for (let i = 0; i < count; i++) {
      const record = Buffer.from(`record ${String(i).padStart(8, '0')} ${'x'.repeat(23)}\n`)
      assert.equal(record.length, RECORD_BYTES)
      all.push(record)
      peer.write(record)
      await new Promise((r) => setImmediate(r))
    }
    return Buffer.concat(all)
  }

  async function readBytes(client: BatchedReadSocket, total: number, chunks: Buffer[]): Promise<Buffer> {
    let got = 0
    while (got < total) {
      const [chunk] = (await once(client, 'data')) as [Buffer]
      chunks.push(chunk)
      got += chunk.length
    }
    return Buffer.concat(chunks)
  }

  it('reads back-to-back writes whole, in order, in far fewer chunks than writes', async () => {
    const [client, peer] = await connectPair({ busyMs: 5, holdMs: 5, floodReads: 3 })
    const chunks: Buffer[] = []
    const reading = new Promise<Buffer>((resolve) => {
      let got = 0
      client.on('data', (c: Buffer) => {
        chunks.push(c)
        got += c.length
        if (got >= 2000 * RECORD_BYTES) resolve(Buffer.concat(chunks))
      })
    })
    const sent = await writeApart(peer, 2000)
    const received = await reading
    assert.ok(received.equals(sent), 'the bytes arrive whole and in order')
    // Without the holds a reader that keeps up takes about one chunk per write.
    assert.ok(chunks.length < 2000 / 4, `2000 writes came in ${chunks.length} chunks`)
  })

  it('holds no read at a low rate: writes further apart than busyMs are read at once', async () => {
    // A hold would last a minute: the test's own timeout catches one.
    const [client, peer] = await connectPair({ busyMs: 5, holdMs: 60_000, floodReads: 1 })
    for (const word of ['one', 'two', 'six']) {
      await new Promise((r) => setTimeout(r, 20))
      peer.write(word)
      assert.equal((await readBytes(client, 3, [])).toString(), word)
    }
  })

  it('stops reading while its consumer does not take data, so the peer backs up; resumes when it does', async () => {
    const [client, peer] = await connectPair({ busyMs: 1, holdMs: 1, floodReads: 3 })
    client.pause()
    const block = Buffer.alloc(64 * 1024, 7)
    let written = 0
    // Bounded: the kernel buffers of a loopback connection hold a few MB at most.
    while (written < 256 * 1024 * 1024 && peer.write(block)) written += block.length
    assert.ok(written < 256 * 1024 * 1024, 'the peer had to stop: the reader held it back')
    written += block.length
    // While the consumer is paused the socket must not read on: the peer's buffers stay full, no 'drain'.
    const drained = once(peer, 'drain').then(() => 'drained')
    const waited = new Promise((r) => setTimeout(() => r('still full'), 200))
    assert.equal(await Promise.race([drained, waited]), 'still full')
    let got = 0
    client.on('data', (c: Buffer) => (got += c.length))
    client.resume()
    await drained
    while (got < written) await new Promise((r) => setTimeout(r, 5))
    assert.equal(got, written)
  })

  it('ends when the peer ends, and passes writes to the peer', async () => {
    const [client, peer] = await connectPair()
    const echoed: Buffer[] = []
    peer.on('data', (c: Buffer) => echoed.push(c))
    client.write('ping')
    client.cork()
    client.write('a')
    client.write('b')
    client.uncork()
    while (Buffer.concat(echoed).length < 6) await new Promise((r) => setTimeout(r, 5))
    assert.equal(Buffer.concat(echoed).toString(), 'pingab')
    const ended = once(client, 'end')
    const closed = once(client, 'close')
    client.resume()
    peer.end()
    await ended
    await closed
  })

  it('reports a refused connection as an error and closes', async () => {
    const probe = createServer()
    probe.listen(0, '127.0.0.1')
    await once(probe, 'listening')
    const freePort = (probe.address() as AddressInfo).port
    probe.close()
    await once(probe, 'close')
    const client = new BatchedReadSocket('127.0.0.1', freePort)
    const [err] = (await once(client, 'error')) as [NodeJS.ErrnoException]
    assert.equal(err.code, 'ECONNREFUSED')
  })
})

describe('plainTcp', () => {
  it('takes mqtt:// and tcp:// URLs without credentials, defaulting the port to 1883', () => {
    assert.deepEqual(plainTcp('mqtt://127.0.0.1:1884'), { host: '127.0.0.1', port: 1884 })
    assert.deepEqual(plainTcp('tcp://broker.local'), { host: 'broker.local', port: 1883 })
    assert.deepEqual(plainTcp('mqtt://[::1]:1883'), { host: '::1', port: 1883 })
  })

  it("leaves TLS, WebSocket, credentials and query options to mqtt.js's connect", () => {
    for (const url of [
      'mqtts://127.0.0.1:8883',
      'ssl://127.0.0.1:8883',
      'ws://127.0.0.1:8083/mqtt',
      'mqtt://user:pw@127.0.0.1:1883',
      'mqtt://127.0.0.1:1883?clientId=x',
      'not a url',
    ]) {
      assert.equal(plainTcp(url), undefined, url)
    }
  })
})

describe("mqtt.js's debug log", () => {
  it('is off without a DEBUG variable, and left to mqtt.js with one', () => {
    assert.equal(mqttDebugOff({}), true)
    assert.equal(mqttDebugOff({ DEBUG: ' ' }), true)
    assert.equal(mqttDebugOff({ DEBUG: 'mqttjs*' }), false)
  })

  it("gives the clients a log that does nothing instead of the debug package's when it is off", async () => {
    const connect = await loadMqttConnect()
    // Port 1 refuses at once; the client is only looked at, then closed.
    const client = connect('mqtt://127.0.0.1:1', { reconnectPeriod: 0 })
    client.on('error', () => undefined)
    try {
      // A debug package logger carries its namespace; ours is a plain function.
      const fromDebug = 'namespace' in client.log
      assert.equal(fromDebug, !mqttDebugOff(), `client.log from debug: ${fromDebug}`)
    } finally {
      client.end(true)
    }
  })
})
