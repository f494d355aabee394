import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { ErrorItem, ResultRows, WindowTuples } from '../../../src/core/collection.js'
import { FilterOp } from '../../../src/operators/filter.js'
import { operatorKinds } from '../../../src/plan/node-config.js'
import type { OperatorConfigs, WindowConfig } from '../../../src/plan/node-config.js'
import { buildOperator, operatorBuilders } from '../../../src/rules/operator-builders.js'
import type { OperatorBuilders, OperatorDeps } from '../../../src/rules/operator-builders.js'
import type { Operator } from '../../../src/runtime/operator.js'
import type { Window } from '../../../src/sql/ast/expr.js'
import { deps, run, select, tuple } from '../operators/op-helpers.js'

const tumbling: Window = { kind: 'Window', windowType: 'TUMBLING_WINDOW', unit: 'SS', length: 1, interval: 0 }
const windowConfig: WindowConfig = { window: tumbling, isEventTime: false, lateTolerance: 0, streams: ['s'] }

describe('operator builders', () => {
  it('has a builder for every operator kind the planner declares, the window included', () => {
    assert.deepEqual(Object.keys(operatorBuilders).sort(), Object.keys(operatorKinds).sort())
    assert.ok(Object.keys(operatorBuilders).includes('window'))
  })

  it('does not compile with a kind missing or a builder that does not take its kind’s config', () => {
    const { window: _window, ...withoutWindow } = operatorBuilders
    // @ts-expect-error the window kind has no builder
    const missing: OperatorBuilders = withoutWindow
    const filterBuilder = (c: OperatorConfigs['filter'], d: OperatorDeps): Operator => new FilterOp(c, d)
    // @ts-expect-error the order kind's config has no condition for a filter
    const wrong: OperatorBuilders = { ...operatorBuilders, order: filterBuilder }
    assert.ok(missing !== wrong)
  })

  it('builds an operator from a plain { kind, config } node', () => {
    const stmt = select('SELECT a FROM s WHERE a > 1')
    const op = buildOperator({ kind: 'filter', config: { condition: stmt.condition! } }, deps)
    assert.equal(run(op, tuple('s', { a: 2n })).length, 1)
  })

  it('builds the window from its plan config, and refuses arguments that cannot make a window', () => {
    const op = buildOperator({ kind: 'window', config: windowConfig }, deps)
    assert.equal(typeof op.process, 'function')
    const bad: WindowConfig = { ...windowConfig, window: { ...tumbling, length: 0 } }
    assert.throws(() => buildOperator({ kind: 'window', config: bad }, deps), {
      code: 'PLAN_ERROR',
      message: 'invalid window tumblingwindow(ss, 0): the length must be a positive integer',
    })
  })

  it('refuses a kind that is no operator, inherited object keys included', () => {
    for (const kind of ['source', 'nope', 'toString', 'constructor']) {
      assert.throws(() => buildOperator({ kind, config: {} }, deps), {
        code: 'PLAN_ERROR',
        message: `unknown operator kind ${kind}`,
      })
    }
  })

  it('wraps the projection: one ResultRows item per input', () => {
    const stmt = select('SELECT a, count(*) AS c FROM s')
    const op = buildOperator({ kind: 'project', config: { statement: stmt, isAggregate: true, sendMeta: false } }, deps)
    const w = new WindowTuples([{ emitter: 's', tuples: [tuple('s', { a: 1n }), tuple('s', { a: 2n })] }])
    assert.deepEqual(run(op, w), [new ResultRows([{ a: 1n, c: 2n }])])
    const e = new ErrorItem(new Error('upstream'))
    assert.deepEqual(run(op, e), [e])
  })
})
