import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { ErrorItem, JoinRows, WindowTuples } from '../../../src/core/collection.js'
import { JoinTuple } from '../../../src/core/row.js'
import { compileExpr } from '../../../src/eval/compile.js'
import { testCondition } from '../../../src/operators/common.js'
import { FilterOp } from '../../../src/operators/filter.js'
import { WindowFilterOp } from '../../../src/operators/window-filter.js'
import { deps, opContext, run, select, tuple } from './op-helpers.js'

const where = (sql: string): FilterOp => new FilterOp({ condition: select(sql).condition! }, deps)

describe('FilterOp', () => {
  it('emits a tuple whose condition is true and nothing otherwise', () => {
    const op = where('SELECT a FROM s WHERE a > 3')
    const t = tuple('s', { a: 5n })
    assert.deepEqual(run(op, t), [t])
    assert.deepEqual(run(op, tuple('s', { a: 1n })), [])
  })

  it('decides `col <op> <number>` from its own fields exactly as the compiled condition does', () => {
    // FilterOp reads a number column against the literal itself (no closure per row); every other value takes the
    // compiled condition. Both ways must agree on every comparison, literal and value, errors included.
    const values = [5, 3, 3.5, -0, 0, NaN, Infinity, 2 ** 53, 5n, 3n, -(2n ** 63n), 'x', '3', true, null, [1], { a: 1 }]
    const literals = ['3', '3.5', '-2', '0', '9223372036854775807']
    const ctx = opContext()
    let fast = 0
    for (const op of ['>', '>=', '<', '<=', '=', '!=']) {
      for (const lit of literals) {
        const stmt = select(`SELECT a FROM s WHERE a ${op} ${lit}`)
        const filter = new FilterOp({ condition: stmt.condition! }, deps)
        const cond = compileExpr(stmt.condition!, deps)
        for (const a of values) {
          const t = tuple('s', { a })
          let expected: unknown
          try {
            expected = testCondition(cond, t, { fn: ctx.fn }, 'Where') ? t : undefined
          } catch (err) {
            expected = err
          }
          let got: unknown
          try {
            got = filter.transform(t, ctx)
          } catch (err) {
            got = err
          }
          const what = `a = ${String(a)}: a ${op} ${lit}`
          if (expected instanceof Error) assert.equal((got as Error).message, expected.message, what)
          else assert.equal(got, expected, what)
          if (typeof a === 'number') fast++
        }
      }
    }
    assert.ok(fast > 0)
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
