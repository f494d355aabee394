import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { ErrorItem, JoinRows, WindowTuples } from '../../../src/core/collection.js'
import type { Tuple } from '../../../src/core/row.js'
import type { Value } from '../../../src/core/value.js'
import { JoinOp } from '../../../src/operators/join.js'
import { deps, run, select, tuple } from './op-helpers.js'

function join(sql: string): JoinOp {
  const stmt = select(sql)
  return new JoinOp({ from: stmt.sources[0]!, joins: stmt.joins }, deps)
}

function window(sets: Record<string, Record<string, Value>[]>): WindowTuples {
  return new WindowTuples(
    Object.entries(sets).map(([emitter, msgs]) => ({ emitter, tuples: msgs.map((m) => tuple(emitter, m)) })),
  )
}

/** Each joined row as `emitter:id` labels. */
function labels(items: unknown[]): string[][] {
  assert.equal(items.length, 1)
  const rows = items[0]
  assert.ok(rows instanceof JoinRows)
  return rows.rows.map((r) => r.tuples.map((t: Tuple) => `${t.emitter}:${String(Object.values(t.message)[0])}`))
}

const ids = window({
  src1: [{ id1: 1n }, { id1: 2n }, { id1: 3n }],
  src2: [{ id2: 1n }, { id2: 2n }, { id2: 4n }],
})

describe('JoinOp', () => {
  it('LEFT JOIN keeps every left row, each followed by its matches', () => {
    const w = window({ src1: [{ id1: 1n }, { id1: 3n }], src2: [{ id2: 1n }, { id2: 1n }] })
    assert.deepEqual(labels(run(join('SELECT id1 FROM src1 LEFT JOIN src2 ON src1.id1 = src2.id2'), w)), [
      ['src1:1', 'src2:1', 'src2:1'],
      ['src1:3'],
    ])
  })

  it('INNER JOIN gives one row per matching pair and nothing without a match', () => {
    assert.deepEqual(labels(run(join('SELECT id1 FROM src1 INNER JOIN src2 ON src1.id1 = src2.id2'), ids)), [
      ['src1:1', 'src2:1'],
      ['src1:2', 'src2:2'],
    ])
    const none = window({ src1: [{ id1: 1n }], src2: [{ id2: 5n }] })
    assert.deepEqual(run(join('SELECT id1 FROM src1 INNER JOIN src2 ON src1.id1 = src2.id2'), none), [])
  })

  it('RIGHT JOIN starts each row with the right tuple', () => {
    assert.deepEqual(labels(run(join('SELECT id1 FROM src1 RIGHT JOIN src2 ON src1.id1 = src2.id2'), ids)), [
      ['src2:1', 'src1:1'],
      ['src2:2', 'src1:2'],
      ['src2:4'],
    ])
  })

  it('FULL JOIN appends the unmatched right tuples after the left rows', () => {
    assert.deepEqual(labels(run(join('SELECT id1 FROM src1 FULL JOIN src2 ON src1.id1 = src2.id2'), ids)), [
      ['src1:1', 'src2:1'],
      ['src1:2', 'src2:2'],
      ['src1:3'],
      ['src2:4'],
    ])
  })

  it('CROSS JOIN puts every right tuple in each left row', () => {
    const w = window({ src1: [{ id1: 1n }, { id1: 2n }], src2: [{ id2: 7n }, { id2: 8n }] })
    assert.deepEqual(labels(run(join('SELECT id1 FROM src1 CROSS JOIN src2'), w)), [
      ['src1:1', 'src2:7', 'src2:8'],
      ['src1:2', 'src2:7', 'src2:8'],
    ])
  })

  it('takes the joined streams from the ON fields, aliases included', () => {
    const w = window({ s1: [{ id1: 1n }], s2: [{ id2: 1n }] })
    assert.deepEqual(labels(run(join('SELECT id1 FROM src1 AS s1 LEFT JOIN src2 AS s2 ON s1.id1 = s2.id2'), w)), [
      ['s1:1', 's2:1'],
    ])
  })

  it('chains a further join onto the joined rows', () => {
    const w = window({
      src1: [{ id1: 1n }, { id1: 3n }],
      src2: [{ id2: 1n }, { id2: 4n }],
      src3: [{ id3: 1n }, { id3: 5n }],
    })
    const sql = 'SELECT id1 FROM src1 LEFT JOIN src2 ON src1.id1 = src2.id2 LEFT JOIN src3 ON src2.id2 = src3.id3'
    assert.deepEqual(labels(run(join(sql), w)), [['src1:1', 'src2:1', 'src3:1'], ['src1:3']])
    const right = 'SELECT id1 FROM src1 LEFT JOIN src2 ON src1.id1 = src2.id2 RIGHT JOIN src3 ON src2.id2 = src3.id3'
    assert.deepEqual(labels(run(join(right), w)), [['src3:1', 'src1:1', 'src2:1'], ['src3:5']])
  })

  it('reports a failing ON with run Join error', () => {
    const w = window({ src1: [{ id1: 1n }], src2: [{ id2: '3' }] })
    assert.throws(() => run(join('SELECT id1 FROM src1 FULL JOIN src2 ON src1.id1 = src2.id2'), w), {
      message: 'run Join error: invalid operation int64(1) = string(3)',
    })
  })

  it('only joins a window', () => {
    assert.throws(() => run(join('SELECT id1 FROM src1 CROSS JOIN src2'), tuple('src1', {})), {
      message: 'run Join error: join is only supported in window',
    })
    const e = new ErrorItem(new Error('upstream'))
    assert.deepEqual(run(join('SELECT id1 FROM src1 CROSS JOIN src2'), e), [e])
  })
})
