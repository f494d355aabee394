import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bin, bool, evaluate, field, int, num, str } from './helpers.js'

describe('arithmetic', () => {
  it('keeps int64 arithmetic in integers and divides integers with integer division', () => {
    assert.equal(evaluate(bin('+', field('a'), field('b')), { a: 32n, b: 72n }), 104n)
    assert.equal(evaluate(bin('*', field('a'), int(3)), { a: 32n }), 96n)
    assert.equal(evaluate(bin('/', field('a'), field('b')), { a: 32n, b: 72n }), 0n)
    assert.equal(evaluate(bin('/', int(7), int(2)), {}), 3n)
    assert.equal(evaluate(bin('/', int(-7), int(2)), {}), -3n)
    assert.equal(evaluate(bin('%', int(-7), int(2)), {}), -1n)
  })

  it('wraps int64 overflow like Go', () => {
    const max = 9223372036854775807n
    assert.equal(evaluate(bin('+', field('a'), int(1)), { a: max }), -9223372036854775808n)
    assert.equal(evaluate(bin('/', field('a'), int(-1)), { a: -9223372036854775808n }), -9223372036854775808n)
  })

  it('turns the whole operation into float64 when one side is a float', () => {
    assert.equal(evaluate(bin('/', field('a'), field('b')), { a: 32, b: 72 }), 0.4444444444444444)
    assert.equal(evaluate(bin('+', field('a'), field('b')), { a: 55, b: 55n }), 110)
    assert.equal(evaluate(bin('*', field('a'), int(3)), { a: 1.5 }), 4.5)
    assert.equal(evaluate(bin('-', int(3), num(0.5)), {}), 2.5)
    assert.equal(evaluate(bin('%', num(7.5), int(2)), {}), 1.5)
    assert.equal(evaluate(bin('%', num(-7.5), int(2)), {}), -1.5)
  })

  it('fails on division or modulo by zero for ints and floats', () => {
    assert.throws(() => evaluate(bin('/', field('a'), field('b')), { a: 55n, b: 0n }), { message: 'divided by zero' })
    assert.throws(() => evaluate(bin('%', field('a'), field('b')), { a: 55n, b: 0n }), { message: 'divided by zero' })
    assert.throws(() => evaluate(bin('/', num(1), num(0)), {}), { message: 'divided by zero' })
  })

  it('gives nil when an operand is nil', () => {
    assert.equal(evaluate(bin('+', field('a'), field('b')), { c: 'x' }), null)
    assert.equal(evaluate(bin('*', field('a'), int(3)), { c: 'x' }), null)
    assert.equal(evaluate(bin('/', field('a'), field('b')), { a: 12n }), null)
  })

  it('rejects strings in arithmetic, naming both operands with their Go types', () => {
    assert.throws(() => evaluate(bin('+', field('a'), field('b')), { a: '32', b: '72' }), {
      message: 'invalid operation string(32) + string(72)',
    })
    assert.throws(() => evaluate(bin('*', field('a'), int(3)), { a: '32' }), {
      message: 'invalid operation string(32) * int64(3)',
    })
    assert.throws(() => evaluate(bin('+', int(3), str('a')), {}), { message: 'invalid operation int64(3) + string(a)' })
  })

  it('applies & | ^ bitwise on ints and logically on bools', () => {
    assert.equal(evaluate(bin('&', int(6), int(3)), {}), 2n)
    assert.equal(evaluate(bin('|', int(6), int(3)), {}), 7n)
    assert.equal(evaluate(bin('^', int(6), int(3)), {}), 5n)
    assert.equal(evaluate(bin('&', bool(true), bool(false)), {}), false)
    assert.equal(evaluate(bin('|', bool(true), bool(false)), {}), true)
    assert.equal(evaluate(bin('^', bool(true), bool(true)), {}), false)
  })

  it('prints both operands as float64 when a float is involved in an invalid operation', () => {
    assert.throws(() => evaluate(bin('&', int(3), num(1.5)), {}), {
      message: 'invalid operation float64(3) & float64(1.5)',
    })
  })
})

describe('logic', () => {
  it('combines booleans with AND and OR', () => {
    assert.equal(evaluate(bin('AND', bool(true), bool(false)), {}), false)
    assert.equal(evaluate(bin('OR', bool(true), bool(false)), {}), true)
  })

  it('gives nil for AND / OR with a nil operand', () => {
    assert.equal(evaluate(bin('AND', field('x'), bool(true)), {}), null)
    assert.equal(evaluate(bin('OR', bool(true), field('x')), {}), null)
  })

  it('rejects non-boolean operands of AND and OR', () => {
    assert.throws(() => evaluate(bin('AND', bool(true), int(1)), {}), {
      message: 'invalid operation bool(true) AND int64(1)',
    })
    assert.throws(() => evaluate(bin('OR', int(1), bool(true)), {}), {
      message: 'invalid operation int64(1) OR bool(true)',
    })
  })

  it('evaluates the right side even when the left side decides', () => {
    assert.throws(() => evaluate(bin('AND', bool(false), bin('/', int(1), int(0))), {}), { message: 'divided by zero' })
  })
})
