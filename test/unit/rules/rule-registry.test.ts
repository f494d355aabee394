// The rule lifecycle has one owner: the Engine and the RuleManager (REST) read and change the same rules with one
// status each; a rule is parsed and planned once per create; each check answers one error code whichever way the
// rule comes in; a restore lists every rule at once and starts them in batches that yield to the event loop.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { silentLogger } from '../../../src/connectors/api.js'
import type { Source } from '../../../src/connectors/api.js'
import { ManualClock } from '../../../src/core/manual-clock.js'
import { Engine } from '../../../src/engine.js'
import type { EngineOptions } from '../../../src/engine.js'
import { backoffRestart } from '../../../src/rules/restart-strategy.js'
import { RULE_TABLE, RuleManager, STREAM_TABLE } from '../../../src/rules/rule-manager.js'
import { parseRuleJson } from '../../../src/rules/rule-json.js'
import type { RuleAction } from '../../../src/rules/rule-def.js'
import { topoJson } from '../../../src/core/topology-spec.js'
import { createRestServer } from '../../../src/server/server.js'
import { MemoryKvStore } from '../../../src/state/memory-kv-store.js'
import { parseSelect } from '../../../src/sql/parser/index.js'
import { listenLocally } from '../../server/in-process.js'

const DEMO = 'CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="demo", TYPE="memory")'
const STOPPED = 'Stopped: canceled manually or by error.'

function setup(opts: EngineOptions = {}, store = new MemoryKvStore()) {
  const engine = new Engine({ logger: silentLogger, ...opts })
  return { engine, store, m: new RuleManager({ engine, store }) }
}

/** A source type whose open waits until released: a broker slow to answer. */
function gatedSource() {
  const waiting: (() => void)[] = []
  const factory = (): Source => ({
    open: () => new Promise<void>((resolve) => waiting.push(resolve)),
    close() {},
  })
  return { factory, waiting, releaseAll: () => waiting.splice(0).forEach((r) => r()) }
}

/** The REST app over `manager`, listening on loopback, and its request function. */
async function restServer(manager: RuleManager) {
  const app = await createRestServer({
    manager,
    version: 'test',
    messages: {},
    defaultLanguage: 'en_US',
    startedAt: 0,
    now: () => 0,
  })
  return { app, inject: await listenLocally(app) }
}

/** Stores `n` rules on stream `demo` (and the stream) as kuiperd would have left them. */
async function storeRules(store: MemoryKvStore, ids: readonly string[], stream = DEMO, triggered = true) {
  await store.table(STREAM_TABLE).set(/STREAM (\w+)/.exec(stream)![1]!, { statement: stream })
  for (const id of ids) {
    const sql = `SELECT temp FROM ${/STREAM (\w+)/.exec(stream)![1]!}`
    await store.table(RULE_TABLE).set(id, { triggered, id, sql, actions: [{ nop: {} }] })
  }
}

