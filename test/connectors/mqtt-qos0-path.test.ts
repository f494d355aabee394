// QoS 0 PUBLISH packets read by the socket itself (BatchedReadSocket with a Qos0Path): they reach the receiver
// whole and in order, every other packet reaches mqtt.js's side in its place among them, a receiver that has not
// called `done` stops the reads, and anything the path does not read (long frames, MQTT 5 properties, a stream that
// is not MQTT) goes to mqtt.js. Against a real loopback TCP server, then through mqtt.js and Mosquitto.

import assert from 'node:assert/strict'
import { once } from 'node:events'
import type { Socket } from 'node:net'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import type { Qos0Path } from '../../src/connectors/mqtt/batched-reads.js'
import { BatchedReadSocket } from '../../src/connectors/mqtt/batched-reads.js'
import { loadMqttConnect, qos0PathAllowed } from '../../src/connectors/mqtt/library.js'
import type { Qos0Publish } from '../../src/connectors/mqtt/publish-frames.js'
import { frameEnd, INCOMPLETE, MALFORMED, readQos0Publish } from '../../src/connectors/mqtt/publish-frames.js'
import { MOSQUITTO, testClient, uniqueTopic, waitFor } from './mqtt-helpers.js'
import { CONNACK, PINGRESP, frame, loopbackServer, publish } from './mqtt-wire.js'

// ---- where frames start and end; which are plain QoS 0 PUBLISH packets ----

describe('MQTT frames read in place', () => {
  it('finds where a frame ends, whatever the length of its remaining length', () => {
    for (const size of [0, 1, 127, 128, 16_383, 16_384, 2_097_152]) {
      const f = frame(0x30, Buffer.alloc(size))
      assert.equal(frameEnd(f, 0), f.length, `body of ${size} bytes`)
      // The same frame after 3 other bytes.
      assert.equal(frameEnd(Buffer.concat([Buffer.alloc(3), f]), 3), f.length + 3)
    }
  })

  it('tells a fixed header not all read yet, and a remaining length longer than four bytes', () => {
    assert.equal(frameEnd(Buffer.from([0x30]), 0), INCOMPLETE)
    assert.equal(frameEnd(Buffer.from([0x30, 0x80, 0x80]), 0), INCOMPLETE)
    assert.equal(frameEnd(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]), 0), MALFORMED)
  })

  it('reads the topic and payload of a QoS 0 PUBLISH, retained or not, where they lie', () => {
    const out: Qos0Publish = { topic: '', payload: Buffer.alloc(0) }
    for (const retain of [false, true]) {
      const f = Buffer.concat([CONNACK, publish({ topic: 'capteurs/température', payload: '{"t":1}', retain })])
      assert.equal(readQos0Publish(f, CONNACK.length, f.length, false, out), true)
      assert.equal(out.topic, 'capteurs/température')
      assert.equal(out.payload.toString(), '{"t":1}')
      assert.equal(out.payload.buffer, f.buffer, 'the payload is a view of the read bytes')
    }
    const big = publish({ topic: 'a', payload: Buffer.alloc(300, 1) })
    assert.equal(readQos0Publish(big, 0, big.length, false, out), true)
    assert.equal(out.payload.length, 300)
  })

  it('leaves QoS 1, DUP, empty topics, other packets and MQTT 5 properties to mqtt.js', () => {
    const out: Qos0Publish = { topic: '', payload: Buffer.alloc(0) }
    const not = (f: Buffer, mqtt5 = false): void => assert.equal(readQos0Publish(f, 0, f.length, mqtt5, out), false)
    not(publish({ topic: 't', payload: 'x', qos: 1 }))
    not(publish({ topic: 't', payload: 'x', dup: true }))
    not(publish({ topic: '', payload: 'x' }))
    not(CONNACK)
    not(PINGRESP)
    // A topic length pointing past the frame.
    not(frame(0x30, Buffer.from([0, 9, 0x61])))
    // MQTT 5: a topic alias (property 0x23) is mqtt.js's; no properties at all is a plain PUBLISH.
    not(publish({ topic: 't', payload: 'x', properties: Buffer.from([0x23, 0, 1]) }), true)
    const plain5 = publish({ topic: 't', payload: 'x5', properties: Buffer.alloc(0) })
    assert.equal(readQos0Publish(plain5, 0, plain5.length, true, out), true)
    assert.equal(out.payload.toString(), 'x5')
  })
})

