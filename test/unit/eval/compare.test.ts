import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { BinaryOp } from '../../../src/sql/ast/expr.js'
import { bin, bool, evaluate, field, int, num, str } from './helpers.js'

const d = (ms: number): Date => new Date(ms)

describe('comparison', () => {
  it('compares ints and floats numerically, whichever side is which', () => {
    assert.equal(evaluate(bin('>=', field('a'), field('b')), { a: 55, b: 55n }), true)
    assert.equal(evaluate(bin('<', field('a'), field('b')), { a: 32n, b: 72.5 }), true)
    assert.equal(evaluate(bin('=', field('a'), field('b')), { a: 3n, b: 3 }), true)
  })

  it('compares a field with a number literal through the fast path with the generic results', () => {
    const ops: BinaryOp[] = ['=', '!=', '<', '<=', '>', '>=']
    const values = [32, 72, 72n, 100n, 71.5, null, undefined]
    for (const op of ops) {
      for (const lit of [int(72), num(72), num(71.5)]) {
        for (const v of values) {
          const fast = evaluate(bin(op, field('a'), lit), { a: v })
          const generic = evaluate(bin(op, field('a'), bin('+', lit, int(0))), { a: v })
          assert.equal(fast, generic, `${String(v)} ${op} literal`)
        }
      }
    }
  })

  it('applies the nil rules: only = <= >= of two nils are true, != of one nil is true', () => {
    const none = {}
    assert.equal(evaluate(bin('>', field('a'), int(72)), none), false)
    assert.equal(evaluate(bin('=', field('a'), str('x')), none), false)
    assert.equal(evaluate(bin('>=', field('a'), field('b')), none), true)
    assert.equal(evaluate(bin('=', field('a'), field('b')), none), true)
    assert.equal(evaluate(bin('<', field('a'), field('b')), none), false)
    assert.equal(evaluate(bin('!=', field('a'), field('b')), none), false)
    assert.equal(evaluate(bin('!=', field('a'), field('b')), { a: 12n }), true)
    assert.equal(evaluate(bin('=', field('a'), field('b')), { a: 12n }), false)
  })

  it('compares strings lexicographically and only with strings', () => {
    assert.equal(evaluate(bin('<', field('a'), field('b')), { a: '32', b: '72' }), true)
    assert.equal(evaluate(bin('=', field('a'), str('string literal')), { a: '32' }), false)
    assert.throws(() => evaluate(bin('>', field('a'), int(72)), { a: '32' }), {
      message: 'invalid operation string(32) > int64(72)',
    })
    assert.throws(() => evaluate(bin('=', field('a'), str('s')), { a: 32 }), {
      message: 'invalid operation float64(32) = string(s)',
    })
  })

  it('orders strings by UTF-8 bytes as Go does', () => {
    assert.equal(evaluate(bin('<', str('\uffff'), str('\u{10000}')), {}), true)
  })

  it('rejects maps and arrays on the left of a comparison', () => {
    assert.throws(() => evaluate(bin('>', field('a'), int(72)), { a: [32n, 72n] }), {
      message: '> is an invalid operation for []interface {}',
    })
    assert.throws(() => evaluate(bin('!=', field('a'), field('b')), { a: { c: 5n }, b: { d: 5n } }), {
      message: '!= is an invalid operation for map[string]interface {}',
    })
  })

  it('compares a time on the left with epoch milliseconds and ISO strings', () => {
    const t = d(1541152488442)
    assert.equal(evaluate(bin('>', field('a'), int(72)), { a: t }), true)
    assert.equal(evaluate(bin('>=', field('a'), field('b')), { a: t, b: 1541152388442n }), true)
    assert.equal(evaluate(bin('<', field('a'), field('b')), { a: t, b: '2020-02-26T02:37:21.822Z' }), true)
    assert.equal(evaluate(bin('=', field('a'), str('2018-11-02T09:54:48.442Z')), { a: t }), true)
    assert.equal(evaluate(bin('=', field('a'), str('2018-11-02T10:54:48.442+01:00')), { a: t }), true)
    assert.equal(evaluate(bin('=', field('a'), field('b')), { a: t, b: d(1541152488442) }), true)
  })

  it('prints times in errors with Go layout', () => {
    assert.throws(() => evaluate(bin('=', field('a'), str('string literal')), { a: d(1541152488442) }), {
      message: 'invalid operation time.Time(2018-11-02 09:54:48.442 +0000 UTC) = string(string literal)',
    })
    assert.throws(() => evaluate(bin('>=', field('a'), field('b')), { a: 1541152388442n, b: d(1541152488442) }), {
      message: 'invalid operation int64(1541152388442) >= time.Time(2018-11-02 09:54:48.442 +0000 UTC)',
    })
    assert.throws(() => evaluate(bin('=', field('a'), bool(true)), { a: d(0) }), {
      message: 'invalid operation time.Time(1970-01-01 00:00:00 +0000 UTC) = bool(true)',
    })
  })

  it('compares booleans only for equality with booleans', () => {
    assert.equal(evaluate(bin('=', bool(true), bool(true)), {}), true)
    assert.equal(evaluate(bin('!=', bool(true), bool(false)), {}), true)
    assert.throws(() => evaluate(bin('<', bool(true), bool(false)), {}), {
      message: 'invalid operation bool(true) < bool(false)',
    })
    assert.throws(() => evaluate(bin('=', bool(true), int(1)), {}), {
      message: 'invalid operation bool(true) = int64(1)',
    })
  })
})
