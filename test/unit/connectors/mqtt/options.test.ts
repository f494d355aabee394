import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { connectionKey, sinkConf, sourceConf } from '../../../../src/connectors/mqtt/options.js'

describe('MQTT source conf', () => {
  it('uses the first server, qos 1 and shared subscriptions by default', () => {
    const c = sourceConf({ servers: ['tcp://127.0.0.1:1883', 'tcp://10.0.0.1:1883'] })
    assert.equal(c.client.server, 'tcp://127.0.0.1:1883')
    assert.equal(c.qos, 1)
    assert.equal(c.sharedSubscription, true)
    assert.equal(c.client.protocolVersion, 3)
    assert.equal(c.client.clean, true)
  })

  it('reads keys case-insensitively as 1.0 decoding does', () => {
    const c = sourceConf({ Servers: ['tcp://b:1883'], QOS: 0, ClientId: 'k1', ProtocolVersion: '3.1.1' })
    assert.equal(c.client.server, 'tcp://b:1883')
    assert.equal(c.qos, 0)
    assert.equal(c.client.clientId, 'k1')
    assert.equal(c.client.protocolVersion, 4)
  })

  it('keeps a persistent session for a QoS 1 source with a configured client id', () => {
    assert.equal(sourceConf({ servers: ['tcp://b'], qos: 1, clientid: 'k' }).client.clean, false)
    assert.equal(sourceConf({ servers: ['tcp://b'], qos: 0, clientid: 'k' }).client.clean, true)
  })

  it('ignores username and password when a certificate is configured, and trims the password', () => {
    const withCert = sourceConf({ servers: ['ssl://b'], username: 'u', password: 'p', certificationPath: 'c.pem' })
    assert.equal(withCert.client.username, undefined)
    assert.equal(withCert.client.password, undefined)
    assert.equal(sourceConf({ servers: ['tcp://b'], password: ' pw ' }).client.password, 'pw')
  })

  it('fails without servers and on a bad qos', () => {
    assert.throws(() => sourceConf({}), /mqtt source is missing property servers/)
    assert.throws(() => sourceConf({ servers: [] }), /mqtt source is missing property servers/)
    assert.throws(
      () => sourceConf({ servers: ['tcp://b'], qos: 3 }),
      /mqtt source property qos must be one of 0, 1, 2, found 3/,
    )
    assert.throws(() => sourceConf({ servers: ['tcp://b'], qos: 'one' }), /qos must be an integer/)
  })
})

describe('MQTT sink props', () => {
  it('requires server and topic, naming them as 1.0 did', () => {
    assert.throws(() => sinkConf({ topic: 't' }), /mqtt sink is missing property server/)
    assert.throws(() => sinkConf({ server: 'tcp://b' }), /mqtt sink is missing property topic/)
  })

  it('validates protocolVersion and qos', () => {
    assert.throws(
      () => sinkConf({ server: 'tcp://b', topic: 't', protocolVersion: '5' }),
      /mqtt sink property protocolVersion must be one of 3.1, 3.1.1, found "5"/,
    )
    assert.throws(
      () => sinkConf({ server: 'tcp://b', topic: 't', qos: 4 }),
      /mqtt sink property qos must be one of 0, 1, 2, found 4/,
    )
    const c = sinkConf({ server: 'tcp://b', topic: 't', qos: 2, protocolVersion: '3.1.1', retained: true })
    assert.equal(c.qos, 2)
    assert.equal(c.retained, true)
    assert.equal(c.client.protocolVersion, 4)
  })

  it('shares a connection key with a source of the same broker and credentials', () => {
    const src = sourceConf({ servers: ['tcp://b:1883'], qos: 1 })
    const sink = sinkConf({ server: 'tcp://b:1883', topic: 'out' })
    assert.equal(connectionKey(src.client), connectionKey(sink.client))
    const other = sinkConf({ server: 'tcp://b:1883', topic: 'out', username: 'u' })
    assert.notEqual(connectionKey(src.client), connectionKey(other.client))
  })
})
