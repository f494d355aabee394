import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { GroupedRows, JoinRows, WindowTuples } from '../../../src/core/collection.js'
import { JoinTuple } from '../../../src/core/row.js'
import type { Tuple } from '../../../src/core/row.js'
import type { Value } from '../../../src/core/value.js'
import { goSort } from '../../../src/operators/go-sort.js'
import { OrderOp } from '../../../src/operators/order.js'
import { run, select, tuple } from './op-helpers.js'

const order = (sql: string): OrderOp => new OrderOp({ sortFields: select(sql).sortFields })
const ids = (w: unknown): Value[] => (w as WindowTuples).sets[0]!.tuples.map((t) => t.message['id'])
const window = (...tuples: Tuple[]): WindowTuples => new WindowTuples([{ emitter: 's', tuples }])

describe('OrderOp', () => {
  it('sorts window rows descending', () => {
    const w = window(tuple('s', { id: 1n }), tuple('s', { id: 3n }), tuple('s', { id: 2n }))
    assert.deepEqual(ids(run(order('SELECT id FROM s ORDER BY id DESC'), w)[0]), [3n, 2n, 1n])
  })

  it('puts rows with a nil sort value last, whatever the direction', () => {
    const w = window(tuple('s', { id: 1n }), tuple('s', {}), tuple('s', { id: 3n }))
    assert.deepEqual(ids(run(order('SELECT id FROM s ORDER BY id DESC'), w)[0]), [3n, 1n, undefined])
    assert.deepEqual(ids(run(order('SELECT id FROM s ORDER BY id'), w)[0]), [1n, 3n, undefined])
  })

  it('uses the next field on a tie', () => {
    const w = window(tuple('s', { f: 'v1', id: 1n }), tuple('s', { f: 'v2', id: 2n }), tuple('s', { f: 'v1', id: 3n }))
    assert.deepEqual(ids(run(order('SELECT * FROM s ORDER BY f, id DESC'), w)[0]), [3n, 1n, 2n])
  })

  it('compares integers and floats together', () => {
    const w = window(tuple('s', { id: 2.5 }), tuple('s', { id: 1n }), tuple('s', { id: 3n }))
    assert.deepEqual(ids(run(order('SELECT id FROM s ORDER BY id'), w)[0]), [1n, 2.5, 3n])
  })

  it('rejects values of incompatible types with the Go type names', () => {
    const w = window(tuple('s', { id: 1n }), tuple('s', { id: '2string' }))
    assert.throws(() => run(order('SELECT id FROM s ORDER BY id DESC'), w), {
      message: 'run Order By error: incompatible types for comparison: int and string',
    })
  })

  it('sorts joined rows by a stream-qualified field', () => {
    const r1 = new JoinTuple([tuple('s1', { id: 1n })])
    const r2 = new JoinTuple([tuple('s1', { id: 2n })])
    const [out] = run(order('SELECT id FROM s1 ORDER BY s1.id DESC'), new JoinRows([r1, r2]))
    assert.deepEqual((out as JoinRows).rows, [r2, r1])
  })

  it('sorts groups by their first row', () => {
    const g1 = [tuple('s', { id: 1n }), tuple('s', { id: 9n })]
    const g2 = [tuple('s', { id: 2n })]
    const [out] = run(order('SELECT id FROM s ORDER BY id DESC'), new GroupedRows([g1, g2]))
    assert.deepEqual((out as GroupedRows).groups, [g2, g1])
  })

  it('passes a single tuple through', () => {
    const t = tuple('s', { id: 1n })
    assert.deepEqual(run(order('SELECT id FROM s ORDER BY id'), t), [t])
  })
})

describe('goSort', () => {
  function sortKeys(keys: number[]): number[] {
    const a = keys.map((k, i) => ({ k, i }))
    goSort({
      length: a.length,
      less: (i, j) => a[i]!.k < a[j]!.k,
      swap: (i, j) => {
        const t = a[i]!
        a[i] = a[j]!
        a[j] = t
      },
    })
    return a.map((x) => x.i)
  }

  it('keeps ties in order up to six elements, like an insertion sort', () => {
    assert.deepEqual(sortKeys([1, 0, 1, 0, 1, 0]), [1, 3, 5, 0, 2, 4])
  })

  it('reorders ties across the gap-6 shell pass above six elements, as Go does', () => {
    // Go's shell pass swaps elements 0 and 6 first, moving index 6 ahead of the tied index 1.
    assert.deepEqual(sortKeys([1, 0, 1, 1, 1, 1, 0]), [6, 1, 2, 3, 4, 5, 0])
  })

  it('sorts large inputs', () => {
    const keys = Array.from({ length: 200 }, (_, i) => (i * 7919) % 101)
    const order = sortKeys(keys)
    const sorted = order.map((i) => keys[i]!)
    assert.deepEqual(
      sorted,
      [...keys].sort((x, y) => x - y),
    )
  })
})