describe('one status per rule', () => {
  it('is the same through the Engine, the manager and REST, whichever of them changed the rule', async () => {
    const { engine, m } = setup()
    const { app, inject } = await restServer(m)
    try {
      await m.streams.execStmt(DEMO)
      await m.createRule({ id: 'r', sql: 'SELECT temp FROM demo', actions: [{ nop: {} }] })
      const restStatus = async () => (await inject({ method: 'GET', url: '/rules/r/status' })).body
      const listed = async () => (await inject({ method: 'GET', url: '/rules' })).json() as unknown[]

      assert.equal(engine.ruleStatus('r').status, 'Running')
      assert.equal(m.ruleStatus('r').status, 'Running')
      assert.deepEqual(await listed(), [{ id: 'r', status: 'Running' }])

      await engine.stopRule('r')
      assert.equal(m.ruleStatus('r').status, STOPPED)
      assert.equal(await restStatus(), STOPPED)
      assert.deepEqual(await listed(), [{ id: 'r', status: STOPPED }])

      assert.equal((await inject({ method: 'POST', url: '/rules/r/start' })).statusCode, 200)
      assert.equal(engine.ruleStatus('r').status, 'Running')
      assert.ok(engine.ruleStatus('r').metrics !== undefined)

      // A stream replaced under a stopped rule: its next start plans again and fails; all three say so.
      await m.stopRule('r')
      await m.streams.dropStream('demo')
      assert.equal((await inject({ method: 'POST', url: '/rules/r/start' })).statusCode, 400)
      const failed = 'Stopped: fail to get stream demo, please check if stream is created.'
      assert.equal(engine.ruleStatus('r').status, failed)
      assert.equal(await restStatus(), failed)
      assert.deepEqual(await listed(), [{ id: 'r', status: failed }])
    } finally {
      await app.close()
      await m.close()
    }
  })

  it('shows a transient start failure with its next retry the same way through the Engine and the manager', async () => {
    const clock = new ManualClock(0)
    const refused = (): Source => ({
      open() {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
      },
      close() {},
    })
    const { engine, m } = setup({ clock, sources: { refused }, restartStrategy: backoffRestart({ delay: 2000 }) })
    await m.streams.execStmt('CREATE STREAM f () WITH (DATASOURCE="x", TYPE="refused")')
    await m.createRule({ id: 'f', sql: 'SELECT * FROM f', actions: [{ nop: {} }] })
    const expected = 'Stopped: connect ECONNREFUSED 127.0.0.1:1. Retrying in 2s (attempt 1).'
    assert.equal(engine.ruleStatus('f').status, expected)
    assert.deepEqual(m.listRules(), [{ id: 'f', status: expected }])
    await engine.stopRule('f')
    assert.equal(clock.pending(), 0, 'the stop cancelled the retry')
    assert.equal(m.ruleStatus('f').status, 'Stopped: connect ECONNREFUSED 127.0.0.1:1.')
    await m.close()
  })
})

describe('create', () => {
  it('starts the rule outside the request queue: a slow source holds up its own request only', async () => {
    const gate = gatedSource()
    const { m } = setup({ sources: { gated: gate.factory } })
    await m.streams.execStmt(DEMO)
    await m.streams.execStmt('CREATE STREAM slowly () WITH (DATASOURCE="s", TYPE="gated")')
    let slowAnswered = false
    const slow = m.createRule({ id: 'slow', sql: 'SELECT * FROM slowly', actions: [{ nop: {} }] }).then((r) => {
      slowAnswered = true
      return r
    })
    await waitFor(() => gate.waiting.length === 1)
    assert.equal(m.ruleStatus('slow').status, 'Starting')
    await m.createRule({ id: 'quick', sql: 'SELECT temp FROM demo', actions: [{ nop: {} }] })
    assert.equal(m.ruleStatus('quick').status, 'Running')
    assert.equal(slowAnswered, false)
    let stopped = false
    const stop = m.stopRule('slow').then(() => (stopped = true))
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(stopped, false, 'a change of the rule waits for its start')
    gate.releaseAll()
    assert.deepEqual((await slow).startError, undefined)
    await stop
    assert.equal(m.ruleStatus('slow').status, STOPPED)
    await m.close()
  })
})

