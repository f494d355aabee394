// `GET /rules` answers a JSON text kept between calls (RuleListing): it must be the text of the listing as it is now
// after every kind of change (create, stop, start, a failed start, its retry counting down and succeeding, an
// update, a drop, a temporary query that is not listed, a boot restore, a stop of kuiperd), and the same bytes, not
// built again, while nothing changed. A rule's status can only change through RuleEntry.setStatus, which moves the
// revision the kept text is checked against.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { silentLogger } from '../../../src/connectors/api.js'
import type { Source } from '../../../src/connectors/api.js'
import { ManualClock } from '../../../src/core/manual-clock.js'
import { Engine } from '../../../src/engine.js'
import { backoffRestart } from '../../../src/rules/restart-strategy.js'
import { RULE_TABLE, RuleManager, STREAM_TABLE } from '../../../src/rules/rule-manager.js'
import { MemoryKvStore } from '../../../src/state/memory-kv-store.js'

const DEMO = 'CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="demo", TYPE="memory")'
const STOPPED = 'Stopped: canceled manually or by error.'

/** The listing's JSON text, checked against the listing built afresh. */
function listed(m: RuleManager): unknown {
  const text = m.listRulesJson().toString('utf8')
  assert.equal(text, JSON.stringify(m.listRules()))
  return JSON.parse(text)
}