// ---- the socket ----

/** The topic of a PUBLISH frame of any QoS. */
function topicOf(f: Buffer): string {
  let body = 1
  while ((f[body++]! & 0x80) !== 0);
  return f.toString('utf8', body + 2, body + 2 + f.readUInt16BE(body))
}

/** What reached mqtt.js's side and the receiver, in the order it did. */
interface Arrivals {
  log: string[]
  /** Bytes given to mqtt.js's side. */
  mqttBytes: number
}

/**
 * mqtt.js's side of the pipe: splits what it gets into frames (with the test's own reading of the fixed header) and
 * logs them; `async` finishes each write on the next event-loop turn, as mqtt.js does with packets after the first.
 */
function mqttSide(arrivals: Arrivals, async: boolean): Writable {
  let pending = Buffer.alloc(0)
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      arrivals.mqttBytes += chunk.length
      pending = Buffer.concat([pending, chunk])
      for (;;) {
        const end = frameEnd(pending, 0)
        if (end < 0 || end > pending.length) break
        const f = pending.subarray(0, end)
        const type = f[0]! >> 4
        arrivals.log.push(type === 3 ? `publish ${topicOf(f)}` : `type ${type}`)
        pending = pending.subarray(end)
      }
      if (async) setImmediate(done)
      else done()
    },
  })
}

