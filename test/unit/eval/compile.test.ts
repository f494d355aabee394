import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { JoinTuple } from '../../../src/core/row.js'
import type { Expr } from '../../../src/sql/ast/expr.js'
import { bin, bool, evaluate, field, int, num, star, str, tuple } from './helpers.js'

const neg = (operand: Expr): Expr => ({ kind: 'UnaryExpr', op: '-', operand })
const not = (operand: Expr): Expr => ({ kind: 'UnaryExpr', op: 'NOT', operand })

describe('compileExpr', () => {
  it('evaluates literals to their runtime types', () => {
    assert.equal(evaluate(int(5), {}), 5n)
    assert.equal(evaluate(num(3.4), {}), 3.4)
    assert.equal(evaluate(str('value'), {}), 'value')
    assert.equal(evaluate(bool(true), {}), true)
  })

  it('reads columns by exact name first, then case-insensitively; a missing column is nil', () => {
    assert.equal(evaluate(field('A'), { a: 'val_a' }), 'val_a')
    assert.equal(evaluate(field('a'), { a: 1n, A: 2n }), 1n)
    assert.equal(evaluate(field('b'), { a: 1n }), undefined)
    assert.equal(evaluate(field('a.b.c'), { 'a.b.c': 'x' }), 'x')
  })

  it('returns all columns for * and one stream for stream.* in a join', () => {
    const j = new JoinTuple([tuple({ id: 1n, f1: 'v1' }, null, 'src1'), tuple({ id: 2n, f2: 'w2' }, null, 'src2')])
    assert.deepEqual(evaluate(star(), j), { id: 1n, f1: 'v1', f2: 'w2' })
    assert.deepEqual(evaluate(star('src2'), j), { id: 2n, f2: 'w2' })
    assert.deepEqual(evaluate(star(), { a: 1n }), { a: 1n })
  })

  it('negates numbers and booleans and keeps nil', () => {
    assert.equal(evaluate(neg(field('a')), { a: 3n }), -3n)
    assert.equal(evaluate(neg(field('a')), { a: 1.5 }), -1.5)
    assert.equal(evaluate(neg(field('a')), {}), null)
    assert.equal(evaluate(not(bin('>', field('a'), int(1))), { a: 3n }), false)
    assert.throws(() => evaluate(not(str('x')), {}), { message: 'invalid operation NOT string(x)' })
    assert.throws(() => evaluate(neg(str('x')), {}), { message: 'invalid operation -string(x)' })
  })

  it('reuses one compiled closure across rows', () => {
    const rows = [{ a: 1n }, { a: 'x' }, { a: 2.5 }, {}]
    const got = rows.map((r) => {
      try {
        return evaluate(bin('*', field('a'), int(2)), r)
      } catch (err) {
        return (err as Error).message
      }
    })
    assert.deepEqual(got, [2n, 'invalid operation string(x) * int64(2)', 5, null])
  })
})