describe('parse and plan once per create', () => {
  it('reads the rule JSON without parsing its SQL: the one parse is prepareRule’s', () => {
    const record = parseRuleJson({ id: 'x', sql: 'SELECT FROM WHERE', actions: [{ nop: {} }] })
    assert.equal(record.sql, 'SELECT FROM WHERE')
  })

  it('plans with the statement it is given instead of parsing the text again', () => {
    const { engine } = setup()
    engine.createStream(DEMO)
    const statement = parseSelect('SELECT temp FROM demo', { functions: engine.functions })
    // The text is not SQL: a second parse would fail.
    const prepared = engine.rules.prepare({ id: 'p', sql: 'not parsed twice', actions: [{ nop: {} }] }, statement)
    assert.equal(prepared.statement, statement)
  })

  it('holds no plan beside its topology while it runs, and plans again from its definition at the next start', async () => {
    const { engine, m } = setup()
    await m.streams.execStmt(DEMO)
    await engine.createRule({ id: 'r', sql: 'SELECT temp FROM demo', actions: [{ nop: {} }] }, { start: false })
    const atCreate = engine.rules.get('r').prepared
    assert.ok(atCreate !== undefined)
    await engine.startRule('r')
    assert.equal(engine.rules.get('r').prepared, undefined, 'the statement and plan are not kept beside the topology')
    assert.deepEqual(engine.ruleSpec('r'), atCreate.spec, 'an explain plans the running rule again, alike')
    assert.deepEqual(engine.ruleTopo('r'), topoJson(atCreate.spec), 'the topo is the running topology’s')

    // A restart prepares the rule again from its definition: the same plan while the streams are the same...
    await engine.stopRule('r')
    await engine.startRule('r')
    assert.deepEqual(engine.ruleSpec('r'), atCreate.spec)
    assert.equal(engine.ruleStatus('r').status, 'Running')

    // ...and the plan of the new stream definition once a stream it reads was replaced.
    await engine.stopRule('r')
    await m.streams.replaceStream('demo', DEMO.replace('temp FLOAT', 'temp FLOAT, hum BIGINT'))
    await engine.startRule('r')
    assert.notDeepEqual(engine.ruleSpec('r'), atCreate.spec, 'planned again from the new stream definition')
    await m.close()
  })
})

describe('one error code per check', () => {
  const cases: readonly (readonly [string, string, readonly unknown[], string, RegExp])[] = [
    ['a missing stream', 'SELECT * FROM ghost', [{ nop: {} }], 'NOT_FOUND', /^fail to get stream ghost/],
    [
      'an unknown source type',
      'SELECT * FROM odd',
      [{ nop: {} }],
      'BAD_REQUEST',
      /^source type teleport of stream odd/,
    ],
    [
      'an unknown sink type',
      'SELECT * FROM demo',
      [{ teleport: {} }],
      'BAD_REQUEST',
      /^sink type teleport is not found$/,
    ],
    ['action properties not a map', 'SELECT * FROM demo', [{ nop: 'x' }], 'BAD_REQUEST', /action properties/],
    ['a null action', 'SELECT * FROM demo', [null], 'BAD_REQUEST', /^Invalid action 0: .* found null\.$/],
    ['an empty action', 'SELECT * FROM demo', [{}], 'BAD_REQUEST', /^Invalid action 0: .* found \{\}\.$/],
    ['no action', 'SELECT * FROM demo', [], 'BAD_REQUEST', /^Missing rule actions\.$/],
    ['no SQL', '', [{ nop: {} }], 'BAD_REQUEST', /^Missing rule SQL\.$/],
    [
      'SQL that does not parse',
      'SELECT FROM demo',
      [{ nop: {} }],
      'PARSE_ERROR',
      /^Parse SQL SELECT FROM demo error: /,
    ],
    [
      'a window of length 0',
      'SELECT count(*) FROM demo GROUP BY TUMBLINGWINDOW(ss, 0)',
      [{ nop: {} }],
      'PLAN_ERROR',
      /the length must be a positive integer/,
    ],
    ['a sink missing a property', 'SELECT * FROM demo', [{ mqtt: {} }], 'CONFIG_ERROR', /^mqtt sink is missing/],
  ]
  for (const [label, sql, actions, code, message] of cases) {
    it(`${label}: ${code} from the Engine, the manager and REST alike`, async () => {
      const { engine, m } = setup()
      const { app, inject } = await restServer(m)
      try {
        await m.streams.execStmt(DEMO)
        await m.streams.execStmt('CREATE STREAM odd () WITH (DATASOURCE="o", TYPE="teleport")')
        const def = { id: 'x', sql, actions }
        await assert.rejects(engine.createRule({ ...def, actions: actions as RuleAction[] }), { code, message })
        await assert.rejects(m.createRule(def), { code, message })
        const r = await inject({ method: 'POST', url: '/rules', payload: JSON.stringify(def) })
        assert.equal(r.statusCode, code === 'NOT_FOUND' ? 404 : 400)
        assert.equal((r.json() as { error: string }).error, code)
        assert.match((r.json() as { message: string }).message, message)
        assert.deepEqual(engine.ruleIds(), [], 'nothing registered')
      } finally {
        await app.close()
        await m.close()
      }
    })
  }
})

