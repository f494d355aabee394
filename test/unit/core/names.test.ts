import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkName, MAX_NAME_LENGTH, nameProblem } from '../../../src/core/names.js'
import { Engine } from '../../../src/engine.js'
import { RuleManager, RULE_TABLE, STREAM_TABLE } from '../../../src/rules/rule-manager.js'
import { MemoryKvStore } from '../../../src/state/memory-kv-store.js'

describe('the naming rule', () => {
  it('accepts the names 1.0 users write', () => {
    for (const n of [
      'demo',
      'rule1',
      'Rule_1',
      '_x',
      '1st',
      'my-rule',
      'rule.v2',
      'a.',
      '温度',
      'नमस्ते',
      'x'.repeat(256),
    ]) {
      assert.equal(nameProblem(n), undefined, n)
    }
  })

  it('refuses empty, too long, dot-only, slashes, spaces, a leading dash or dot, and __proto__', () => {
    for (const n of [
      '',
      '__proto__',
      '.',
      '..',
      '.hidden',
      '-flag',
      'a/b',
      'a\\b',
      'a b',
      'a?b',
      'a#b',
      'a%b',
      '\n',
      'x'.repeat(257),
    ]) {
      assert.notEqual(nameProblem(n), undefined, JSON.stringify(n))
    }
  })

  it('counts characters, not UTF-16 units', () => {
    assert.equal(nameProblem('𝒳'.repeat(MAX_NAME_LENGTH)), undefined)
    assert.match(nameProblem('𝒳'.repeat(MAX_NAME_LENGTH + 1)) ?? '', /257 characters/)
  })

  it('names the kind and the name in its 400, cutting a long one', () => {
    assert.throws(() => checkName('rule', '..'), {
      code: 'BAD_REQUEST',
      message: /^Invalid rule name "\.\.": it must be/,
    })
    assert.throws(
      () => checkName('stream', 's'.repeat(10_000)),
      (err: Error) => err.message.length < 200,
    )
  })
})

describe('names stored before the rule', () => {
  it('still load at boot and can be updated and deleted', async () => {
    const store = new MemoryKvStore()
    await store.table(STREAM_TABLE).set('bad stream', {
      statement: 'CREATE STREAM `bad stream` (temp FLOAT) WITH (DATASOURCE="t", TYPE="memory")',
    })
    const rule = { id: 'a/b', sql: 'SELECT temp FROM `bad stream`', actions: [{ nop: {} }], triggered: true }
    await store.table(RULE_TABLE).set('a/b', rule)
    const engine = new Engine()
    const m = new RuleManager({ engine, store })
    assert.deepEqual(await m.load(), { streams: 1, rules: 1, started: 1 })
    assert.equal(m.ruleStatus('a/b').status, 'Running')
    await m.updateRule('a/b', JSON.stringify({ ...rule, sql: 'SELECT temp * 2 AS t FROM `bad stream`' }))
    assert.match(await m.deleteRule('a/b'), /a\/b/)
    assert.match(await m.streams.dropStream('bad stream'), /dropped/)
    await engine.close()
  })
})
