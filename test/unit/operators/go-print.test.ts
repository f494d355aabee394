import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { formatGo } from '../../../src/core/value.js'
import { describeMessageValue, formatS, messageTypeName } from '../../../src/operators/go-print.js'
import { atoi, floatToInt, parseBool, parseFloat64 } from '../../../src/operators/go-strconv.js'

describe('Go fmt of message values', () => {
  it('prints a map with %s the way Go does, non-strings as %!s(type=value)', () => {
    assert.equal(
      formatS({ b: 'hello', a: 6, c: [true, null], d: 3n }),
      'map[a:%!s(float64=6) b:hello c:[%!s(bool=true) %!s(<nil>)] d:%!s(int=3)]',
    )
  })

  it('names integers of a message Go int and prints time.Time with its String method', () => {
    assert.equal(messageTypeName(3n), 'int')
    assert.equal(describeMessageValue(null), '<nil>(<nil>)')
    assert.equal(describeMessageValue(1e21), 'float64(1e+21)')
    assert.equal(formatGo({ t: new Date(1568854515000) }), 'map[t:2019-09-19 00:55:15 +0000 UTC]')
  })
})

describe('Go strconv of the preprocessor', () => {
  it('Atoi accepts a signed decimal within int64 only', () => {
    assert.equal(atoi('-42'), -42n)
    assert.equal(atoi('+7'), 7n)
    assert.equal(atoi('1.0'), undefined)
    assert.equal(atoi(' 1'), undefined)
    assert.equal(atoi('9223372036854775808'), undefined)
  })

  it('ParseFloat accepts decimal, exponent, hex and special forms but no underscores without a prefix', () => {
    assert.equal(parseFloat64('34'), 34)
    assert.equal(parseFloat64('.5e1'), 5)
    assert.equal(parseFloat64('0x1p-2'), 0.25)
    assert.equal(parseFloat64('-Inf'), -Infinity)
    assert.equal(parseFloat64('1_000'), undefined)
    assert.equal(parseFloat64('1e400'), undefined)
    assert.equal(parseFloat64('abc'), undefined)
  })

  it('ParseBool accepts exactly Go spellings', () => {
    assert.equal(parseBool('T'), true)
    assert.equal(parseBool('False'), false)
    assert.equal(parseBool('yes'), undefined)
    assert.equal(parseBool('tRUE'), undefined)
  })

  it('converts floats to integers by truncation toward zero', () => {
    assert.equal(floatToInt(35.9), 35n)
    assert.equal(floatToInt(-35.9), -35n)
  })
})
