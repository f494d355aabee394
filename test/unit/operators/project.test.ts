import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GroupedRows, JoinRows, WindowTuples } from '../../../src/core/collection.js'
import { JoinTuple } from '../../../src/core/row.js'
import { createProjection } from '../../../src/operators/project.js'
import type { ProjectOptions } from '../../../src/operators/project.js'
import type { Expr } from '../../../src/sql/ast/expr.js'
import type { Field, SelectStatement } from '../../../src/sql/ast/statement.js'
import { arrow, bin, call, field, fnCtx, int, metaRef, star, str, testFunctions, tuple } from '../eval/helpers.js'

/** A SELECT list item; `name` as the parser derives it (column or function name, else ''). */
function sel(expr: Expr, alias = ''): Field {
  const name =
    expr.kind === 'FieldRef' ? expr.name : expr.kind === 'Call' ? expr.name : expr.kind === 'Wildcard' ? '*' : ''
  return { kind: 'Field', expr, name, alias }
}

function stmt(fields: Field[], groupBy: Expr[] = []): SelectStatement {
  return {
    kind: 'SelectStatement',
    fields,
    sources: [{ kind: 'Table', name: 'test' }],
    joins: [],
    dimensions: groupBy.map((expr) => ({ kind: 'Dimension', expr })),
    sortFields: [],
  }
}

function project(fields: Field[], opts: Partial<ProjectOptions> = {}, groupBy: Expr[] = []) {
  return createProjection(stmt(fields, groupBy), { functions: testFunctions, ...opts })
}

describe('project', () => {
  it('names outputs by alias, column name, function name, then rengine_field_<i>', () => {
    const p = project([
      sel(field('A')),
      sel(str('value'), 'b'),
      sel(call('round', field('x'))),
      sel(bin('*', field('x'), int(2))),
      sel(arrow(field('m'), 'k')),
    ])
    assert.deepEqual(p.apply(tuple({ a: 'val_a', x: 1.4, m: { k: 'v' } }), fnCtx), [
      { A: 'val_a', b: 'value', round: 1, rengine_field_0: 2.8, rengine_field_1: 'v' },
    ])
  })

  it('omits nil values, so the numbering of unnamed fields skips them', () => {
    const p = project([sel(field('b')), sel(bin('+', field('y'), int(1))), sel(bin('+', field('x'), int(1)))])
    assert.deepEqual(p.apply(tuple({ x: 1n }), fnCtx), [{ rengine_field_0: 2n }])
    assert.deepEqual(p.apply(tuple({}), fnCtx), [{}])
  })

  it('keeps the first value of a duplicated output name', () => {
    const p = project([sel(field('a')), sel(field('b'), 'a')])
    assert.deepEqual(p.apply(tuple({ a: 1n, b: 2n }), fnCtx), [{ a: 1n }])
  })

  it('merges all columns for *, and one stream for stream.* in joins (first stream wins)', () => {
    const j = new JoinTuple([tuple({ id: 1n, f1: 'v1' }, null, 'src1'), tuple({ id: 2n, f2: 'w2' }, null, 'src2')])
    assert.deepEqual(project([sel(star())]).apply(new JoinRows([j]), fnCtx), [{ id: 1n, f1: 'v1', f2: 'w2' }])
    assert.deepEqual(project([sel(field('id', 'src2')), sel(star('src1'))]).apply(new JoinRows([j]), fnCtx), [
      { id: 1n, f1: 'v1' },
    ])
  })

  it('adds __meta only with sendMeta and only when the tuple has metadata', () => {
    const p = project([sel(field('a'))], { sendMeta: true })
    assert.deepEqual(p.apply(tuple({ a: 'x' }, { id: 45n }), fnCtx), [{ a: 'x', __meta: { id: 45n } }])
    assert.deepEqual(p.apply(tuple({ a: 'x' }), fnCtx), [{ a: 'x' }])
    assert.deepEqual(project([sel(field('a'))]).apply(tuple({ a: 'x' }, { id: 45n }), fnCtx), [{ a: 'x' }])
  })

  it('projects every row of a window, or only the first over all rows when aggregating', () => {
    const w = new WindowTuples([{ emitter: 'src1', tuples: [tuple({ a: 53n }), tuple({ a: 27n }), tuple({ b: 1n })] }])
    assert.deepEqual(project([sel(field('a'))]).apply(w, fnCtx), [{ a: 53n }, { a: 27n }, {}])
    const agg = project([sel(call('count', star()), 'all'), sel(call('sum', field('a')))])
    assert.equal(agg.isAggregate, true)
    assert.deepEqual(agg.apply(w, fnCtx), [{ all: 3n, sum: 80 }])
  })

  it('projects one row per group, aggregating over the group', () => {
    const g = new GroupedRows([[tuple({ a: 1n, c: 'x' }), tuple({ a: 2n, c: 'x' })], [tuple({ a: 5n, c: 'y' })]])
    const p = project([sel(field('c')), sel(call('count', field('a')), 'n')], {}, [field('c')])
    assert.deepEqual(p.apply(g, fnCtx), [
      { c: 'x', n: 2n },
      { c: 'y', n: 1n },
    ])
  })

  it('decides aggregation from the statement unless told', () => {
    assert.equal(project([sel(field('a'))]).isAggregate, false)
    assert.equal(project([sel(field('a'))], {}, [field('a')]).isAggregate, true)
    assert.equal(project([sel(call('count', field('a')))], { isAggregate: false }).isAggregate, false)
  })

  it('reads metadata per row through meta()', () => {
    const p = project([sel(call('meta', metaRef('device')), 'd')])
    assert.deepEqual(p.apply(tuple({}, { device: 'dev1' }), fnCtx), [{ d: 'dev1' }])
  })

  it('reports errors as run Select errors, except for joins', () => {
    const p = project([sel(bin('*', field('a'), int(5)))])
    assert.throws(() => p.apply(tuple({ a: 'val_a' }), fnCtx), {
      message: 'run Select error: invalid operation string(val_a) * int64(5)',
    })
    const j = new JoinTuple([tuple({ a: 'x' }, null, 'src1')])
    assert.throws(() => p.apply(new JoinRows([j]), fnCtx), { message: 'invalid operation string(x) * int64(5)' })
    const two = new WindowTuples([
      { emitter: 's1', tuples: [] },
      { emitter: 's2', tuples: [] },
    ])
    assert.throws(() => p.apply(two, fnCtx), {
      message: 'run Select error: the input WindowTuplesSet with multiple tuples cannot be evaluated)',
    })
  })
})
