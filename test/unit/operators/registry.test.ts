import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { ErrorItem, ResultRows, WindowTuples } from '../../../src/core/collection.js'
import { createOperator, isOperatorKind, operatorFactories } from '../../../src/operators/registry.js'
import { deps, run, select, tuple } from './op-helpers.js'

describe('operator registry', () => {
  it('has a factory for every planned operator kind', () => {
    assert.deepEqual(Object.keys(operatorFactories).sort(), [
      'aggregate',
      'filter',
      'having',
      'join',
      'order',
      'preprocessor',
      'project',
      'windowFilter',
    ])
    assert.equal(isOperatorKind('filter'), true)
    assert.equal(isOperatorKind('window'), false)
  })

  it('builds an operator from a plain { kind, config } node', () => {
    const stmt = select('SELECT a FROM s WHERE a > 1')
    const op = createOperator({ kind: 'filter', config: { condition: stmt.condition! } }, deps)
    assert.equal(run(op, tuple('s', { a: 2n })).length, 1)
  })

  it('wraps the projection: one ResultRows item per input', () => {
    const stmt = select('SELECT a, count(*) AS c FROM s')
    const op = createOperator({ kind: 'project', config: { statement: stmt } }, deps)
    const w = new WindowTuples([{ emitter: 's', tuples: [tuple('s', { a: 1n }), tuple('s', { a: 2n })] }])
    assert.deepEqual(run(op, w), [new ResultRows([{ a: 1n, c: 2n }])])
    const e = new ErrorItem(new Error('upstream'))
    assert.deepEqual(run(op, e), [e])
  })
})
