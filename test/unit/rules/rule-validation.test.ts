// The rule manager refuses a rule that could never run before it stores anything or touches the running rule.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { silentLogger } from '../../../src/connectors/api.js'
import { Engine } from '../../../src/engine.js'
import { RuleManager } from '../../../src/rules/rule-manager.js'
import { MemoryKvStore } from '../../../src/state/memory-kv-store.js'

const DEMO = 'CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="demo", TYPE="memory")'

async function setup() {
  const engine = new Engine({ logger: silentLogger })
  const store = new MemoryKvStore()
  const m = new RuleManager({ engine, store })
  await m.streams.execStmt(DEMO)
  return { engine, store, m }
}

describe('rule validation at create and update', () => {
  it('refuses a sink without its required property, storing nothing', async () => {
    const { store, m } = await setup()
    for (const [actions, msg] of [
      [[{ mqtt: {} }], /^mqtt sink is missing property server$/],
      [[{ rest: {} }], /^rest sink is missing property url$/],
      [[{ memory: { topic: 'a/#' } }], /wildcards are not allowed/],
    ] as const) {
      await assert.rejects(m.createRule({ id: 'dead', sql: 'SELECT * FROM demo', actions }), {
        code: 'CONFIG_ERROR',
        message: msg,
      })
    }
    assert.deepEqual(m.listRules(), [])
    assert.deepEqual(await store.table('rule').keys(), [])
    await m.close()
  })

  it('refuses an update with a bad sink without restarting or changing the running rule', async () => {
    const { engine, store, m } = await setup()
    await m.createRule({ id: 'r', sql: 'SELECT * FROM demo', actions: [{ memory: { topic: 'out' } }] })
    engine.publish('demo', [{ temp: 1 }, { temp: 2 }])
    await engine.idle()
    const count = (): unknown => m.ruleStatus('r').metrics?.['source_demo_0_records_in_total']
    assert.equal(count(), 2)
    await assert.rejects(m.updateRule('r', { sql: 'SELECT * FROM demo', actions: [{ rest: { method: 'post' } }] }), {
      code: 'CONFIG_ERROR',
      message: 'rest sink is missing property url',
    })
    assert.equal(count(), 2, 'the running rule was not restarted (its metrics would start again from 0)')
    assert.deepEqual(m.getRule('r').actions, [{ memory: { topic: 'out' } }])
    assert.deepEqual(((await store.table('rule').get('r')) as { actions: unknown }).actions, [
      { memory: { topic: 'out' } },
    ])
    await m.close()
  })

  it('refuses an option out of range on update as on create', async () => {
    const { m } = await setup()
    await m.createRule({ id: 'r', sql: 'SELECT * FROM demo', actions: [{ nop: {} }] })
    await assert.rejects(
      m.updateRule('r', { sql: 'SELECT * FROM demo', actions: [{ nop: {} }], options: { qos: 5 } }),
      { code: 'BAD_REQUEST', message: 'rule option qos 5 is invalid, require an integer from 0 to 2' },
    )
    assert.equal(m.getRule('r').options.qos, 0)
    await m.close()
  })
})
