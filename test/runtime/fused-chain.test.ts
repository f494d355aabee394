// The fused stateless chains (runtime/fused-chain.ts): many rules on one stream, each running preprocessor → filter
// → project as one step, must give every rule the results and metrics it gets through the operator nodes (the
// chains turned off), errors and stops of one rule must leave the others alone, and a rule whose sink is slow
// must queue as before and deliver everything in order.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Engine, ManualClock, silentLogger } from '../../src/index.js'
import type { Sink, SinkPayload, ValueMap } from '../../src/index.js'
import type { RuleRegistry } from '../../src/rules/rule-registry.js'
import type { Topology } from '../../src/runtime/topology.js'
import { seededRandom } from '../prng.js'
import { gatedWrites } from './gated-writes.js'

const STREAM = 'CREATE STREAM demo (temp FLOAT, hum BIGINT, room STRING) WITH (DATASOURCE="fan", TYPE="memory")'

/** The live topology of a rule (the registry is the engine's own; tests only). */
function topologyOf(engine: Engine, id: string): Topology {
  const t = (engine as unknown as { rules: RuleRegistry }).rules.topology(id)
  assert.ok(t !== undefined, `rule ${id} has a topology`)
  return t
}

/** A rule of the shapes the chain fuses, and some it does not (a window: only the preprocessor is fused). */
function randomSql(rand: () => number, i: number): string {
  const t = Math.floor(rand() * 40)
  const shapes = [
    () => `SELECT temp FROM demo WHERE temp > ${t}`,
    () => `SELECT temp * 2 AS t2, room FROM demo WHERE t2 > ${t}`,
    () => `SELECT * FROM demo WHERE room = "r${t % 3}"`,
    () => `SELECT room, temp FROM demo`,
    // Divides by zero when hum is 0: the filter throws for this rule only
    () => `SELECT temp FROM demo WHERE ${t} / hum > 1`,
    // The projection throws on the same messages
    () => `SELECT temp / hum AS q FROM demo WHERE temp > ${t}`,
    () => `SELECT avg(temp) AS a FROM demo WHERE temp > ${t} GROUP BY TUMBLINGWINDOW(ss, 1)`,
    // An empty row when the temperature is not above t (what omitIfEmpty drops)
    () => `SELECT CASE WHEN temp > ${t} THEN temp END AS x FROM demo`,
  ]
  return shapes[i % shapes.length]!()
}

/** Messages with a zero `hum` (operator errors) and a temperature the schema rejects (preprocessor errors). */
function randomMessages(rand: () => number, n: number): ValueMap[] {
  const out: ValueMap[] = []
  for (let i = 0; i < n; i++) {
    const temp = rand() < 0.1 ? 'hot' : Math.round(rand() * 500) / 10
    out.push({ temp, hum: Math.floor(rand() * 3), room: `r${Math.floor(rand() * 3)}` })
  }
  return out
}

interface RuleResult {
  readonly texts: string[]
  /** Every metric of every node but the connection's (records, exceptions, latency, last invocation). */
  readonly metrics: Record<string, string | number>
}

/**
 * The sink of rule `i`: plain and synchronous (the fused sink path), or one whose results take the sink node's path:
 * a property that encodes them, an async write, writes that fail now and then (retried from the outbox).
 */
function ruleSink(i: number, got: string[]): { name: string; sink: Sink; props?: Record<string, unknown> } {
  const push = (p: SinkPayload): void => void got.push(p.text)
  switch (i % 6) {
    case 1:
      return { name: 'out', sink: { collect: (_ctx, p) => push(p) }, props: { omitIfEmpty: true } }
    case 2:
      return { name: 'out', sink: { collect: (_ctx, p) => push(p) }, props: { sendSingle: true } }
    case 3:
      return { name: 'out', sink: { collect: async (_ctx, p) => push(p) } }
    case 4: {
      let calls = 0
      const collect = (_ctx: unknown, p: SinkPayload): void => {
        if (++calls % 5 === 0) throw new Error(`write ${calls} failed`)
        push(p)
      }
      return { name: 'out', sink: { collect }, props: { retryInterval: 500 } }
    }
    default:
      return { name: 'out', sink: { collect: (_ctx, p) => push(p) } }
  }
}