describe('BatchedReadSocket with a QoS 0 path', { timeout: 20_000 }, () => {
  const server = loopbackServer()

  async function connect(
    receive: Qos0Path['receive'],
    arrivals: Arrivals,
    opts: { mqtt5?: boolean; asyncMqtt?: boolean } = {},
  ): Promise<[BatchedReadSocket, Socket, Writable]> {
    const accepted = server.nextPeer()
    const client = new BatchedReadSocket('127.0.0.1', server.port, undefined, { receive, mqtt5: opts.mqtt5 ?? false })
    const side = client.pipe(mqttSide(arrivals, opts.asyncMqtt ?? false))
    await once(client, 'connect')
    return [client, await accepted(client), side]
  }

  /** Writes `bytes` in pieces of 1 to `maxPiece` bytes (cutting frames anywhere), each in an event-loop turn. */
  async function writeCut(peer: Socket, bytes: Buffer, maxPiece: number, seed = 7): Promise<void> {
    let x = seed
    for (let pos = 0; pos < bytes.length;) {
      x = (x * 1103515245 + 12345) % 2 ** 31
      const n = 1 + (x % maxPiece)
      peer.write(bytes.subarray(pos, pos + n))
      pos += n
      await new Promise((r) => setImmediate(r))
    }
  }

  it('hands QoS 0 PUBLISH packets to the receiver whole and in order, across reads, and none to mqtt.js', async () => {
    const arrivals: Arrivals = { log: [], mqttBytes: 0 }
    const got: string[] = []
    await connect((topic, payload, done) => {
      got.push(`${topic} ${payload.toString()}`)
      done()
    }, arrivals).then(async ([, peer]) => {
      const frames: Buffer[] = []
      const sent: string[] = []
      for (let i = 0; i < 2000; i++) {
        const payload = `{"n":${i},"pad":"${'p'.repeat(i % 300)}"}`
        frames.push(publish({ topic: `dev/${i % 7}`, payload }))
        sent.push(`dev/${i % 7} ${payload}`)
      }
      await writeCut(peer, Buffer.concat(frames), 5000)
      await waitFor(() => got.length === 2000, '2000 messages')
      assert.deepEqual(got, sent)
    })
    assert.equal(arrivals.mqttBytes, 0)
  })

  for (const asyncMqtt of [false, true]) {
    it(`keeps every other packet in its place among them (mqtt.js finishing ${asyncMqtt ? 'later' : 'at once'})`, async () => {
      const arrivals: Arrivals = { log: [], mqttBytes: 0 }
      let received = 0
      const [, peer, side] = await connect(
        (topic, _payload, done) => {
          arrivals.log.push(`publish ${topic}`)
          received++
          done()
        },
        arrivals,
        { asyncMqtt },
      )
      // Read either way, a PUBLISH is logged the same: the log is the order the packets were handed on in. In rounds
      // that start while mqtt.js's side has nothing left, so that both ways are taken whatever the machine's speed.
      const expected: string[] = []
      for (let round = 0; round < 40; round++) {
        const frames: Buffer[] = round === 0 ? [CONNACK] : []
        if (round === 0) expected.push('type 2')
        for (let k = 0; k < 8; k++) {
          const i = round * 8 + k
          if (k === 3 || (k === 6 && round % 2 === 0)) {
            frames.push(publish({ topic: `q1/${i}`, payload: 'x', qos: 1 }))
            expected.push(`publish q1/${i}`)
          } else if (k === 5 && round % 3 === 0) {
            frames.push(PINGRESP)
            expected.push('type 13')
          } else {
            frames.push(publish({ topic: `q0/${i}`, payload: String(i) }))
            expected.push(`publish q0/${i}`)
          }
        }
        await writeCut(peer, Buffer.concat(frames), 150, round + 1)
        await waitFor(
          () => arrivals.log.length === expected.length && side.writableLength === 0,
          `round ${round} handed on`,
        )
      }
      assert.deepEqual(arrivals.log, expected)
      // Every round starts with QoS 0 packets while mqtt.js's side is idle.
      assert.ok(received >= 40, `${received} QoS 0 packets took the path`)
    })
  }

  it('reads nothing more until the receiver calls done, then goes on in order', async () => {
    const arrivals: Arrivals = { log: [], mqttBytes: 0 }
    const got: number[] = []
    let hold: (() => void) | undefined
    const [, peer] = await connect((_topic, payload, done) => {
      got.push(payload.readUInt32BE(0))
      if (got.length === 1) hold = done
      else done()
    }, arrivals)
    const frames: Buffer[] = []
    const total = 40_000
    for (let i = 0; i < total; i++) {
      const p = Buffer.alloc(200)
      p.writeUInt32BE(i, 0)
      frames.push(publish({ topic: 'held', payload: p }))
    }
    const all = Buffer.concat(frames)
    // 8.6 MB: more than the loopback connection's buffers hold, so the peer must stop while the receiver holds.
    const drained = peer.write(all) ? Promise.resolve('drained') : once(peer, 'drain').then(() => 'drained')
    await waitFor(() => hold !== undefined, 'the first message')
    const waited = new Promise((r) => setTimeout(() => r('still full'), 200))
    assert.equal(await Promise.race([drained, waited]), 'still full')
    assert.equal(got.length, 1, 'no message after the held one')
    hold!()
    await drained
    await waitFor(() => got.length === total, `${total} messages`)
    assert.deepEqual(
      got,
      Array.from({ length: total }, (_, i) => i),
    )
    assert.equal(arrivals.mqttBytes, 0)
  })

  it('leaves a long frame cut by a read to mqtt.js whole, and reads the short ones after it', async () => {
    const arrivals: Arrivals = { log: [], mqttBytes: 0 }
    const [, peer] = await connect((topic, _payload, done) => {
      arrivals.log.push(`receiver ${topic}`)
      done()
    }, arrivals)
    const long = publish({ topic: 'long', payload: Buffer.alloc(100_000, 0x41) })
    const frames = Buffer.concat([
      publish({ topic: 'before', payload: 'b' }),
      long,
      publish({ topic: 'after', payload: 'a' }),
    ])
    await writeCut(peer, frames, 9000)
    await waitFor(() => arrivals.log.length === 3, 'three packets')
    assert.deepEqual(arrivals.log, ['receiver before', 'publish long', 'receiver after'])
    assert.equal(arrivals.mqttBytes, long.length)
  })

  it('leaves MQTT 5 packets with properties to mqtt.js', async () => {
    const arrivals: Arrivals = { log: [], mqttBytes: 0 }
    const [, peer] = await connect(
      (topic, _payload, done) => {
        arrivals.log.push(`receiver ${topic}`)
        done()
      },
      arrivals,
      { mqtt5: true },
    )
    peer.write(
      Buffer.concat([
        publish({ topic: 'plain', payload: 'p', properties: Buffer.alloc(0) }),
        publish({ topic: 'aliased', payload: 'a', properties: Buffer.from([0x23, 0, 1]) }),
      ]),
    )
    await waitFor(() => arrivals.log.length === 2, 'two packets')
    assert.equal(arrivals.log[0], 'receiver plain')
    assert.equal(arrivals.log[1], 'publish aliased', "the aliased PUBLISH went to mqtt.js's side")
  })

  it('hands everything to mqtt.js once the stream is not MQTT', async () => {
    const arrivals: Arrivals = { log: [], mqttBytes: 0 }
    const got: string[] = []
    const [, peer] = await connect((topic, _payload, done) => {
      got.push(topic)
      done()
    }, arrivals)
    const garbage = Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])
    const later = publish({ topic: 'after-garbage', payload: 'x' })
    peer.write(Buffer.concat([publish({ topic: 'first', payload: 'x' }), garbage]))
    await waitFor(() => arrivals.mqttBytes === garbage.length, 'the garbage')
    // A later read too: the frames are not told apart any more.
    peer.write(later)
    await waitFor(() => arrivals.mqttBytes === garbage.length + later.length, 'the bytes after the garbage')
    assert.deepEqual(got, ['first'])
  })
})

