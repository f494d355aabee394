import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sinkConf, sourceConf } from '../../../src/connectors/edgex/config.js'
import { decodeEventMessage } from '../../../src/connectors/edgex/decode.js'
import { decodeEnvelope, encodeEnvelope, newEnvelope } from '../../../src/connectors/edgex/envelope.js'
import { decodeEvent, emptyReading, encodeEvent } from '../../../src/connectors/edgex/event.js'
import { parseJsonInt } from '../../../src/connectors/edgex/json-int.js'
import { produceEvent } from '../../../src/connectors/edgex/produce.js'
import { castToString } from '../../../src/connectors/edgex/config.js'
import { convertReading } from '../../../src/connectors/edgex/readings.js'

const reading = (value: string, extra: Partial<ReturnType<typeof emptyReading>> = {}) => ({
  ...emptyReading('r', value),
  ...extra,
})

describe('EdgeX reading conversion', () => {
  it('converts scalar types by descriptor, case-insensitively, with Go dynamic types', () => {
    assert.deepEqual(convertReading('int16', reading('-7')), { value: -7n, goType: 'int' })
    assert.deepEqual(convertReading('UINT64', reading('18446744073709551615')), {
      value: 18446744073709551615n,
      goType: 'uint64',
    })
    assert.deepEqual(convertReading('Bool', reading('F')), { value: false, goType: 'bool' })
    assert.deepEqual(convertReading('Float64', reading('1e-3')), { value: 0.001, goType: 'float64' })
    assert.deepEqual(convertReading('String', reading('x')), { value: 'x', goType: 'string' })
  })

  it('decodes base64 floats as big-endian IEEE bits of the reading or descriptor width', () => {
    assert.equal(convertReading('Float32', reading('QEgAAA==')).value, 3.125)
    assert.equal(convertReading('Float64', reading('QAkeuFHrhR8=')).value, 3.14)
    // The reading's own valueType and floatEncoding win over the descriptor and the `=` guess.
    assert.equal(convertReading('Float64', reading('QEgAAA==', { valueType: 'Float32' })).value, 3.125)
    assert.throws(() => convertReading('Float64', reading('3.5', { floatEncoding: 'Base64' })))
  })

  it('converts the Hanoi array types from JSON text', () => {
    assert.deepEqual(convertReading('BoolArray', reading('[true,false,null]')).value, [true, false, false])
    assert.deepEqual(convertReading('Int64Array', reading('[9223372036854775807,-1]')).value, [
      9223372036854775807n,
      -1n,
    ])
    assert.deepEqual(convertReading('Float64Array', reading('[1, 2.5]')).value, [1, 2.5])
    assert.deepEqual(convertReading('Float32Array', reading('["1.5", "QEgAAA=="]')).value, [1.5, 3.125])
    assert.equal(convertReading('Int8Array', reading('null')).value, null)
  })

  it('rejects values 1.0 could not parse', () => {
    for (const [t, v] of [
      ['Int32', '1.0'],
      ['Int64', '9223372036854775808'],
      ['Uint64', '-1'],
      ['Bool', 'yes'],
      ['Float64', '1e400'],
      ['Int8Array', '[1.5]'],
      ['Uint64Array', '[-1]'],
      ['BoolArray', '[1]'],
      ['Float64Array', '[1, "2"]'],
      ['Binary', 'AAE='],
    ] as const) {
      assert.throws(() => convertReading(t, reading(v)), Error, `${t} ${v}`)
    }
  })

  it('parses eNotation floats with Go ParseFloat and reports its errors with Go quoting', () => {
    assert.equal(convertReading('Float64', reading('0x1p-2')).value, 0.25)
    assert.equal(convertReading('Float64', reading('1_000.5')).value, 1000.5)
    assert.throws(() => convertReading('Float64', reading('+nan')), {
      message: 'unable to parse Float64 eNotation value: strconv.ParseFloat: parsing "+nan": invalid syntax',
    })
    assert.throws(() => convertReading('Int32', reading('\u00a0')), {
      message: 'strconv.Atoi: parsing "\\u00a0": invalid syntax',
    })
  })

  it('keeps an unknown descriptor type as text and warns', () => {
    const warnings: string[] = []
    assert.deepEqual(
      convertReading('FLOAT', reading('100'), (m) => warnings.push(m)),
      {
        value: '100',
        goType: 'string',
      },
    )
    assert.equal(warnings.length, 1)
  })

  it('casts optional values to strings as 1.0 (floats with two decimals, ties to even)', () => {
    assert.deepEqual(castToString(12n), ['12', true])
    assert.deepEqual(castToString(12.3), ['12.30', true])
    assert.deepEqual(castToString(0.125), ['0.12', true])
    assert.deepEqual(castToString(true), ['true', true])
    assert.deepEqual(castToString([1]), ['', false])
  })
})

