import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Engine, ManualClock } from '../../../src/index.js'
import { RuleTestManager } from '../../../src/rules/rule-test/rule-test-manager.js'
import type { RuleTestEvent } from '../../../src/rules/rule-test/test-run.js'

// Rule test runs on a manual clock: the mock rows' pace, the time limit and the window wait are clock time.
function setup(opts: { timeLimit?: number; settleDelay?: number; maxConcurrent?: number } = {}) {
  const clock = new ManualClock(0)
  const engine = new Engine({ clock })
  engine.createStream('CREATE STREAM demo (a BIGINT) WITH (DATASOURCE="demo", TYPE="memory")')
  const tests = new RuleTestManager(engine.rules, clock, opts)
  const events: RuleTestEvent[] = []
  const settle = async () => {
    await engine.idle()
    await tests.idle()
  }
  return { clock, engine, tests, events, settle }
}

const body = (o: Record<string, unknown>) => JSON.stringify({ id: 't', sql: 'SELECT a FROM demo', ...o })

describe('RuleTestManager on a manual clock', () => {
  it('sends one mock row per interval of the clock', async () => {
    const { clock, tests, events, settle, engine } = setup()
    await tests.create(body({ mockSource: { demo: { data: [{ a: 1 }, { a: 2 }], interval: 1000, loop: true } } }))
    tests.listen('t', (e) => events.push(e))
    await tests.start('t')
    await clock.advance(999, settle)
    assert.deepEqual(events, [])
    await clock.advance(1, settle)
    assert.deepEqual(events, [{ event: 'data', data: '[{"a":1}]' }])
    await clock.advance(3000, settle)
    assert.deepEqual(
      // (assert.deepEqual(events, []) above narrowed the array's type to never[])
      (events as RuleTestEvent[]).map((e) => e.data),
      ['[{"a":1}]', '[{"a":2}]', '[{"a":1}]', '[{"a":2}]'],
    )
    await tests.close()
    await engine.close()
  })

  it('ends at the time limit, counted from creation, and forgets the run', async () => {
    const { clock, tests, events, settle, engine } = setup({ timeLimit: 60_000 })
    await tests.create(body({ mockSource: { demo: { data: [{ a: 1 }], interval: 10_000, loop: true } } }))
    tests.listen('t', (e) => events.push(e))
    await clock.advance(30_000, settle)
    await tests.start('t')
    await clock.advance(29_999, settle)
    assert.equal(events.filter((e) => e.event === 'end').length, 0)
    await clock.advance(1, settle)
    assert.deepEqual(events.at(-1), { event: 'end', data: '{"reason":"timeout"}' })
    assert.equal(events.filter((e) => e.event === 'data').length, 2)
    assert.throws(() => tests.ended('t'), /Rule test t is not found/)
    assert.equal(engine.rules.ids().length, 0)
    await engine.close()
  })

  it("waits for the rule's window after the last row before ending done", async () => {
    const { clock, tests, events, settle, engine } = setup({ settleDelay: 500 })
    await tests.create(
      JSON.stringify({
        id: 't',
        sql: 'SELECT count(*) AS n FROM demo GROUP BY TUMBLINGWINDOW(ss, 10)',
        mockSource: { demo: { data: [{ a: 1 }, { a: 2 }, { a: 3 }], interval: 100 } },
      }),
    )
    tests.listen('t', (e) => events.push(e))
    await tests.start('t')
    await clock.advance(300, settle)
    await engine.idle()
    assert.deepEqual(events, [])
    // The window closes at 10 s of the clock; the run ends 10.5 s after the last row was handled.
    await clock.advance(10_000, settle)
    assert.deepEqual(events, [{ event: 'data', data: '[{"n":3}]' }])
    await clock.advance(499, settle)
    assert.equal(events.length, 1)
    await clock.advance(1, settle)
    assert.deepEqual(events.at(-1), { event: 'end', data: '{"reason":"done"}' })
    await tests.close()
    await engine.close()
  })

  it('keeps the events of at most maxConcurrent ended runs, forgetting the oldest', async () => {
    const { clock, tests, settle, engine } = setup({ maxConcurrent: 2, settleDelay: 0 })
    for (const id of ['r1', 'r2', 'r3']) {
      await tests.create(JSON.stringify({ id, sql: 'SELECT a FROM demo', mockSource: { demo: { data: [{ a: 1 }] } } }))
      await tests.start(id)
      await clock.advance(100, settle)
      await engine.idle()
      await clock.advance(0, settle)
      assert.equal(tests.ended(id), true)
    }
    await tests.create(
      JSON.stringify({ id: 'r4', sql: 'SELECT a FROM demo', mockSource: { demo: { data: [{ a: 1 }] } } }),
    )
    assert.throws(() => tests.ended('r1'), /not found/)
    assert.equal(tests.ended('r2'), true)
    assert.equal(tests.ended('r3'), true)
    assert.equal(tests.ended('r4'), false)
    await tests.close()
    await engine.close()
  })
})
