import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { declareConnector, readProperty } from '../../../src/connectors/properties.js'

const text = { en: 'a property', zh: '一个属性' }

const demo = declareConnector({
  name: 'demo',
  kind: 'sink',
  description: { en: 'A demo sink', zh: '演示 Sink' },
  properties: {
    server: { type: 'string', required: true, description: text },
    qos: { type: 'int', default: 0, values: [0, 1, 2], description: text },
    method: { type: 'string', default: 'get', values: ['get', 'post'], ignoreCase: true, description: text },
    timeout: { type: 'int', default: 5000, min: 1, description: text },
    ratio: { type: 'float', description: text },
    retained: { type: 'bool', default: false, description: text },
    fields: { type: 'list_string', description: text },
    headers: { type: 'map', description: text },
    port: { type: 'int', default: 5573, lenient: true, description: text },
  },
})

const CONFIG_ERROR = (message: string) => ({ code: 'CONFIG_ERROR', message })

describe('declared connector properties', () => {
  it('fills defaults, keeps what is given and drops unknown keys, as 1.0 ignored them', () => {
    const p = demo.parse({ server: 'tcp://b', method: 'POST', whatever: 1 })
    assert.deepEqual(p, { server: 'tcp://b', qos: 0, method: 'POST', timeout: 5000, retained: false, port: 5573 })
  })

  it("reads numbers and booleans written as strings, bigints, comma lists, and null as absent (1.0's mapstructure)", () => {
    const p = demo.parse({
      server: 's',
      qos: '2',
      timeout: 10n,
      ratio: '0.5',
      retained: 'true',
      fields: 'a, b,',
      port: null,
    })
    assert.equal(p.qos, 2)
    assert.equal(p.timeout, 10)
    assert.equal(p.ratio, 0.5)
    assert.equal(p.retained, true)
    assert.deepEqual(p.fields, ['a', 'b'])
    assert.equal(p.port, 5573)
  })

  it('refuses a missing required property, a wrong type, a value outside the enum and one below the minimum', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'demo sink is missing property server'],
      [{ server: null }, 'demo sink is missing property server'],
      [{ server: 1 }, 'demo sink property server must be a string, found 1'],
      [{ server: 's', qos: 3 }, 'demo sink property qos must be one of 0, 1, 2, found 3'],
      [{ server: 's', qos: 1.5 }, 'demo sink property qos must be an integer, found 1.5'],
      [{ server: 's', method: 'fetch' }, 'demo sink property method must be one of get, post, found "fetch"'],
      [{ server: 's', timeout: 0 }, 'demo sink property timeout must be a positive integer, found 0'],
      [{ server: 's', retained: 'yes' }, 'demo sink property retained must be a bool, found "yes"'],
      [{ server: 's', headers: [1] }, 'demo sink property headers must be a map, found [1]'],
      [{ server: 's', fields: [1] }, 'demo sink property fields must be a list of strings, found [1]'],
    ]
    for (const [raw, message] of cases) assert.throws(() => demo.parse(raw), CONFIG_ERROR(message), message)
  })

  it('logs a bad lenient property and keeps its default, as 1.0 did', () => {
    const warnings: string[] = []
    assert.equal(demo.parse({ server: 's', port: 'x' }, (m) => warnings.push(m)).port, 5573)
    assert.deepEqual(warnings, ['demo sink property port must be an integer, found "x"; the default 5573 is used'])
  })

  it('matches source conf keys ignoring case when the declaration says so, an exact key winning', () => {
    const src = declareConnector({
      name: 'demo',
      kind: 'source',
      description: text,
      keysIgnoreCase: true,
      properties: { clientId: { type: 'string', description: text } },
    })
    assert.equal(src.parse({ CLIENTID: 'a' }).clientId, 'a')
    assert.equal(src.parse({ clientid: 'a', clientId: 'b' }).clientId, 'b')
  })

  it('checks only the keys given (a stream conf at stream create), leaving missing required ones to rule create', () => {
    demo.checkGiven({})
    demo.checkGiven({ qos: '1', port: 'x', other: true })
    assert.throws(
      () => demo.checkGiven({ qos: 9 }),
      CONFIG_ERROR('demo sink property qos must be one of 0, 1, 2, found 9'),
    )
    assert.throws(
      () => demo.checkGiven({ server: 2 }),
      CONFIG_ERROR('demo sink property server must be a string, found 2'),
    )
  })

  it('lists the properties in declaration order with their names, and reads one value leniently', () => {
    assert.deepEqual(
      demo.properties.map((p) => p.name),
      ['server', 'qos', 'method', 'timeout', 'ratio', 'retained', 'fields', 'headers', 'port'],
    )
    const timeout = demo.properties.find((p) => p.name === 'timeout')!
    assert.deepEqual(readProperty(timeout, '7'), { ok: true, value: 7 })
    assert.deepEqual(readProperty(timeout, -1), { ok: false })
    assert.equal(demo.parse({ server: 's' }).server, 's')
  })
})
