// Cases of Go's own strconv tests (atoi_test.go, atof_test.go, quote_test.go), which the one implementation must
// pass for each caller: the cast function, the preprocessor, the EdgeX source, the SQL printer and the log lines.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { EvalError } from '../../../src/core/errors.js'
import {
  GoNumError,
  goAtoi,
  goParseBool,
  goParseFloat,
  goParseUint,
  goQuote,
  tryAtoi,
  tryParseBool,
  tryParseFloat,
} from '../../../src/core/go-strconv.js'

function errorOf(f: () => unknown): GoNumError {
  try {
    f()
  } catch (err) {
    assert.ok(err instanceof GoNumError)
    return err
  }
  assert.fail('expected a GoNumError')
}

describe('Go strconv.Quote', () => {
  it('escapes quotes, backslashes and control characters with Go short escapes, \\x below space', () => {
    assert.equal(goQuote('a "b"\\c'), '"a \\"b\\"\\\\c"')
    assert.equal(goQuote('\x07\b\f\n\r\t\v'), '"\\a\\b\\f\\n\\r\\t\\v"')
    assert.equal(goQuote('\x01é\t\x7f'), '"\\x01é\\t\\x7f"')
  })

  it('keeps printable Unicode and escapes the rest as \\u or \\U', () => {
    assert.equal(goQuote('日本語☺'), '"日本語☺"')
    assert.equal(goQuote('\u0085\u00a0\u2028'), '"\\u0085\\u00a0\\u2028"')
    assert.equal(goQuote('\u{e0001}'), '"\\U000e0001"')
    assert.equal(goQuote('\u{1f600}'), '"\u{1f600}"')
  })

  it('writes a lone surrogate as Go writes an invalid rune', () => {
    assert.equal(goQuote('a\ud800b'), '"a\\ufffdb"')
  })
})

describe('Go strconv.Atoi and ParseUint', () => {
  it('accepts an optional sign and decimal digits within int64', () => {
    assert.equal(goAtoi('-42'), -42n)
    assert.equal(goAtoi('+7'), 7n)
    assert.equal(goAtoi('007'), 7n)
    assert.equal(goAtoi('9223372036854775807'), 9223372036854775807n)
    assert.equal(goAtoi('-9223372036854775808'), -9223372036854775808n)
  })

  it('rejects spaces, fractions, underscores and base prefixes as syntax, beyond int64 as range', () => {
    for (const s of ['', '+', ' 1', '1 ', '1.0', '1_000', '0x10', '١']) {
      assert.equal(errorOf(() => goAtoi(s)).message, `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`)
      assert.equal(tryAtoi(s), undefined)
    }
    assert.equal(
      errorOf(() => goAtoi('9223372036854775808')).message,
      'strconv.Atoi: parsing "9223372036854775808": value out of range',
    )
    assert.equal(tryAtoi('-9223372036854775809'), undefined)
  })

  it('ParseUint takes no sign and reaches the uint64 maximum', () => {
    assert.equal(goParseUint('18446744073709551615'), 18446744073709551615n)
    assert.equal(errorOf(() => goParseUint('+1')).message, 'strconv.ParseUint: parsing "+1": invalid syntax')
    assert.equal(errorOf(() => goParseUint('18446744073709551616')).reason, 'value out of range')
  })
})

describe('Go strconv.ParseFloat(s, 64)', () => {
  it('reads decimal and exponent forms correctly rounded', () => {
    assert.equal(goParseFloat('34'), 34)
    assert.equal(goParseFloat('.5e1'), 5)
    assert.equal(goParseFloat('5.'), 5)
    assert.equal(goParseFloat('+1e23'), 1e23)
    assert.equal(goParseFloat('1.7976931348623157e308'), 1.7976931348623157e308)
    assert.equal(goParseFloat('1e-400'), 0) // underflow is not an error
    assert.ok(Object.is(goParseFloat('-0'), -0))
  })

  it('reads hex mantissas with a p exponent, subnormals and rounding to even included', () => {
    assert.equal(goParseFloat('0x1p-2'), 0.25)
    assert.equal(goParseFloat('0x1.fp4'), 31)
    assert.equal(goParseFloat('-0x1.8p1'), -3)
    assert.equal(goParseFloat('0x1p-1074'), 5e-324)
    assert.equal(goParseFloat('0x1p-1075'), 0) // the tie goes to even: zero
    assert.equal(goParseFloat('0x1.00000000000008p0'), 1) // halfway, mantissa even: down
    assert.equal(goParseFloat('0x1.00000000000018p0'), 1.0000000000000004) // halfway, odd: up
    assert.equal(goParseFloat('0x1.fffffffffffffp1023'), Number.MAX_VALUE)
    assert.equal(errorOf(() => goParseFloat('0x1p1024')).reason, 'value out of range')
    for (const s of ['0x1', '0x1.8', '0xp1', '0x.p1', '0x1p']) assert.equal(tryParseFloat(s), undefined, s)
  })

  it('accepts underscores only between digits or after the base prefix', () => {
    assert.equal(goParseFloat('1_23.50_0_0e+1_2'), 1.235e14)
    assert.equal(goParseFloat('0x_1_2.3_4_5p+1_2'), 74565)
    const bad = ['_123.5e+12', '-_123.5e+12', '1__23.5e+12', '123_.5e+12', '123._5e+12', '123.5_e+12']
    bad.push('123.5e_+12', '123.5e+_12', '123.5e+12_', '0x__12.345p+12', '0x12_.345p+12', '0x12.345p+12_', '_')
    for (const s of bad) assert.equal(tryParseFloat(s), undefined, s)
  })

  it('reads inf, infinity and nan in any case; nan takes no sign', () => {
    assert.equal(goParseFloat('-Inf'), -Infinity)
    assert.equal(goParseFloat('+INFINITY'), Infinity)
    assert.ok(Number.isNaN(goParseFloat('NaN')))
    for (const s of ['+nan', '-nan', 'infin', 'nan(1)']) assert.equal(tryParseFloat(s), undefined, s)
  })

  it('reports syntax and range with Go texts', () => {
    assert.equal(errorOf(() => goParseFloat('x1')).message, 'strconv.ParseFloat: parsing "x1": invalid syntax')
    assert.equal(
      errorOf(() => goParseFloat('1e400')).message,
      'strconv.ParseFloat: parsing "1e400": value out of range',
    )
    for (const s of ['', '.', '1.2.3', ' 1', '1e', '1e+', 'e1', '1x']) assert.equal(tryParseFloat(s), undefined, s)
  })

  it('stays linear on long malformed input', () => {
    const long = '1'.repeat(100_000)
    assert.equal(tryParseFloat(`${long}x`), undefined)
    assert.equal(tryParseFloat(`0x${long}.${long}`), undefined)
  })
})

describe('Go strconv.ParseBool', () => {
  it('accepts exactly the Go spellings', () => {
    for (const s of ['1', 't', 'T', 'TRUE', 'true', 'True']) assert.equal(goParseBool(s), true)
    for (const s of ['0', 'f', 'F', 'FALSE', 'false', 'False']) assert.equal(tryParseBool(s), false)
    for (const s of ['yes', 'tRUE', ' true', '']) assert.equal(tryParseBool(s), undefined)
  })

  it('fails with the Go text as an EvalError, the error the cast function reports', () => {
    const err = errorOf(() => goParseBool('yes'))
    assert.ok(err instanceof EvalError)
    assert.equal(err.message, 'strconv.ParseBool: parsing "yes": invalid syntax')
  })
})
