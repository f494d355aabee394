import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { GroupedRows, JoinRows, WindowTuples } from '../../../src/core/collection.js'
import { JoinTuple } from '../../../src/core/row.js'
import type { Tuple } from '../../../src/core/row.js'
import { builtinFunctions } from '../../../src/functions/registry.js'
import { AggregateOp } from '../../../src/operators/aggregate.js'
import { toJson } from '../../../src/core/json.js'
import { parseSelect } from '../../../src/sql/parser/index.js'
import type { AggregateConfig } from '../../../src/operators/aggregate.js'
import { deps, run, select, tuple } from './op-helpers.js'

function aggregate(sql: string, withAliases = false): AggregateOp {
  const stmt = select(sql)
  const config: AggregateConfig = {
    dimensions: stmt.dimensions.filter((d) => d.expr.kind !== 'Window').map((d) => d.expr),
    aliasFields: withAliases ? stmt.fields.filter((f) => f.alias !== '' && f.expr.kind === 'Call') : [],
  }
  return new AggregateOp(config, deps)
}

const window = (...tuples: Tuple[]): WindowTuples => new WindowTuples([{ emitter: 's', tuples }])

describe('AggregateOp', () => {
  it('groups window rows by dimension values in order of first appearance', () => {
    const a = tuple('s', { f: 'v1', id: 1n })
    const b = tuple('s', { f: 'v2', id: 2n })
    const c = tuple('s', { f: 'v1', id: 3n })
    const [out] = run(aggregate('SELECT id FROM s GROUP BY TUMBLINGWINDOW(ss, 10), f'), window(a, b, c))
    assert.ok(out instanceof GroupedRows)
    assert.deepEqual(out.groups, [[a, c], [b]])
  })

  it('puts values with the same %v text in one group, as 1.0 keys groups by text', () => {
    const a = tuple('s', { f: 1n })
    const b = tuple('s', { f: 1 })
    const c = tuple('s', { f: '1' })
    const [out] = run(aggregate('SELECT f FROM s GROUP BY f'), window(a, b, c))
    assert.equal((out as GroupedRows).groups.length, 1)
  })

  it('makes a single tuple one group', () => {
    const t = tuple('s', { abc: 6n })
    assert.deepEqual(run(aggregate('SELECT abc FROM s GROUP BY abc'), t), [new GroupedRows([[t]])])
  })

  it('groups joined rows by stream-qualified fields', () => {
    const r1 = new JoinTuple([tuple('s1', { f: 'v1' }), tuple('s2', { g: 'w' })])
    const r2 = new JoinTuple([tuple('s1', { f: 'v2' })])
    const [out] = run(aggregate('SELECT f FROM s1 GROUP BY s1.f'), new JoinRows([r1, r2]))
    assert.deepEqual((out as GroupedRows).groups, [[r1], [r2]])
  })

  it('stores an aggregate alias in the first row of each group', () => {
    const a = tuple('s', { f: 'v1' })
    const b = tuple('s', { f: 'v2' })
    const c = tuple('s', { f: 'v1' })
    run(aggregate('SELECT count(*) AS c FROM s GROUP BY TUMBLINGWINDOW(ss, 10), f', true), window(a, b, c))
    assert.equal(a.message['c'], 2n)
    assert.equal(b.message['c'], 1n)
    assert.equal(Object.hasOwn(c.message, 'c'), false)
  })

  it('stores collect(*) AS r without the message containing itself (it encodes as JSON)', () => {
    const stmt = parseSelect('SELECT collect(*) AS r FROM s GROUP BY COUNTWINDOW(2)', { functions: builtinFunctions })
    const op = new AggregateOp({ dimensions: [], aliasFields: stmt.fields }, { functions: builtinFunctions })
    const a = tuple('s', { t: 1n })
    const b = tuple('s', { t: 2n })
    run(op, window(a, b))
    assert.equal(toJson(a.message), '{"r":[{"t":1},{"t":2}],"t":1}')
  })

  it('computes aliases over a whole window when there is no dimension', () => {
    const a = tuple('s', { id: 1n })
    const w = window(a, tuple('s', { id: 2n }))
    assert.deepEqual(run(aggregate('SELECT count(*) AS c FROM s', true), w), [w])
    assert.equal(a.message['c'], 2n)
  })

  it('prefixes dimension errors with run Group By error', () => {
    assert.throws(() => run(aggregate('SELECT f FROM s GROUP BY f * 2'), window(tuple('s', { f: 'v1' }))), {
      message: 'run Group By error: invalid operation string(v1) * int64(2)',
    })
  })
})
