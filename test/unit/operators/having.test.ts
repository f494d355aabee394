import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { GroupedRows, JoinRows, WindowTuples } from '../../../src/core/collection.js'
import { JoinTuple } from '../../../src/core/row.js'
import { HavingOp } from '../../../src/operators/having.js'
import { deps, run, select, tuple } from './op-helpers.js'

const having = (sql: string): HavingOp => new HavingOp({ condition: select(sql).having! }, deps)

describe('HavingOp', () => {
  it('keeps the groups whose aggregate condition holds', () => {
    const g1 = [tuple('s', { f: 'v1', id: 1n }), tuple('s', { f: 'v1', id: 3n })]
    const g2 = [tuple('s', { f: 'v2', id: 2n })]
    const [out] = run(having('SELECT id FROM s GROUP BY f HAVING count(id) > 1'), new GroupedRows([g1, g2]))
    assert.ok(out instanceof GroupedRows)
    assert.deepEqual(out.groups, [g1])
  })

  it('reads plain fields from the first row of each group', () => {
    const g1 = [tuple('s', { f: 'v1' })]
    const g2 = [tuple('s', { f: 'v2' })]
    const [out] = run(having('SELECT id FROM s GROUP BY f HAVING f = "v2"'), new GroupedRows([g1, g2]))
    assert.deepEqual((out as GroupedRows).groups, [g2])
  })

  it('emits nothing when no group is left', () => {
    const g = [tuple('s', { id: 1n })]
    assert.deepEqual(run(having('SELECT id FROM s GROUP BY id HAVING sum(id) > 1'), new GroupedRows([g])), [])
  })

  it('keeps or drops a window whole, plain fields read from its first tuple', () => {
    const w = new WindowTuples([{ emitter: 's', tuples: [tuple('s', { id: 1n, a: 2n }), tuple('s', { id: 2n })] }])
    assert.deepEqual(run(having('SELECT id FROM s HAVING a > 1'), w), [w])
    assert.deepEqual(run(having('SELECT id FROM s HAVING sum(id) > 3'), w), [])
  })

  it('filters joined rows one by one against the aggregates of all of them', () => {
    const r1 = new JoinTuple([tuple('t', { a: 122n })])
    const r2 = new JoinTuple([tuple('t', { a: 68n })])
    const [out] = run(having('SELECT a FROM t HAVING a > 100 AND count(a) = 2'), new JoinRows([r1, r2]))
    assert.deepEqual((out as JoinRows).rows, [r1])
  })

  it('prefixes errors with run Having error', () => {
    const w = new WindowTuples([{ emitter: 's', tuples: [tuple('s', { id: 1n })] }])
    assert.throws(() => run(having('SELECT id FROM s HAVING sum(id) > "str"'), w), {
      message: 'run Having error: invalid operation int64(1) > string(str)',
    })
  })
})
