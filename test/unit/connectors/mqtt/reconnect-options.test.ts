// The reconnection backoff and the flow-control properties of MQTT sources and sinks.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DEFAULT_MAX_PAYLOAD_SIZE,
  DEFAULT_RECONNECT_MAX_MS,
  INITIAL_RECONNECT_MS,
  clientOptions,
  connectionKey,
  reconnectDelay,
  sinkConf,
  sourceConf,
} from '../../../../src/connectors/mqtt/options.js'

describe('MQTT reconnection backoff', () => {
  it('doubles from 250 ms up to the cap, each delay a random 50–100 % of its ceiling', () => {
    const low = (): number => 0
    const high = (): number => 0.999999
    assert.deepEqual(
      [0, 1, 2, 3, 4, 10, 1000].map((f) => reconnectDelay(f, 1500, high)),
      [250, 500, 1000, 1500, 1500, 1500, 1500],
    )
    assert.deepEqual(
      [0, 1, 2, 3].map((f) => reconnectDelay(f, 1500, low)),
      [125, 250, 500, 750],
    )
    assert.equal(INITIAL_RECONNECT_MS, 250)
  })

  it('never waits longer than the cap after any number of failures', () => {
    for (let f = 0; f < 200; f++) assert.ok(reconnectDelay(f, DEFAULT_RECONNECT_MAX_MS) <= DEFAULT_RECONNECT_MAX_MS)
  })
})

describe('MQTT flow-control properties', () => {
  it('defaults: a 1.5 s reconnection cap, a 1 MiB payload cap, and mqtt.js never resubscribes by itself', () => {
    const c = sourceConf({ servers: ['tcp://b'] })
    assert.equal(c.client.reconnectMaxInterval, 1500)
    assert.equal(c.maxPayloadSize, DEFAULT_MAX_PAYLOAD_SIZE)
    assert.equal(sinkConf({ server: 'tcp://b', topic: 't' }).client.reconnectMaxInterval, 1500)
    const opts = clientOptions(c.client, 'id')
    assert.equal(opts.resubscribe, false)
    assert.ok((opts.reconnectPeriod ?? 0) <= INITIAL_RECONNECT_MS)
  })

  it("turns mqtt.js's write cache off: mqtt-packet would keep a Buffer for each 16-bit number (6 MB)", () => {
    assert.equal(clientOptions(sourceConf({ servers: ['tcp://b'] }).client, 'id').writeCache, false)
  })

  it('reads reconnectMaxInterval (clamped below 2^31 ms) and maxPayloadSize, and keys connections by the cap', () => {
    const c = sourceConf({ servers: ['tcp://b'], ReconnectMaxInterval: 5000, maxpayloadsize: '4096' })
    assert.equal(c.client.reconnectMaxInterval, 5000)
    assert.equal(c.maxPayloadSize, 4096)
    assert.equal(
      sourceConf({ servers: ['tcp://b'], reconnectMaxInterval: 2 ** 40 }).client.reconnectMaxInterval,
      2 ** 31 - 1,
    )
    const s = sinkConf({ server: 'tcp://b', topic: 't', reconnectMaxInterval: 250 })
    assert.equal(s.client.reconnectMaxInterval, 250)
    assert.notEqual(connectionKey(c.client), connectionKey(sourceConf({ servers: ['tcp://b'] }).client))
  })

  it('refuses a cap or a payload size that is not a positive integer', () => {
    assert.throws(
      () => sourceConf({ servers: ['tcp://b'], reconnectMaxInterval: 0 }),
      /reconnectMaxInterval must be a positive integer/,
    )
    assert.throws(
      () => sourceConf({ servers: ['tcp://b'], maxPayloadSize: 'big' }),
      /maxPayloadSize must be a positive integer/,
    )
    assert.throws(() => sinkConf({ server: 'tcp://b', topic: 't', reconnectMaxInterval: -5 }), /reconnectMaxInterval/)
  })
})