describe('the kept rule listing', () => {
  it('is the current listing after every change of a rule, and the same bytes while nothing changed', async () => {
    const m = new RuleManager({ engine: new Engine({ logger: silentLogger }), store: new MemoryKvStore() })
    try {
      assert.deepEqual(listed(m), [])
      await m.streams.execStmt(DEMO)
      await m.createRule({ id: 'b', sql: 'SELECT temp FROM demo', actions: [{ nop: {} }] })
      await m.createRule({ id: 'a', sql: 'SELECT temp FROM demo', actions: [{ nop: {} }] })
      assert.deepEqual(listed(m), [
        { id: 'a', status: 'Running' },
        { id: 'b', status: 'Running' },
      ])
      assert.equal(m.listRulesJson(), m.listRulesJson(), 'nothing changed: the kept text is answered')

      await m.stopRule('b')
      assert.deepEqual(listed(m), [
        { id: 'a', status: 'Running' },
        { id: 'b', status: STOPPED },
      ])
      await m.startRule('b')
      assert.deepEqual(listed(m), [
        { id: 'a', status: 'Running' },
        { id: 'b', status: 'Running' },
      ])

      // A temporary query is a rule of the registry without a record: it is not listed, before or after its end.
      const query = await m.queries.create('SELECT temp FROM demo')
      assert.deepEqual(listed(m), [
        { id: 'a', status: 'Running' },
        { id: 'b', status: 'Running' },
      ])
      await m.queries.stop(query)

      // A stopped rule whose stream is gone fails at its next start.
      await m.stopRule('a')
      await m.updateRule('a', { id: 'a', sql: 'SELECT temp * 2 AS t FROM demo', actions: [{ nop: {} }] })
      assert.deepEqual(listed(m), [
        { id: 'a', status: STOPPED },
        { id: 'b', status: 'Running' },
      ])
      await m.streams.dropStream('demo')
      await m.startRule('a').catch(() => undefined)
      assert.deepEqual(listed(m), [
        { id: 'a', status: 'Stopped: fail to get stream demo, please check if stream is created.' },
        { id: 'b', status: 'Running' },
      ])

      await m.deleteRule('b')
      assert.deepEqual(listed(m), [
        { id: 'a', status: 'Stopped: fail to get stream demo, please check if stream is created.' },
      ])
    } finally {
      await m.close()
    }
  })

  it('follows the countdown of a failed rule to its next retry, which changes with time only', async () => {
    const clock = new ManualClock(0)
    const refused = (): Source => ({
      open() {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
      },
      close() {},
    })
    const engine = new Engine({
      logger: silentLogger,
      clock,
      sources: { refused },
      restartStrategy: backoffRestart({ delay: 4000 }),
    })
    const m = new RuleManager({ engine, store: new MemoryKvStore() })
    try {
      await m.streams.execStmt('CREATE STREAM f () WITH (DATASOURCE="x", TYPE="refused")')
      await m.createRule({ id: 'f', sql: 'SELECT * FROM f', actions: [{ nop: {} }] })
      const failed = 'Stopped: connect ECONNREFUSED 127.0.0.1:1.'
      assert.deepEqual(listed(m), [{ id: 'f', status: `${failed} Retrying in 4s (attempt 1).` }])
      clock.advanceSync(2500)
      assert.deepEqual(listed(m), [{ id: 'f', status: `${failed} Retrying in 2s (attempt 1).` }])
      await m.stopRule('f')
      assert.deepEqual(listed(m), [{ id: 'f', status: failed }])
    } finally {
      await m.close()
    }
  })

  it('follows a retry that succeeds, without a request in between', async () => {
    const clock = new ManualClock(0)
    let refusals = 1
    const flaky = (): Source => ({
      open() {
        if (refusals-- > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
      },
      close() {},
    })
    const engine = new Engine({
      logger: silentLogger,
      clock,
      sources: { flaky },
      restartStrategy: backoffRestart({ delay: 1000 }),
    })
    const m = new RuleManager({ engine, store: new MemoryKvStore() })
    try {
      await m.streams.execStmt('CREATE STREAM f () WITH (DATASOURCE="x", TYPE="flaky")')
      await m.createRule({ id: 'f', sql: 'SELECT * FROM f', actions: [{ nop: {} }] })
      assert.deepEqual(listed(m), [
        { id: 'f', status: 'Stopped: connect ECONNREFUSED 127.0.0.1:1. Retrying in 1s (attempt 1).' },
      ])
      await clock.advance(1000, () => new Promise((resolve) => setImmediate(resolve)))
      assert.equal(m.ruleStatus('f', { metrics: false }).status, 'Running')
      assert.deepEqual(listed(m), [{ id: 'f', status: 'Running' }])
    } finally {
      await m.close()
    }
  })

  it('follows a boot restore from Starting to Running, and the stop of every rule', async () => {
    const store = new MemoryKvStore()
    await store.table(STREAM_TABLE).set('demo', { statement: DEMO })
    for (const id of ['x', 'y']) {
      await store
        .table(RULE_TABLE)
        .set(id, { triggered: true, id, sql: 'SELECT temp FROM demo', actions: [{ nop: {} }] })
    }
    await store
      .table(RULE_TABLE)
      .set('z', { triggered: false, id: 'z', sql: 'SELECT nope FROM gone', actions: [{ nop: {} }] })
    const engine = new Engine({ logger: silentLogger })
    const m = new RuleManager({ engine, store })
    let atRegistration: unknown
    await m.load({ registered: () => (atRegistration = listed(m)) })
    assert.deepEqual(atRegistration, [
      { id: 'x', status: 'Starting' },
      { id: 'y', status: 'Starting' },
      { id: 'z', status: STOPPED },
    ])
    assert.deepEqual(listed(m), [
      { id: 'x', status: 'Running' },
      { id: 'y', status: 'Running' },
      { id: 'z', status: 'Stopped: fail to get stream gone, please check if stream is created.' },
    ])
    await engine.rules.close()
    assert.deepEqual(listed(m), [
      { id: 'x', status: STOPPED },
      { id: 'y', status: STOPPED },
      { id: 'z', status: 'Stopped: fail to get stream gone, please check if stream is created.' },
    ])
  })

  it('refuses a status assigned past setStatus (it would not move the revision)', async () => {
    const m = new RuleManager({ engine: new Engine({ logger: silentLogger }), store: new MemoryKvStore() })
    try {
      await m.streams.execStmt(DEMO)
      await m.createRule({ id: 'a', sql: 'SELECT temp FROM demo', actions: [{ nop: {} }] })
      const entry = (m as unknown as { rules: { get(id: string): Record<string, unknown> } }).rules.get('a')
      assert.throws(() => (entry['state'] = 'stopped'), TypeError)
      assert.throws(() => (entry['error'] = 'Stopped: x.'), TypeError)
      assert.throws(() => (entry['retry'] = undefined), TypeError)
      assert.deepEqual(listed(m), [{ id: 'a', status: 'Running' }])
    } finally {
      await m.close()
    }
  })
})
