// The embedding API refuses the same invalid windows and actions as REST, before anything is registered; rules
// stored with them before still load (stopped, with the reason) and can be deleted.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Engine } from '../../../src/engine.js'
import type { RuleAction } from '../../../src/rules/rule-def.js'
import { RULE_TABLE, RuleManager } from '../../../src/rules/rule-manager.js'
import { MemoryKvStore } from '../../../src/state/memory-kv-store.js'

const DEMO = 'CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="demo", TYPE="memory")'

function engine(): Engine {
  const e = new Engine()
  e.createStream(DEMO)
  return e
}

describe('Engine.createRule refuses windows that cannot make a window', () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    ['TUMBLINGWINDOW(ss, 0)', /tumblingwindow\(ss, 0\): the length must be a positive integer/],
    ['TUMBLINGWINDOW(dd, 200000000000)', /the length must be a positive integer/],
    ['SLIDINGWINDOW(ss, -2)', /the length must be a positive integer/],
    ['HOPPINGWINDOW(ss, 10, 0)', /hoppingwindow\(ss, 10, 0\): the hop interval must be a positive integer/],
    ['SESSIONWINDOW(ss, 10, -1)', /the timeout must be a positive integer/],
    ['COUNTWINDOW(0, 0)', /countwindow\(0, 0\): the size must be a positive integer/],
    ['COUNTWINDOW(4, -1)', /the step must be an integer from 0 to the size/],
  ]
  for (const [w, message] of cases) {
    it(`${w}: PLAN_ERROR, nothing registered, even without starting`, async () => {
      const e = engine()
      const def = { id: 'r', sql: `SELECT count(*) FROM demo GROUP BY ${w}`, actions: [{ nop: {} }] }
      assert.throws(() => e.checkRule(def), { code: 'PLAN_ERROR', message })
      await assert.rejects(e.createRule(def, { start: false }), { code: 'PLAN_ERROR', message })
      assert.deepEqual(e.ruleIds(), [])
    })
  }
})

describe('Engine.createRule refuses actions that name no sink', () => {
  const cases: readonly (readonly [string, unknown[], RegExp])[] = [
    ['null', [null], /Invalid action 0: expected an object naming a sink type, like \{"log": \{\}\}, found null/],
    ['a number', [7], /Invalid action 0: .* found number/],
    ['an array', [[{ nop: {} }]], /Invalid action 0: .* found an array/],
    ['an empty object', [{ nop: {} }, {}], /Invalid action 1: .* found \{\}/],
    ['null properties', [{ nop: null }], /action properties, but found null/],
    ['string properties', [{ nop: 'x' }], /action properties, but found "x"/],
  ]
  for (const [label, actions, message] of cases) {
    it(`${label}: BAD_REQUEST, nothing registered`, async () => {
      const e = engine()
      const def = { id: 'r', sql: 'SELECT temp FROM demo', actions: actions as RuleAction[] }
      await assert.rejects(e.createRule(def, { start: false }), { code: 'BAD_REQUEST', message })
      assert.deepEqual(e.ruleIds(), [])
    })
  }
})

describe('rules stored with them before', () => {
  it('load stopped with the reason and can be deleted', async () => {
    const store = new MemoryKvStore()
    const rules = store.table(RULE_TABLE)
    const base = { sql: 'SELECT temp FROM demo', actions: [{ nop: {} }], triggered: true }
    await rules.set('w0', { ...base, id: 'w0', sql: 'SELECT count(*) FROM demo GROUP BY TUMBLINGWINDOW(ss, 0)' })
    await rules.set('nul', { ...base, id: 'nul', actions: [null] })
    await rules.set('empty', { ...base, id: 'empty', actions: [{}] })
    const e = new Engine()
    const m = new RuleManager({ engine: e, store })
    await m.streams.execStmt(DEMO)
    assert.deepEqual(await m.load(), { streams: 0, rules: 3, started: 0 })
    assert.match(m.ruleStatus('w0').status, /^Stopped: invalid window tumblingwindow\(ss, 0\)/)
    assert.match(m.ruleStatus('nul').status, /^Stopped: Invalid action 0/)
    assert.match(m.ruleStatus('empty').status, /^Stopped: Invalid action 0/)
    for (const id of ['w0', 'nul', 'empty']) await m.deleteRule(id)
    assert.deepEqual(m.ruleIds(), [])
    assert.deepEqual(await rules.entries(), [])
  })
})
