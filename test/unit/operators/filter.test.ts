import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { ErrorItem, JoinRows, WindowTuples } from '../../../src/core/collection.js'
import { JoinTuple } from '../../../src/core/row.js'
import { FilterOp } from '../../../src/operators/filter.js'
import { WindowFilterOp } from '../../../src/operators/window-filter.js'
import { deps, run, select, tuple } from './op-helpers.js'

const where = (sql: string): FilterOp => new FilterOp({ condition: select(sql).condition! }, deps)

describe('FilterOp', () => {
  it('emits a tuple whose condition is true and nothing otherwise', () => {
    const op = where('SELECT a FROM s WHERE a > 3')
    const t = tuple('s', { a: 5n })
    assert.deepEqual(run(op, t), [t])
    assert.deepEqual(run(op, tuple('s', { a: 1n })), [])
  })

  it('treats a comparison of two missing fields as true, as 1.0 does for nil = nil', () => {
    const t = tuple('s', { a: 6n })
    assert.deepEqual(run(where('SELECT a FROM s WHERE def = ghi'), t), [t])
  })

  it('rejects a condition that is not a bool, nil included', () => {
    assert.throws(() => run(where('SELECT a FROM s WHERE b'), tuple('s', { a: 1n })), {
      message: 'run Where error: invalid condition that returns non-bool value <nil>(<nil>)',
    })
  })

  it('prefixes evaluation errors with run Where error', () => {
    assert.throws(() => run(where('SELECT a FROM s WHERE a = b'), tuple('s', { a: 6n, b: 'x' })), {
      message: 'run Where error: invalid operation int64(6) = string(x)',
    })
  })

  it('keeps the matching tuples of a single-stream window and drops an empty result', () => {
    const op = where('SELECT a FROM s WHERE f = "v1"')
    const w = new WindowTuples(
      [{ emitter: 's', tuples: [tuple('s', { f: 'v1', i: 1n }), tuple('s', { f: 'v2' })] }],
      10,
      20,
    )
    const [out] = run(op, w)
    assert.ok(out instanceof WindowTuples)
    assert.deepEqual(
      out.sets[0]!.tuples.map((t) => t.message['i']),
      [1n],
    )
    assert.equal(out.start, 10)
    const none = new WindowTuples([{ emitter: 's', tuples: [tuple('s', { f: 'v2' })] }])
    assert.deepEqual(run(op, none), [])
  })

  it('refuses a window of several streams', () => {
    const w = new WindowTuples([
      { emitter: 'a', tuples: [tuple('a', { f: 'v1' })] },
      { emitter: 'b', tuples: [tuple('b', { f: 'v1' })] },
    ])
    assert.throws(() => run(where('SELECT a FROM s WHERE f = "v1"'), w), {
      message: 'run Where error: the input WindowTuplesSet with multiple tuples cannot be evaluated',
    })
  })

  it('filters joined rows by stream-qualified fields', () => {
    const rows = new JoinRows([
      new JoinTuple([tuple('s1', { f: 'v1' }), tuple('s2', { f: 'x' })]),
      new JoinTuple([tuple('s1', { f: 'v2' })]),
    ])
    const [out] = run(where('SELECT a FROM s1 WHERE s1.f = "v1"'), rows)
    assert.ok(out instanceof JoinRows)
    assert.equal(out.rows.length, 1)
  })

  it('passes an upstream error through unchanged', () => {
    const e = new ErrorItem(new Error('an error from upstream'))
    assert.deepEqual(run(where('SELECT a FROM s WHERE a > 1'), e), [e])
  })

  it('serves as the window FILTER on single tuples', () => {
    const op = new WindowFilterOp({ condition: select('SELECT a FROM s WHERE a > 1').condition! }, deps)
    assert.equal(run(op, tuple('s', { a: 2n })).length, 1)
    assert.equal(run(op, tuple('s', { a: 0n })).length, 0)
  })
})