describe('restore', () => {
  it('lists every rule as Starting at once, and one slow source delays no other rule', async () => {
    const gate = gatedSource()
    const store = new MemoryKvStore()
    await storeRules(store, ['a1', 'a2', 'a3'])
    await storeRules(store, ['slow'], 'CREATE STREAM slowly () WITH (DATASOURCE="s", TYPE="gated")')
    const { m } = setup({ sources: { gated: gate.factory } }, store)
    let listedAtRegistration: unknown
    const loading = m.load({ registered: () => (listedAtRegistration = m.listRules()) })
    let done = false
    void loading.then(() => (done = true))
    await waitFor(() => gate.waiting.length === 1 && m.ruleStatus('a3').status === 'Running')
    assert.deepEqual(listedAtRegistration, [
      { id: 'a1', status: 'Starting' },
      { id: 'a2', status: 'Starting' },
      { id: 'a3', status: 'Starting' },
      { id: 'slow', status: 'Starting' },
    ])
    assert.deepEqual(m.listRules(), [
      { id: 'a1', status: 'Running' },
      { id: 'a2', status: 'Running' },
      { id: 'a3', status: 'Running' },
      { id: 'slow', status: 'Starting' },
    ])
    assert.equal(m.ruleStatus('slow').status, 'Starting')
    assert.equal(done, false, 'the restore waits for the slow rule’s first attempt')
    gate.releaseAll()
    assert.deepEqual(await loading, { streams: 2, rules: 4, started: 4 })
    assert.equal(m.ruleStatus('slow').status, 'Running')
    await m.close()
  })

  it('yields to the event loop between batches: REST answers while a large restore is in progress', async () => {
    const store = new MemoryKvStore()
    const ids = Array.from({ length: 600 }, (_, i) => `r${String(i).padStart(3, '0')}`)
    await storeRules(store, ids)
    const { m } = setup({}, store)
    const { app, inject } = await restServer(m)
    try {
      let restored = false
      const loading = m.load({ batch: 50 }).then((s) => ((restored = true), s))
      // A request made once the rules are registered is answered before the restore ends.
      await waitFor(() => m.listRules().length === ids.length)
      const r = await inject({ method: 'GET', url: '/rules' })
      assert.equal(r.statusCode, 200)
      const statuses = (r.json() as { status: string }[]).map((x) => x.status)
      assert.equal(restored, false, 'answered during the restore')
      assert.ok(statuses.includes('Starting'), 'some rules were still waiting for their batch')
      assert.deepEqual(await loading, { streams: 1, rules: ids.length, started: ids.length })
      assert.ok(m.listRules().every((x) => x.status === 'Running'))
    } finally {
      await app.close()
      await m.close()
    }
  })

  it('lets a request change a rule still waiting for its batch, and the batch then leaves it alone', async () => {
    const store = new MemoryKvStore()
    const ids = Array.from({ length: 300 }, (_, i) => `r${String(i).padStart(3, '0')}`)
    await storeRules(store, ids)
    const { m } = setup({}, store)
    const loading = m.load({ batch: 50 })
    await waitFor(() => m.listRules().length === ids.length)
    assert.equal(m.ruleStatus('r299').status, 'Starting')
    await m.stopRule('r299')
    await loading
    assert.equal(m.ruleStatus('r299').status, STOPPED)
    assert.equal(m.getRule('r299').triggered, false)
    await m.close()
  })
})

/** Polls `cond` on every turn of the event loop (bounded: 2,000 turns). */
async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (cond()) return
    await new Promise((resolve) => setImmediate(resolve))
  }
  assert.fail('condition not met')
}