describe('EdgeX event JSON', () => {
  it('parses integer literals exactly and other numbers as floats', () => {
    assert.deepEqual(parseJsonInt('{"a":12345678901234567890,"b":1.5,"c":[1e2,-0],"d":"\\u00e9"}'), {
      a: 12345678901234567890n,
      b: 1.5,
      c: [100, 0n],
      d: 'é',
    })
    assert.throws(() => parseJsonInt('{"a":1,}'), SyntaxError)
    assert.throws(() => parseJsonInt('[1] x'), SyntaxError)
  })

  it('decodes an event with Go field matching and exact int64 timestamps', () => {
    const e = decodeEvent(
      '{"ID":"e1","device":"d","origin":1579203784431226600,"readings":[{"Name":"t","value":"1","created":5}],"tags":{"a":"b"}}',
    )
    assert.equal(e.id, 'e1')
    assert.equal(e.origin, 1579203784431226600n)
    assert.equal(e.readings?.[0]?.name, 't')
    assert.equal(e.readings?.[0]?.created, 5n)
    assert.deepEqual(e.tags, { a: 'b' })
    assert.throws(() => decodeEvent('{"device": 1}'), /cannot unmarshal number/)
    assert.throws(() => decodeEvent('{"origin": 1.5}'), /int64/)
    assert.throws(() => decodeEvent('[]'), /models.Event/)
  })

  it('encodes an event as v0.1.80 MarshalJSON: empty fields omitted, Go string escaping', () => {
    const e = decodeEvent('{"device":"a<b","created":7,"readings":[{"name":"t","value":"1","origin":9}]}')
    assert.equal(encodeEvent(e), '{"device":"a\\u003cb","created":7,"readings":[{"origin":9,"name":"t","value":"1"}]}')
  })

  it('maps an event to a message with event and per-reading metadata', () => {
    const e = decodeEvent(
      '{"id":"i","device":"d","created":1,"modified":2,"origin":3,"pushed":4,"readings":[{"name":"t","value":"21","id":"r","device":"rd","created":11}]}',
    )
    const decoded = decodeEventMessage(
      e,
      'c',
      () => 'Int64',
      () => {},
    )
    assert.deepEqual(decoded, {
      message: { t: 21n },
      meta: {
        t: { id: 'r', created: 11n, modified: 0n, origin: 0n, pushed: 0n, device: 'rd' },
        id: 'i',
        pushed: 4n,
        device: 'd',
        created: 1n,
        modified: 2n,
        origin: 3n,
        correlationid: 'c',
      },
    })
    assert.equal(
      decodeEventMessage(
        e,
        'c',
        () => undefined,
        () => {},
      ),
      undefined,
    )
  })
})

describe('EdgeX message envelope', () => {
  it('round-trips with Go field names and a base64 payload', () => {
    const text = encodeEnvelope(newEnvelope('{"device":"d"}', 'application/json', 'x'))
    assert.equal(
      text,
      '{"Checksum":"","CorrelationID":"x","Payload":"eyJkZXZpY2UiOiJkIn0=","ContentType":"application/json"}',
    )
    const env = decodeEnvelope(text.replace('"ContentType"', '"contenttype"'))
    assert.equal(new TextDecoder().decode(env.payload), '{"device":"d"}')
    assert.equal(env.contentType, 'application/json')
    assert.equal(env.correlationId, 'x')
  })

  it('takes a bare event object as a JSON payload and rejects non-objects', () => {
    const env = decodeEnvelope('{"device":"d","readings":[]}')
    assert.equal(new TextDecoder().decode(env.payload), '{"device":"d","readings":[]}')
    assert.throws(() => decodeEnvelope('[1]'))
    assert.throws(() => decodeEnvelope('nope'))
  })
})

describe('EdgeX configuration', () => {
  it('applies 1.0 source defaults and validation', () => {
    const c = sourceConf(
      { serviceServer: 'http://h:48080', optional: { Qos: 1n, KeepAlive: 5.5, Retained: false } },
      'ds',
    )
    assert.deepEqual(c.bus, {
      type: 'zero',
      protocol: 'tcp',
      host: 'localhost',
      port: 5563,
      optional: { Qos: '1', KeepAlive: '5.50', Retained: 'false' },
    })
    assert.equal(c.topic, 'ds')
    assert.throws(() => sourceConf({}, ''), /edgex source is missing property serviceServer/)
    assert.throws(
      () => sourceConf({ serviceServer: 'x', type: 'kafka' }, ''),
      /edgex source property type must be one of zero, mqtt, redisstreams, redis, found "kafka"/,
    )
    assert.equal(sourceConf({ serviceServer: 'x', type: 'redis' }, '').bus.type, 'redisstreams')
  })

  it('applies 1.0 sink defaults: tcp://*:5573 topic events, invalid type → zero, optional strings only', () => {
    const c = sinkConf({})
    assert.deepEqual(c, {
      bus: { type: 'zero', protocol: 'tcp', host: '*', port: 5573, optional: {} },
      topic: 'events',
      contentType: 'application/json',
      metadata: '',
      deviceName: '',
    })
    assert.equal(sinkConf({ type: 'nats' }).bus.type, 'zero')
    assert.equal(sinkConf({ port: 'x' }).bus.port, 5573)
    assert.throws(() => sinkConf({ optional: { Qos: 1 } }), /Only string value is allowed/)
  })
})

describe('EdgeX sink event building', () => {
  it('fills the event from the first metadata object and prints values with Go %v', () => {
    const e = produceEvent(
      '[{"a":{"x":[1,true,null]},"m":{"device":"dev","created":5.9,"a":{"id":"r1"}}},{"m":{"device":"other"},"b":1e21}]',
      {
        metadata: 'm',
        deviceName: '',
      },
    )
    assert.equal(e.device, 'dev')
    assert.equal(e.created, 5n)
    assert.deepEqual(
      e.readings?.map((r) => [r.name, r.value, r.id]),
      [
        ['a', 'map[x:[1 true <nil>]]', 'r1'],
        ['b', '1e+21', ''],
      ],
    )
    assert.throws(() => produceEvent('{"a":1}', { metadata: '', deviceName: '' }), /cannot unmarshal/)
  })
})
