// The control plane never starves: a connection that has many messages to hand the rules at once (one socket read
// holding hundreds of packets, which mqtt.js would otherwise deliver back to back without returning to the event
// loop) gives the event loop back once the data plane's slice is spent, so an HTTP request is answered meanwhile.
// The work of each message is counted on a fake clock, so the slices do not depend on the machine's speed.

import assert from 'node:assert/strict'
import { createServer, get as httpGet } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import type { ValueMap } from '../../src/index.js'
import { silentLogger } from '../../src/connectors/api.js'
import { sourceConf } from '../../src/connectors/mqtt/options.js'
import { MqttPool } from '../../src/connectors/mqtt/pool.js'
import { parseFilter } from '../../src/connectors/mqtt/topic-filter.js'
import { WorkSlices } from '../../src/core/work-slices.js'
import { MOSQUITTO, uniqueTopic, waitFor } from './mqtt-helpers.js'
import { publish } from './mqtt-wire.js'
import { jsonFormat } from '../../src/formats/json.js'

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    httpGet(url, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve(body))
    }).on('error', reject)
  })
}

const server = createServer((_req, res) => res.end('pong'))
let url = ''

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`
})
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('MQTT data plane slices', () => {
  it('answers HTTP while a burst of messages is delivered, in slices bounded by the budget', async () => {
    const BUDGET_MS = 10
    const COST_MS = 4
    const N = 400
    let fakeNow = 0
    const pool = new MqttPool(new WorkSlices(BUDGET_MS, () => fakeNow))
    const topic = uniqueTopic('slices')
    let turns = 0
    let counting = true
    const countTurns = (): void => {
      turns++
      if (counting) setImmediate(countTurns)
    }
    /** How many messages were delivered during each turn of the event loop. */
    const perTurn = new Map<number, number>()
    const got: ValueMap[] = []
    const handle = await pool.subscribe(
      sourceConf({ servers: [MOSQUITTO] }).client,
      parseFilter(topic, true),
      {
        qos: 0,
        maxPayloadSize: 1024,
        onMessage: (m) => {
          fakeNow += COST_MS // what a rule would spend on it
          got.push(m)
          perTurn.set(turns, (perTurn.get(turns) ?? 0) + 1)
        },
        format: jsonFormat,
        onDecodeError: () => {},
        onOversize: () => {},
      },
      silentLogger,
    )
    try {
      const socket = pool.connections()[0]!.client.stream
      const burst = Buffer.concat(Array.from({ length: N }, (_, i) => publish({ topic, payload: `{"n": ${i}}` })))
      let answeredAfter: number | undefined
      const answered = get(url).then((text) => {
        assert.equal(text, 'pong')
        answeredAfter = got.length
      })
      countTurns()
      // One socket read with every packet, as when the broker sends faster than the rules take them.
      socket.emit('data', burst)
      await waitFor(() => got.length === N, `${N} messages`)
      await answered
      assert.deepEqual(
        got.map((m) => m['n']),
        Array.from({ length: N }, (_, i) => i),
        'every message, in order',
      )
      assert.ok(answeredAfter !== undefined && answeredAfter < N, `HTTP answered after ${answeredAfter} of ${N}`)
      // A slice ends with the message that reaches the budget: at most ⌈budget / cost⌉ messages per turn.
      const most = Math.max(...perTurn.values())
      const bound = Math.ceil(BUDGET_MS / COST_MS)
      assert.ok(most <= bound, `${most} messages in one turn of the event loop`)
      assert.ok(perTurn.size >= N / bound, `${perTurn.size} turns`)
    } finally {
      counting = false
      handle.release()
      await pool.closeAll()
    }
  })
})