/** Runs `sqls` on one stream, publishing `batches` one second apart, with the fused chains on or off. */
async function runRules(
  sqls: readonly string[],
  batches: readonly (readonly ValueMap[])[],
  fused: boolean,
): Promise<{ results: RuleResult[]; fusedChains: number }> {
  const clock = new ManualClock(Date.UTC(2026, 11, 6))
  const engine = new Engine({ clock, logger: silentLogger })
  try {
    engine.createStream(STREAM)
    const texts: string[][] = []
    let fusedChains = 0
    for (const [i, sql] of sqls.entries()) {
      const got: string[] = []
      texts.push(got)
      await engine.createRule({ id: `r${i}`, sql, actions: [ruleSink(i, got)] })
      const topo = topologyOf(engine, `r${i}`)
      topo.setFusedChains(fused)
      fusedChains += topo.fusedChains
    }
    for (const batch of batches) {
      for (const m of batch) {
        engine.publish('fan', { ...m })
        clock.advanceSync(3)
      }
      await engine.idle()
      await clock.advance(1000, () => engine.idle())
    }
    const results = texts.map((got, i) => ({ texts: got, metrics: { ...engine.ruleStatus(`r${i}`).metrics } }))
    return { results, fusedChains }
  } finally {
    await engine.close()
  }
}

