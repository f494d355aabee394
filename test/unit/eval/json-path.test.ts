import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { arrow, bin, evaluate, field, index, slice } from './helpers.js'

const a = field('a')

describe('JSON expressions', () => {
  it('reads a map key with ->, nested and case-insensitively', () => {
    assert.equal(evaluate(arrow(a, 'b'), { a: { b: 'hello' } }), 'hello')
    assert.equal(evaluate(arrow(arrow(a, 'c'), 'd'), { a: { c: { d: 35.2 } } }), 35.2)
    assert.equal(evaluate(arrow(a, 'B'), { a: { b: 'hello' } }), 'hello')
  })

  it('gives nil for -> on a missing key, a nil value or a missing column', () => {
    assert.equal(evaluate(arrow(arrow(a, 'c'), 'd'), { a: { c: { e: 1 } } }), undefined)
    assert.equal(evaluate(arrow(arrow(a, 'c'), 'd'), { a: { b: 'x' } }), null)
    assert.equal(evaluate(arrow(a, 'b'), { a: null }), null)
    assert.equal(evaluate(arrow(a, 'b'), { name: 'name' }), null)
  })

  it('treats -> on a scalar as 1.0 does: nil unless the row has a column of the right-hand name', () => {
    assert.equal(evaluate(arrow(a, 'b'), { a: 'commonstring' }), null)
    assert.throws(() => evaluate(arrow(a, 'b'), { a: 'x', b: 3n }), {
      message: 'invalid operation string(x) -> int64(3)',
    })
  })

  it('rejects -> on an array', () => {
    assert.throws(() => evaluate(arrow(a, 'b'), { a: [1] }), {
      message: '-> is an invalid operation for []interface {}',
    })
  })

  it('indexes arrays from 0 and combines with ->', () => {
    const arr = [{ b: 'hello1' }, { b: 'hello2' }]
    assert.equal(evaluate(arrow(index(a, 0), 'b'), { a: arr }), 'hello1')
    assert.equal(evaluate(index(a, 1), { a: [true, false] }), false)
  })

  it('fails on an index out of range, negative included', () => {
    assert.throws(() => evaluate(index(a, 0), { a: [] }), { message: 'out of index: 0 of 0' })
    assert.throws(() => evaluate(index(a, 2), { a: [1, 2] }), { message: 'out of index: 2 of 2' })
    assert.throws(() => evaluate(index(a, -1), { a: [1, 2] }), { message: 'out of index: -1 of 2' })
  })

  it('slices with an exclusive end and open bounds', () => {
    const arr = [1, 2, 3, 4, 5]
    assert.deepEqual(evaluate(slice(a, 2, 4), { a: arr }), [3, 4])
    assert.deepEqual(evaluate(slice(a, 2), { a: arr }), [3, 4, 5])
    assert.deepEqual(evaluate(slice(a, undefined, 4), { a: arr }), [1, 2, 3, 4])
    assert.deepEqual(evaluate(slice(a), { a: arr }), arr)
    assert.deepEqual(evaluate(slice(arrow(a, 'b'), 0, 1), { a: { b: [3.14, 3.141] } }), [3.14])
  })

  it('rejects slice bounds out of range as 1.0 does', () => {
    const arr = [1, 2, 3]
    assert.throws(() => evaluate(slice(a, 3), { a: arr }), { message: 'start value is out of index: 3 of 3' })
    assert.throws(() => evaluate(slice(a, 0, 3), { a: arr }), { message: 'end value is out of index: 3 of 3' })
    assert.throws(() => evaluate(slice(a, 2, 1), { a: arr }), {
      message: 'start cannot be greater than end. start:2  end:1',
    })
  })

  it('treats a slice whose bounds are equal as an index (1.0 quirk)', () => {
    assert.equal(evaluate(slice(a, 1, 1), { a: [1, 2, 3] }), 2)
  })

  it('gives nil for [] on nil and fails on maps and scalars', () => {
    assert.equal(evaluate(index(a, 0), {}), null)
    assert.throws(() => evaluate(index(a, 0), { a: { b: 1 } }), {
      message: '[] is an invalid operation for map[string]interface {}',
    })
    assert.throws(() => evaluate(arrow(index(a, 0), 'b'), { a: 'common string' }), {
      message: 'invalid operation string(common string) [] *xsql.BracketEvalResult(&{0 0})',
    })
    assert.throws(() => evaluate(slice(a, 2), { a: 3n }), {
      message: 'invalid operation int64(3) [] *xsql.BracketEvalResult(&{2 -1})',
    })
  })

  it('fails when a map is used with an arithmetic operator', () => {
    assert.throws(() => evaluate(bin('+', a, field('b')), { a: { x: 1 }, b: 1 }), {
      message: '+ is an invalid operation for map[string]interface {}',
    })
  })
})
