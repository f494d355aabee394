import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Expr } from '../../../src/sql/ast/expr.js'
import { call, def, field, int, meta, str, validationError } from './call.js'

describe('other functions', () => {
  // misc_func_test.go (TestMiscFunc_Apply1 #8-#10): empty slices are not null, nil slices and maps are
  it('tells null from empty in isNull', () => {
    assert.equal(call('isnull', []), false)
    assert.equal(call('isnull', null), true)
    assert.equal(call('isnull', undefined), true)
    assert.equal(call('isNull', {}), false)
    assert.equal(call('isnull', 0n), false)
    assert.equal(call('isnull', ''), false)
  })

  it('makes distinct time-based (v1) UUIDs in newuuid', () => {
    const a = call('newuuid')
    const b = call('newuuid')
    assert.match(String(a), /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.notEqual(a, b)
  })

  it('reads the injected clock in tstamp, as an int', () => {
    assert.equal(call('tstamp'), 1541152486013n)
  })

  it('marks meta and mqtt as metadata functions for the evaluator', () => {
    assert.equal(def('meta').kind, 'meta')
    assert.equal(def('MQTT').kind, 'meta')
  })
})

describe('metadata validators (funcs_ast_validator_test.go)', () => {
  const arrow = (left: Expr, name: string): Expr => ({ kind: 'BinaryExpr', op: '->', left, right: field(name) })
  const cases: [string, Expr[], string | undefined][] = [
    ['mqtt', [str('topic')], 'Expect meta reference type for 1 parameter of function mqtt.'],
    ['mqtt', [meta('topic1')], 'Parameter of mqtt function can be only topic or messageid.'],
    ['mqtt', [meta('topic')], undefined],
    ['mqtt', [meta('messageid')], undefined],
    ['meta', [field('tbl'), str('timestamp'), int(1)], 'The arguments for meta should be 1.'],
    ['meta', [str('src1.device')], 'Expect meta reference type for 1 parameter of function meta.'],
    ['meta', [meta('device')], undefined],
    ['meta', [{ kind: 'MetaRef', stream: 'tbl', name: 'device' }], undefined],
    ['meta', [arrow(arrow(meta('device'), 'reading'), 'topic')], undefined],
    ['meta', [meta('*')], undefined],
    ['isnull', [], 'The arguments for isnull should be 1.'],
    ['newuuid', [int(1)], 'The arguments for newuuid should be 0.'],
  ]
  for (const [name, args, expected] of cases) {
    it(`${name} with ${args.map((a) => a.kind).join(', ') || 'no arguments'}: ${expected ?? 'valid'}`, () => {
      assert.equal(validationError(name, args), expected)
    })
  }
})