describe('fused stateless chains', () => {
  for (const seed of [21, 22]) {
    it(`give 70 rules on one stream the results and metrics of the operator nodes (seed ${seed})`, async () => {
      const rand = seededRandom(seed)
      const sqls = Array.from({ length: 70 }, (_, i) => randomSql(rand, i))
      const batches = [0, 1, 2].map(() => randomMessages(rand, 15))
      const fused = await runRules(sqls, batches, true)
      const nodes = await runRules(sqls, batches, false)
      assert.equal(fused.fusedChains, 70, 'every rule runs a fused chain')
      for (const [i, sql] of sqls.entries()) {
        assert.deepEqual(fused.results[i], nodes.results[i], `rule r${i}: ${sql}`)
      }
      // There was something to compare: output, operator errors in some rules, none in the plain ones
      const exceptions = (r: RuleResult): number =>
        Object.entries(r.metrics)
          .filter(([k]) => k.startsWith('op_') && k.endsWith('_exceptions_total'))
          .reduce((n, [, v]) => n + Number(v), 0)
      const all = fused.results
      assert.ok(all.every((r, i) => r.texts.length > 0 || sqls[i]!.includes('/ hum')))
      assert.ok(exceptions(all[4]!) > 0 && exceptions(all[5]!) > 0, 'the dividing rules failed on hum = 0')
      const r0 = all[0]!.metrics
      assert.ok(Number(r0['op_filter_0_records_in_total']) === 45 && Number(r0['op_project_0_records_in_total']) > 0)
      assert.notEqual(r0['op_project_0_last_invocation'], 0)
    })
  }

  it('keeps the other rules running when one is stopped, restarted or deleted while data flows', async () => {
    const engine = new Engine({})
    const got = new Map<string, number[]>()
    try {
      engine.createStream(STREAM)
      for (let i = 0; i < 30; i++) {
        const rows: number[] = []
        got.set(`r${i}`, rows)
        const collect = (_ctx: unknown, p: SinkPayload): void => {
          for (const r of p.rows ?? []) rows.push(Number(r['hum']))
        }
        await engine.createRule({
          id: `r${i}`,
          sql: 'SELECT hum FROM demo',
          actions: [{ name: 'out', sink: { collect } }],
        })
      }
      const publish = (from: number, to: number): void => {
        for (let n = from; n < to; n++) engine.publish('fan', { temp: 1, hum: n, room: 'a' })
      }
      publish(0, 10)
      await engine.stopRule('r3')
      publish(10, 20)
      await engine.deleteRule('r4')
      await engine.stopRule('r5')
      publish(20, 30)
      await engine.startRule('r5')
      await engine.startRule('r3')
      publish(30, 40)
      await engine.idle()
      const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, k) => a + k)
      for (const [id, rows] of got) {
        if (id === 'r3') assert.deepEqual(rows, [...range(0, 10), ...range(30, 40)], id)
        else if (id === 'r4') assert.deepEqual(rows, range(0, 20), id)
        else if (id === 'r5') assert.deepEqual(rows, [...range(0, 20), ...range(30, 40)], id)
        else assert.deepEqual(rows, range(0, 40), id)
      }
      const m = engine.ruleStatus('r7').metrics ?? {}
      assert.equal(m['source_demo_0_records_in_total'], 40)
      assert.equal(m['op_project_0_records_out_total'], 40)
      assert.equal(m['sink_out_0_records_in_total'], 40)
      // A restarted rule counts afresh, through its new chain
      assert.equal(engine.ruleStatus('r3').metrics?.['op_project_0_records_in_total'], 10)
    } finally {
      await engine.close()
    }
  })

  it('keeps every queue of a fused rule within bufferLength behind a slow sink, as the nodes do', async () => {
    /** A rule with bufferLength 2 and a sink whose writes wait until released, the chain on or off. */
    const runSlow = async (fused: boolean): Promise<{ peak: number; written: number[]; metrics: object }> => {
      const clock = new ManualClock(Date.UTC(2026, 11, 6))
      const engine = new Engine({ clock, logger: silentLogger })
      const writes = gatedWrites(engine)
      const release = writes.release
      const written: number[] = []
      try {
        engine.createStream(STREAM)
        const gated = writes.collect((p) => {
          for (const r of p.rows ?? []) written.push(Number(r['hum']))
        })
        await engine.createRule({
          id: 'slow',
          sql: 'SELECT hum FROM demo WHERE temp > 0',
          options: { bufferLength: 2 },
          actions: [{ name: 'out', sink: { collect: gated } }],
        })
        const topo = topologyOf(engine, 'slow')
        topo.setFusedChains(fused)
        // The first write waits; the sink's queue fills, then the chain head's, then the source's (which drops).
        for (let n = 0; n < 20; n++) engine.publish('fan', { temp: 1, hum: n, room: 'a' })
        const peak = topo.peakQueued()
        await release()
        // Drained: the chain takes the messages again
        for (let n = 20; n < 30; n++) engine.publish('fan', { temp: 1, hum: n, room: 'a' })
        await release()
        return { peak, written, metrics: { ...engine.ruleStatus('slow').metrics } }
      } finally {
        await engine.close()
      }
    }
    const fused = await runSlow(true)
    assert.equal(fused.peak, 2, 'the queues filled up to bufferLength and no further')
    assert.deepEqual(fused, await runSlow(false))
    // After the drain, the first message of the second burst went through at once, and its last ones were kept
    assert.ok(fused.written.includes(20) && fused.written.includes(29), String(fused.written))
  })

  it('queues behind a slow sink as the nodes do, delivering everything in order, while the other rules go on', async () => {
    const engine = new Engine({})
    const pending: (() => void)[] = []
    const slow: number[] = []
    const fast: number[] = []
    try {
      engine.createStream(STREAM)
      const gated = (_ctx: unknown, p: SinkPayload): Promise<void> =>
        new Promise((resolve) =>
          pending.push(() => {
            for (const r of p.rows ?? []) slow.push(Number(r['hum']))
            resolve()
          }),
        )
      await engine.createRule({
        id: 'slow',
        sql: 'SELECT hum FROM demo',
        actions: [{ name: 'out', sink: { collect: gated } }],
      })
      const collect = (_ctx: unknown, p: SinkPayload): void => {
        for (const r of p.rows ?? []) fast.push(Number(r['hum']))
      }
      await engine.createRule({
        id: 'fast',
        sql: 'SELECT hum FROM demo',
        actions: [{ name: 'out', sink: { collect } }],
      })
      assert.equal(topologyOf(engine, 'slow').fusedChains, 1)
      for (let n = 0; n < 50; n++) engine.publish('fan', { temp: 1, hum: n, room: 'a' })
      assert.equal(fast.length, 50, 'the other rule got every message at once')
      assert.equal(pending.length, 1, 'one write in flight, the rest queued')
      assert.ok(topologyOf(engine, 'slow').peakQueued() > 0)
      for (let n = 50; n < 60; n++) engine.publish('fan', { temp: 1, hum: n, room: 'a' })
      while (slow.length < 60) {
        const next = pending.shift()
        assert.ok(next !== undefined, `a write is pending (${slow.length} of 60 delivered)`)
        next()
        await new Promise((r) => setImmediate(r))
      }
      await engine.idle()
      assert.deepEqual(
        slow,
        Array.from({ length: 60 }, (_, k) => k),
      )
      const m = engine.ruleStatus('slow').metrics ?? {}
      assert.equal(m['source_demo_0_records_in_total'], 60)
      assert.equal(m['op_filter_0_records_in_total'] ?? m['op_project_0_records_in_total'], 60)
      assert.equal(m['sink_out_0_records_out_total'], 60)
    } finally {
      await engine.close()
    }
  })
})