describe('when a connection reads QoS 0 packets itself', () => {
  it('is not while mqtt.js may log packets, nor with an MQTT 5 maximum packet size mqtt.js must check', () => {
    assert.equal(qos0PathAllowed({}, {}), true)
    assert.equal(qos0PathAllowed({ protocolVersion: 5, properties: { sessionExpiryInterval: 10 } }, {}), true)
    assert.equal(qos0PathAllowed({}, { DEBUG: 'mqttjs*' }), false)
    assert.equal(qos0PathAllowed({ protocolVersion: 5, properties: { maximumPacketSize: 1024 } }, {}), false)
  })
})

// ---- through mqtt.js, against Mosquitto ----

describe('the QoS 0 path under mqtt.js (Mosquitto)', { timeout: 20_000 }, () => {
  it('delivers QoS 0 messages through it while mqtt.js is idle, and every message in the order of its QoS', async () => {
    const connect = await loadMqttConnect()
    const topic = uniqueTopic('qos0-path')
    // Mosquitto sends QoS 0 messages ahead of QoS 1 messages waiting for an in-flight slot: each QoS keeps its order.
    const byQos: [number[], number[]] = [[], []]
    let throughPath = 0
    const client = connect(
      MOSQUITTO.replace(/^tcp:/, 'mqtt:'),
      { reconnectPeriod: 0, connectTimeout: 5000 },
      (_t, payload, done) => {
        throughPath++
        byQos[0].push(Number(payload.toString()))
        done()
      },
    )
    client.on('message', (_t, payload, packet) => byQos[packet.qos === 0 ? 0 : 1].push(Number(payload.toString())))
    const publisher = await testClient(MOSQUITTO)
    try {
      if (!client.connected) await new Promise((resolve) => client.once('connect', resolve))
      await client.subscribeAsync(topic, { qos: 1 })
      const sent: [number[], number[]] = [[], []]
      // QoS 0 only: mqtt.js has nothing to handle (the SUBACK was), so they all take the path.
      for (let i = 0; i < 50; i++) {
        sent[0].push(i)
        publisher.publish(topic, String(i), { qos: 0 })
      }
      await waitFor(() => byQos[0].length === 50, 'the first 50 messages')
      assert.equal(throughPath, 50)
      for (let i = 50; i < 400; i++) {
        const qos = i % 5 === 0 ? 1 : 0
        sent[qos].push(i)
        publisher.publish(topic, String(i), { qos })
      }
      await waitFor(() => byQos[0].length + byQos[1].length === 400, '400 messages')
      assert.deepEqual(byQos, sent)
    } finally {
      await publisher.endAsync()
      await client.endAsync()
    }
  })
})
