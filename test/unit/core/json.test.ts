import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { EvalError } from '../../../src/core/errors.js'
import { toJson } from '../../../src/core/json.js'
import { compareUtf8 } from '../../../src/core/value.js'

describe('toJson', () => {
  it('sorts map keys, also in nested maps', () => {
    assert.equal(toJson({ b: 1, a: { d: true, c: null } }), '{"a":{"c":null,"d":true},"b":1}')
  })

  it('escapes <, > and & as Go does, and U+2028/U+2029', () => {
    assert.equal(toJson('<a href="x">&</a>'), '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"')
    assert.equal(toJson('a\u2028b\u2029'), '"a\\u2028b\\u2029"')
  })

  it('escapes control characters with short forms for \\n \\r \\t and \\u00XX otherwise', () => {
    assert.equal(toJson('a\nb\rc\td\u0001\u0008\u000c\u001f\\'), '"a\\nb\\rc\\td\\u0001\\u0008\\u000c\\u001f\\\\"')
  })

  it('keeps non-ASCII text and surrogate pairs, and replaces lone surrogates by U+FFFD', () => {
    assert.equal(toJson('héllo 😀'), '"héllo 😀"')
    assert.equal(toJson('a\ud800b'), '"a\\ufffdb"')
  })

  it('writes bigint as integer text and numbers as JavaScript prints them', () => {
    assert.equal(toJson(9007199254740993n), '9007199254740993')
    assert.equal(toJson([1, 1.5, 1e21, 1e-7, 1000000, 0.000001, -0]), '[1,1.5,1e+21,1e-7,1000000,0.000001,-0]')
  })

  it('throws an EvalError for NaN and infinities', () => {
    assert.throws(
      () => toJson({ a: NaN }),
      (e: unknown) => e instanceof EvalError && e.message === 'json: unsupported value: NaN',
    )
    assert.throws(() => toJson(Infinity), { message: 'json: unsupported value: +Inf' })
    assert.throws(() => toJson(-Infinity), { message: 'json: unsupported value: -Inf' })
  })

  it('writes a Date as RFC 3339 in UTC with the fraction trimmed of trailing zeros', () => {
    assert.equal(toJson(new Date(Date.UTC(2020, 1, 26, 2, 37, 21, 822))), '"2020-02-26T02:37:21.822Z"')
    assert.equal(toJson(new Date(Date.UTC(2020, 1, 26, 2, 37, 21, 800))), '"2020-02-26T02:37:21.8Z"')
    assert.equal(toJson(new Date(Date.UTC(2020, 1, 26, 2, 37, 21, 0))), '"2020-02-26T02:37:21Z"')
  })

  it('writes bytes as standard padded base64', () => {
    assert.equal(toJson(new Uint8Array([104, 105, 33, 0])), '"aGkhAA=="')
    assert.equal(
      toJson(new Uint8Array(Buffer.from('xxhello').buffer, 2 + Buffer.from('xxhello').byteOffset, 5)),
      '"aGVsbG8="',
    )
  })

  it('writes nil, and undefined map values, as null', () => {
    assert.equal(toJson(null), 'null')
    assert.equal(toJson(undefined), 'null')
    assert.equal(toJson({ a: undefined, b: [undefined] }), '{"a":null,"b":[null]}')
  })

  it('escapes map keys like strings', () => {
    assert.equal(toJson({ 'a<b': 1 }), '{"a\\u003cb":1}')
  })

  it('gives the same text as JSON.stringify for plain data apart from key order', () => {
    const v = { z: [1, 'two', { y: false }], a: 'x' }
    assert.deepEqual(JSON.parse(toJson(v)), JSON.parse(JSON.stringify(v)))
  })
})

describe('compareUtf8', () => {
  it('orders by code point, putting astral characters after U+E000..U+FFFF', () => {
    const keys = ['\uffff', '😀', 'b', 'a', 'ab']
    assert.deepEqual(keys.sort(compareUtf8), ['a', 'ab', 'b', '\uffff', '😀'])
  })
})
