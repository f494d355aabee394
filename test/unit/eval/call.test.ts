import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { JoinTuple } from '../../../src/core/row.js'
import { compileExpr } from '../../../src/eval/compile.js'
import { arrow, call, evaluate, field, index, int, metaRef, num, star, str, testFunctions, tuple } from './helpers.js'

describe('function calls', () => {
  it('calls scalar functions with evaluated arguments of any count', () => {
    assert.equal(evaluate(call('round', field('a')), { a: 47.5 }), 48)
    assert.equal(evaluate(call('concat', field('a'), str('-'), field('b')), { a: 'x', b: 'y' }), 'x-y')
    assert.equal(evaluate(call('pi'), {}), 3.14)
    assert.equal(evaluate(call('add3', int(1), num(2), field('c')), { c: 3 }), 6)
    assert.equal(evaluate(call('concat', str('a'), str('b'), str('c'), str('d')), {}), 'abcd')
  })

  it('resolves names case-insensitively through the catalog at compile time', () => {
    assert.equal(evaluate(call('ROUND', num(1.4)), {}), 1)
    assert.throws(() => compileExpr(call('nosuch', int(1)), { functions: testFunctions }), /nosuch/)
  })

  it('wraps function errors as 1.0 does, with the name as written', () => {
    assert.throws(() => evaluate(call('Round', field('a')), { a: 'x' }), {
      message: 'call func Round error: round: only float64 & int type are supported',
    })
    assert.throws(() => evaluate(call('fail'), {}), { message: 'call func fail error: boom' })
  })

  it('passes argument errors through unwrapped', () => {
    assert.throws(() => evaluate(call('round', index(field('a'), 3)), { a: [1] }), { message: 'out of index: 3 of 1' })
  })

  it('gives aggregates the column of each argument over the group', () => {
    const group = [tuple({ a: 53n }), tuple({ a: 27n }), tuple({ b: 1n })]
    assert.equal(evaluate(call('count', field('a')), group[0]!, group), 2n)
    assert.equal(evaluate(call('sum', field('a')), group[0]!, group), 80)
    assert.deepEqual(evaluate(call('collect', field('a')), group[0]!, group), [53n, 27n, undefined])
  })

  it('treats the single row as the group outside aggregation', () => {
    assert.equal(evaluate(call('count', field('a')), { a: 47.5 }), 1n)
  })

  it('passes whole rows for * arguments', () => {
    const group = [tuple({ a: 53n, s: 1n }), tuple({ a: 27n })]
    assert.equal(evaluate(call('count', star()), group[0]!, group), 2n)
    assert.deepEqual(evaluate(index(call('collect', star()), 1), group[0]!, group), { a: 27n })
    assert.equal(evaluate(arrow(index(call('collect', star()), 1), 'a'), group[0]!, group), 27n)
  })

  it('runs scalar calls around aggregates on the group result', () => {
    const group = [tuple({ a: 1.4 }), tuple({ a: 1.4 })]
    assert.equal(evaluate(call('round', call('sum', field('a'))), group[0]!, group), 3)
  })
})

describe('metadata', () => {
  const t = tuple({ topic: 'fff', temperature: 43.2 }, { topic: 'dev/1', device: 'gw', temperature: { device: 'd2' } })

  it('reads metadata keys with meta() and mqtt(), not columns', () => {
    assert.equal(evaluate(call('meta', metaRef('topic')), t), 'dev/1')
    assert.equal(evaluate(call('mqtt', metaRef('topic')), t), 'dev/1')
    assert.equal(evaluate(call('meta', field('device')), t), 'gw')
    assert.equal(evaluate(call('meta', metaRef('nothing')), t), undefined)
  })

  it('follows -> paths into metadata', () => {
    assert.equal(
      evaluate(
        call('meta', { kind: 'BinaryExpr', op: '->', left: metaRef('temperature'), right: metaRef('device') }),
        t,
      ),
      'd2',
    )
    assert.equal(evaluate(call('meta', arrow(metaRef('temperature'), 'device')), t), 'd2')
  })

  it('returns all metadata for meta(*)', () => {
    assert.deepEqual(evaluate(call('meta', metaRef('*')), t), {
      topic: 'dev/1',
      device: 'gw',
      temperature: { device: 'd2' },
    })
  })

  it('reads the metadata of a given stream in a join', () => {
    const j = new JoinTuple([tuple({ id: 1n }, { topic: 't1' }, 'src1'), tuple({ id: 2n }, { topic: 't2' }, 'src2')])
    assert.equal(evaluate(call('meta', metaRef('topic', 'src2')), j), 't2')
    assert.equal(evaluate(call('mqtt', metaRef('topic', 'src1')), j), 't1')
    assert.equal(evaluate(field('id', 'src2'), j), 2n)
    assert.equal(evaluate(field('id'), j), 1n)
  })
})
