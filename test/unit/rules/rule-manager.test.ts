import assert from 'node:assert/strict'
import { describe, it, mock } from 'node:test'
import { ManualClock } from '../../../src/core/manual-clock.js'
import { Engine } from '../../../src/engine.js'
import { DEFAULT_BACKOFF, backoffRestart, isTransientStartError } from '../../../src/rules/restart-strategy.js'
import { KuiperError, ParseError } from '../../../src/core/errors.js'
import { RuleManager } from '../../../src/rules/rule-manager.js'
import { ConnectorError } from '../../../src/connectors/api.js'
import type { Source } from '../../../src/connectors/api.js'
import { MemoryKvStore } from '../../../src/state/memory-kv-store.js'
import { Topology } from '../../../src/runtime/topology.js'

const DEMO = 'CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="demo", TYPE="memory")'

function manager(store = new MemoryKvStore(), engine = new Engine()) {
  return { engine, store, m: new RuleManager({ engine, store }) }
}

describe('RuleManager', () => {
  it('persists streams and rules with their run state and restores them into a new engine', async () => {
    const { store, m } = manager()
    await m.streams.execStmt(DEMO)
    await m.createRule({ id: 'run', sql: 'SELECT temp FROM demo', actions: [{ nop: {} }] })
    await m.createRule({ id: 'stop', sql: 'SELECT temp FROM demo', actions: [{ nop: {} }] })
    await m.stopRule('stop')
    await m.close()
    assert.deepEqual(await store.table('stream').get('demo'), { statement: DEMO })
    assert.equal(((await store.table('rule').get('stop')) as { triggered: boolean }).triggered, false)

    const again = manager(store).m
    assert.deepEqual(await again.load(), { streams: 1, rules: 2, started: 1 })
    assert.deepEqual(again.listRules(), [
      { id: 'run', status: 'Running' },
      { id: 'stop', status: 'Stopped: canceled manually or by error.' },
    ])
    await again.close()
  })

  it('runs data through a rule and a temporary query', async () => {
    const { engine, m } = manager()
    await m.streams.execStmt(DEMO)
    await m.createRule({
      id: 'hot',
      sql: 'SELECT temp FROM demo WHERE temp > 20',
      actions: [{ memory: { topic: 'hot' } }],
    })
    const id = await m.queries.create('SELECT temp * 2 AS t FROM demo')
    const hot: unknown[] = []
    engine.subscribe('hot', (row) => hot.push(row))
    engine.publish('demo', [{ temp: 25 }, { temp: 10 }])
    await engine.idle()
    assert.deepEqual(hot, [{ temp: 25 }])
    assert.deepEqual(m.queries.poll(id), ['[{"t":50}]', '[{"t":20}]'])
    assert.deepEqual(m.queries.poll(id), [])
    const metrics = m.ruleStatus('hot').metrics!
    assert.equal(metrics['source_demo_0_records_in_total'], 2)
    assert.equal(metrics['sink_memory_0_0_records_in_total'], 1)
    assert.deepEqual(
      m.runningMetrics().map((r) => r.ruleId),
      ['hot'],
    )
    await m.close()
  })

  it('forgets a query not polled within the idle timeout', async () => {
    const clock = new ManualClock(0)
    const engine = new Engine({ clock })
    const m = new RuleManager({
      engine,
      store: new MemoryKvStore(),
      queries: { idleTimeout: 10_000, checkEvery: 5_000 },
    })
    await m.streams.execStmt(DEMO)
    const id = await m.queries.create('SELECT * FROM demo')
    await clock.advance(5_000)
    m.queries.poll(id)
    await clock.advance(10_000)
    assert.deepEqual(m.queries.poll(id), [])
    await clock.advance(15_000)
    assert.throws(() => m.queries.poll(id), { code: 'NOT_FOUND' })
    await m.close()
  })

  it('retries a rule whose source is not reachable yet, showing the error and the next attempt', async () => {
    const clock = new ManualClock(0)
    let failures = 2
    const flaky = (): Source => ({
      open() {
        if (failures-- > 0) {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
        }
      },
      close() {},
    })
    const engine = new Engine({
      clock,
      sources: { flaky },
      restartStrategy: backoffRestart({ attempts: 3, delay: 1000 }),
    })
    const m = new RuleManager({ engine, store: new MemoryKvStore() })
    await m.streams.execStmt('CREATE STREAM f () WITH (DATASOURCE="x", TYPE="flaky")')
    const r = await m.createRule({ id: 'f', sql: 'SELECT * FROM f', actions: [{ nop: {} }] })
    assert.equal(r.startError, 'Stopped: connect ECONNREFUSED 127.0.0.1:1.')
    assert.equal(m.ruleStatus('f').status, 'Stopped: connect ECONNREFUSED 127.0.0.1:1. Retrying in 1s (attempt 1).')
    await clock.advance(1000)
    await new Promise((res) => setImmediate(res))
    assert.equal(m.ruleStatus('f').status, 'Stopped: connect ECONNREFUSED 127.0.0.1:1. Retrying in 2s (attempt 2).')
    await clock.advance(500)
    assert.equal(m.ruleStatus('f').status, 'Stopped: connect ECONNREFUSED 127.0.0.1:1. Retrying in 2s (attempt 2).')
    await clock.advance(1500)
    await new Promise((res) => setImmediate(res))
    assert.equal(m.ruleStatus('f').status, 'Running')
    await m.close()
  })

  it(
    'runs a retry outside the request queue: other rules change meanwhile, a stop waits for it',
    { timeout: 10_000 },
    async () => {
      const clock = new ManualClock(0)
      let release: (() => void) | undefined
      let calls = 0
      const slow = (): Source => ({
        async open() {
          calls++
          if (calls === 1) throw Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })
          // The retry hangs as a connect to a silent host does, until released.
          await new Promise<void>((res) => (release = res))
          throw Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })
        },
        close() {},
      })
      const engine = new Engine({ clock, sources: { slow }, restartStrategy: backoffRestart(DEFAULT_BACKOFF) })
      const m = new RuleManager({ engine, store: new MemoryKvStore() })
      await m.streams.execStmt('CREATE STREAM w () WITH (DATASOURCE="x", TYPE="slow")')
      await m.streams.execStmt(DEMO)
      await m.createRule({ id: 'w', sql: 'SELECT * FROM w', actions: [{ nop: {} }] })
      await clock.advance(1000)
      await new Promise((res) => setImmediate(res))
      assert.ok(release !== undefined, 'the retry is in flight')
      assert.equal(m.ruleStatus('w').status, 'Stopped: connect ETIMEDOUT. Retrying now (attempt 1).')
      await m.createRule({ id: 'other', sql: 'SELECT temp FROM demo', actions: [{ nop: {} }] })
      assert.equal(m.ruleStatus('other').status, 'Running')
      let stopped = false
      const stop = m.stopRule('w').then(() => (stopped = true))
      await new Promise((res) => setImmediate(res))
      assert.equal(stopped, false, 'the stop waits for the attempt')
      release!()
      await stop
      assert.equal(m.ruleStatus('w').status, 'Stopped: connect ETIMEDOUT.')
      assert.equal(clock.pending(), 0, 'no retry after the stop')
      await m.close()
    },
  )

  it('does not retry a rule whose start failed for a permanent reason', async () => {
    const clock = new ManualClock(0)
    const broken = (): Source => ({
      open() {
        throw new KuiperError('CONFIG_ERROR', 'no such server property')
      },
      close() {},
    })
    const engine = new Engine({ clock, sources: { broken }, restartStrategy: backoffRestart(DEFAULT_BACKOFF) })
    const m = new RuleManager({ engine, store: new MemoryKvStore() })
    await m.streams.execStmt('CREATE STREAM b () WITH (DATASOURCE="x", TYPE="broken")')
    await m.createRule({ id: 'b', sql: 'SELECT * FROM b', actions: [{ nop: {} }] })
    assert.equal(m.ruleStatus('b').status, 'Stopped: no such server property.')
    assert.equal(clock.pending(), 0, 'no retry scheduled')
    await m.close()
  })

  it('retries for ever by default, the delay doubling from 1 s up to 30 s', () => {
    const s = backoffRestart(DEFAULT_BACKOFF)
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 1000].map((a) => s.nextDelay(a)),
      [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000],
    )
    assert.equal(backoffRestart({ ...DEFAULT_BACKOFF, attempts: 0 }).nextDelay(1), undefined)
  })

  it('tells transient start errors (network codes, wrapped or not) from permanent ones', () => {
    const sys = (code: string) => Object.assign(new Error(code), { code })
    const wrapped = (cause: unknown) => new KuiperError('CONNECTOR_ERROR', 'found error when connecting', { cause })
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ECONNRESET']) {
      assert.equal(isTransientStartError(sys(code)), true, code)
      assert.equal(isTransientStartError(wrapped(sys(code))), true, `wrapped ${code}`)
    }
    assert.equal(isTransientStartError(wrapped(new AggregateError([sys('ECONNREFUSED')]))), true, 'each address')
    assert.equal(isTransientStartError(wrapped(undefined)), true, 'connection closed before the handshake')
    assert.equal(isTransientStartError(new ConnectorError('endpoint down', 'backoff')), true)
    assert.equal(isTransientStartError(new ConnectorError('bad payload', 'none')), false)
    assert.equal(isTransientStartError(wrapped(sys('ENOENT'))), false, 'missing certificate file')
    assert.equal(isTransientStartError(new ParseError('found "FORM", expected FROM', 1, 10)), false)
    assert.equal(isTransientStartError(new KuiperError('NOT_FOUND', 'fail to get stream demo')), false)
    assert.equal(isTransientStartError(new KuiperError('CONFIG_ERROR', 'bad server')), false)
    assert.equal(isTransientStartError(new Error('boom')), false)
  })

  it('gives backoff delays and stops after the attempts', () => {
    const s = backoffRestart({ attempts: 3, delay: 100, multiplier: 3, maxDelay: 500 })
    assert.deepEqual(
      [1, 2, 3, 4].map((a) => s.nextDelay(a)),
      [100, 300, 500, undefined],
    )
  })

  it('calls the drop hook with the dropped rule', async () => {
    const dropped: string[] = []
    const engine = new Engine()
    const m = new RuleManager({ engine, store: new MemoryKvStore(), hooks: { onDrop: (r) => void dropped.push(r.id) } })
    await m.streams.execStmt(DEMO)
    await m.createRule({ id: 'x', sql: 'SELECT * FROM demo', actions: [{ nop: {} }] })
    assert.equal(await m.deleteRule('x'), 'Rule x is dropped.')
    assert.deepEqual(dropped, ['x'])
  })

  it('never half-creates: a rule that fails to plan leaves no trace in engine or store', async () => {
    const { store, m } = manager()
    await m.streams.execStmt(DEMO)
    await assert.rejects(
      m.createRule({ id: 'bad', sql: 'SELECT * FROM demo', actions: [{ nop: {} }], options: { isEventTime: true } }),
      { code: 'PLAN_ERROR' },
    )
    assert.deepEqual(m.listRules(), [])
    assert.deepEqual(await store.table('rule').keys(), [])
    await m.createRule({ id: 'bad', sql: 'SELECT * FROM demo', actions: [{ nop: {} }] })
    assert.deepEqual(m.ruleIds(), ['bad'])
    await m.close()
  })

  it('serializes concurrent creations of the same id: one wins, one conflicts', async () => {
    const { m } = manager()
    await m.streams.execStmt(DEMO)
    const def = { id: 'dup', sql: 'SELECT * FROM demo', actions: [{ nop: {} }] }
    const results = await Promise.allSettled([m.createRule(def), m.createRule(def)])
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected'])
    await m.close()
  })
})

describe('listing rules', () => {
  it('reads every status without building any metrics, which only a rule status asks for', async () => {
    const { engine, m } = manager()
    await m.streams.execStmt('CREATE STREAM s (a BIGINT) WITH (DATASOURCE="s", TYPE="memory")')
    for (const id of ['r1', 'r2', 'r3']) await m.createRule({ id, sql: 'SELECT a FROM s', actions: [{ nop: {} }] })
    await m.stopRule('r2')
    const metrics = mock.method(Topology.prototype, 'metrics')
    try {
      assert.deepEqual(m.listRules(), [
        { id: 'r1', status: 'Running' },
        { id: 'r2', status: 'Stopped: canceled manually or by error.' },
        { id: 'r3', status: 'Running' },
      ])
      assert.equal(metrics.mock.callCount(), 0)
      assert.ok(m.ruleStatus('r1').metrics !== undefined)
      assert.equal(metrics.mock.callCount(), 1)
    } finally {
      metrics.mock.restore()
      await m.close()
      await engine.close()
    }
  })
})
