import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatFloat } from '../../../src/templates/float-format.js'
import { GoNumber, sprintf } from '../../../src/templates/index.js'

describe('Go float formatting', () => {
  it('formats shortest %v / %g with the exponent from 1e+06 and below 1e-04', () => {
    assert.equal(formatFloat(1e6, 'g', -1), '1e+06')
    assert.equal(formatFloat(123456, 'g', -1), '123456')
    assert.equal(formatFloat(0.0001, 'g', -1), '0.0001')
    assert.equal(formatFloat(0.00001, 'g', -1), '1e-05')
    assert.equal(formatFloat(-1.5e300, 'g', -1), '-1.5e+300')
    assert.equal(formatFloat(0, 'g', -1), '0')
  })

  it('rounds %f and %e exactly with ties to even', () => {
    assert.equal(formatFloat(2.5, 'f', 0), '2')
    assert.equal(formatFloat(3.5, 'f', 0), '4')
    assert.equal(formatFloat(0.125, 'f', 2), '0.12')
    assert.equal(formatFloat(1.005, 'f', 2), '1.00') // 1.005 is 1.00499999999999989...
    assert.equal(formatFloat(1e21, 'f', 1), '1000000000000000000000.0')
    assert.equal(formatFloat(1234.5678, 'e', 3), '1.235e+03')
    assert.equal(formatFloat(0, 'e', 2), '0.00e+00')
  })

  it('formats %g with a precision, trimming zeros', () => {
    assert.equal(formatFloat(1234.5678, 'g', 3), '1.23e+03')
    assert.equal(formatFloat(1, 'g', 3), '1')
    assert.equal(formatFloat(0.000012345, 'g', 2), '1.2e-05')
  })

  it('formats float32 with its own shortest digits', () => {
    assert.equal(formatFloat(Math.fround(3.14), 'f', -1, 32), '3.14')
    assert.equal(formatFloat(Math.fround(3.14), 'f', -1, 64), '3.140000104904175')
  })
})

describe('Go Sprintf', () => {
  it('formats integers with width, zero padding, sign and bases', () => {
    assert.equal(
      sprintf('%5d|%-5d|%05d|%+d|%x|%X|%o|%b|%#x', [42n, 42n, -42n, 42n, 255n, 255n, 8n, 5n, 255n]),
      '   42|42   |-0042|+42|ff|FF|10|101|0xff',
    )
  })

  it('formats floats', () => {
    assert.equal(
      sprintf('%f|%.2f|%8.3f|%e|%g|%v', [3.14159, 3.14159, 3.14159, 1234.5678, 1e21, 1e6]),
      '3.141590|3.14|   3.142|1.234568e+03|1e+21|1e+06',
    )
  })

  it('formats strings, quotes and chars', () => {
    assert.equal(
      sprintf('%s|%10s|%-4s|%.2s|%q|%x|%c|%U', ['ab', 'ab', 'ab', 'abc', 'a"b\n', 'hi', 65n, 0x1f600n]),
      'ab|        ab|ab  |ab|"a\\"b\\n"|6869|A|U+1F600',
    )
    // strconv.Quote escapes what Go does not print: non-ASCII spaces and line separators too.
    assert.equal(sprintf('%q', ['a\u00a0b\u2028']), '"a\\u00a0b\\u2028"')
  })

  it("reports Go's notes for bad verbs, missing and extra arguments", () => {
    assert.equal(sprintf('%d', ['x']), '%!d(string=x)')
    assert.equal(sprintf('%s', [3n]), '%!s(int=3)')
    assert.equal(sprintf('%d %d', [1n]), '1 %!d(MISSING)')
    assert.equal(sprintf('%d', [1n, 'a']), '1%!(EXTRA string=a)')
    assert.equal(sprintf('%d', [null]), '%!d(<nil>)')
    assert.equal(sprintf('100%%', []), '100%')
    assert.equal(sprintf('%T %T %T', [1.5, 'a', { a: 1 }]), 'float64 string map[string]interface {}')
  })

  it('prints Go-typed numbers by their kind', () => {
    assert.equal(
      sprintf('%v %v', [new GoNumber('uint64', 18446744073709551615n), new GoNumber('float32', 0.1)]),
      '18446744073709551615 0.1',
    )
  })
})
