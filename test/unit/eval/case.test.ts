import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Expr } from '../../../src/sql/ast/expr.js'
import { bin, evaluate, field, int, str } from './helpers.js'

const caseOf = (value: Expr | undefined, whens: [Expr, Expr][], otherwise?: Expr): Expr => ({
  kind: 'CaseExpr',
  ...(value === undefined ? {} : { value }),
  whens: whens.map(([when, then]) => ({ when, then })),
  ...(otherwise === undefined ? {} : { else: otherwise }),
})

describe('CASE', () => {
  const simple = caseOf(
    field('a'),
    [
      [int(1), str('one')],
      [int(2), str('two')],
    ],
    str('many'),
  )

  it('picks the first WHEN equal to the value in the simple form', () => {
    assert.equal(evaluate(simple, { a: 2n }), 'two')
    assert.equal(evaluate(simple, { a: 1 }), 'one')
    assert.equal(evaluate(simple, { a: 7n }), 'many')
  })

  it('picks the first true WHEN in the searched form', () => {
    const searched = caseOf(undefined, [
      [bin('>', field('a'), int(10)), str('big')],
      [bin('>', field('a'), int(5)), str('medium')],
    ])
    assert.equal(evaluate(searched, { a: 20n }), 'big')
    assert.equal(evaluate(searched, { a: 7n }), 'medium')
  })

  it('gives nil without a match and without ELSE', () => {
    assert.equal(evaluate(caseOf(field('a'), [[int(1), str('one')]]), { a: 3n }), null)
    assert.equal(evaluate(caseOf(undefined, [[bin('>', field('a'), int(1)), str('x')]]), {}), null)
  })

  it('wraps comparison errors', () => {
    assert.throws(() => evaluate(simple, { a: 'x' }), {
      message: 'evaluate case expression error: invalid operation string(x) = int64(1)',
    })
    assert.throws(() => evaluate(caseOf(undefined, [[bin('>', field('a'), int(1)), str('x')]]), { a: 'x' }), {
      message: 'evaluate case expression error: invalid operation string(x) > int64(1)',
    })
  })
})
