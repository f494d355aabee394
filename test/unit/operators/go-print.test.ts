import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { formatGo } from '../../../src/core/value.js'
import { describeMessageValue, formatS, messageTypeName } from '../../../src/operators/go-print.js'
import { floatToInt } from '../../../src/operators/float-to-int.js'

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

describe('Go int(f) of the preprocessor', () => {
  it('converts floats to integers by truncation toward zero', () => {
    assert.equal(floatToInt(35.9), 35n)
    assert.equal(floatToInt(-35.9), -35n)
  })
})
