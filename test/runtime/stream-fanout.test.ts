// The fan-out step of a stream (runtime/stream-fanout.ts, core/fanout.ts): the connector hands a message to one
// step for a run of rules, which loops over their fused chains and falls back to a rule's own emit whenever its chain
// is not plainReady. Mixed rules on one topic (plain ones, other schemas, aliases, windows, event time, qos 1, traced
// rules, a rule publishing back into the topic during the delivery) must get the outputs and metrics of the per-rule
// path, and rules created, stopped, restarted and deleted between messages exactly the messages in between.
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import type { FanoutMember, FanoutStep } from '../../src/core/fanout.js'
import { fanoutSteps } from '../../src/core/fanout.js'
import { Engine, ManualClock, silentLogger } from '../../src/index.js'
import type { SinkPayload, ValueMap } from '../../src/index.js'
import type { RuleRegistry } from '../../src/rules/rule-registry.js'
import { streamFanout } from '../../src/runtime/stream-fanout.js'
import { seededRandom } from '../prng.js'
import { gatedWrites } from './gated-writes.js'

const STREAMS = [
  'CREATE STREAM demo (temp FLOAT, hum BIGINT, room STRING, ts BIGINT) WITH (DATASOURCE="fan", TYPE="memory", TIMESTAMP="ts")',
  // Another schema on the same topic: its own conversion, interleaved with demo's in the step
  'CREATE STREAM whole (temp BIGINT, room STRING) WITH (DATASOURCE="fan", TYPE="memory")',
  'CREATE STREAM raw () WITH (DATASOURCE="fan", TYPE="memory")',
]

interface RuleSpec {
  readonly sql: string
  readonly options?: Record<string, unknown>
  /** Traced from the second batch on, untraced again from the fourth. */
  readonly traced?: boolean
  /** Publishes its rows back to the topic (during the delivery of the message that produced them). */
  readonly echo?: boolean
}

function randomRule(rand: () => number, i: number): RuleSpec {
  const t = Math.floor(rand() * 40)
  const shapes: (() => RuleSpec)[] = [
    () => ({ sql: `SELECT temp FROM demo WHERE temp > ${t}` }),
    () => ({ sql: `SELECT temp, room FROM whole WHERE temp > ${t}` }),
    () => ({ sql: `SELECT * FROM raw WHERE room = "r${t % 3}"` }),
    () => ({ sql: `SELECT temp * 2 AS t2 FROM demo WHERE t2 > ${t}` }),
    () => ({ sql: `SELECT temp FROM demo WHERE temp > ${t}`, traced: true }),
    () => ({ sql: `SELECT temp / hum AS q FROM demo WHERE temp > ${t}` }),
    () => ({ sql: `SELECT hum FROM demo WHERE temp > ${t}`, options: { qos: 1, checkpointInterval: 400 } }),
    () => ({ sql: `SELECT avg(temp) AS a FROM demo WHERE temp > ${t} GROUP BY TUMBLINGWINDOW(ss, 1)` }),
    () => ({
      sql: `SELECT count(*) AS c FROM demo GROUP BY TUMBLINGWINDOW(ss, 1)`,
      options: { isEventTime: true },
    }),
    () => ({ sql: `SELECT room FROM whole` }),
    // A function in the SELECT list: each rule projects for itself (no shared rows)
    () => ({ sql: `SELECT upper(room) AS r, temp FROM demo WHERE temp > ${t}` }),
    () => ({ sql: `SELECT temp, meta(topic) AS topic FROM demo WHERE temp > ${t}`, options: { sendMetaToSink: true } }),
    () => ({ sql: `SELECT * FROM demo` }),
  ]
  // One rule echoes: what it publishes is delivered to every rule while the step is still running
  // (from the schemaless stream, whose rows never fail, and never taking back what it published)
  if (i === 3) return { sql: 'SELECT temp, hum, "echo" AS room, ts FROM raw WHERE room = "r1"', echo: true }
  return shapes[Math.floor(rand() * shapes.length)]!()
}

function randomMessages(rand: () => number, n: number, batch: number): ValueMap[] {
  const out: ValueMap[] = []
  for (let i = 0; i < n; i++) {
    const temp = rand() < 0.1 ? 'hot' : Math.round(rand() * 500) / 10
    const ts = Date.UTC(2026, 11, 6) + batch * 1000 + i * 20
    out.push({ temp, hum: Math.floor(rand() * 3), room: `r${Math.floor(rand() * 3)}`, ts })
  }
  return out
}

interface RuleResult {
  readonly texts: string[]
  readonly metrics: Record<string, string | number>
  /** The traces kept of the rule (a traced rule's messages cross its nodes, each traced). */
  readonly traces: number
}

function registryOf(engine: Engine): RuleRegistry {
  return (engine as unknown as { rules: RuleRegistry }).rules
}

/** How many steps the memory topic `fan` has for how many subscribers (the broker's own; tests only). */
function stepsOfFan(engine: Engine): { subscribers: number; steps: number } {
  const exact = (engine.memory as unknown as { exact: Map<string, { subs: unknown[]; stepsOf(): unknown[] }> }).exact
  const fan = exact.get('fan')!
  return { subscribers: fan.subs.length, steps: fan.stepsOf().length }
}

async function runRules(
  rules: readonly RuleSpec[],
  batches: readonly (readonly ValueMap[])[],
  fanout: boolean,
): Promise<{ results: RuleResult[]; steps: { subscribers: number; steps: number } }> {
  streamFanout.enabled = fanout
  const clock = new ManualClock(Date.UTC(2026, 11, 6))
  const engine = new Engine({ clock, logger: silentLogger })
  try {
    for (const s of STREAMS) engine.createStream(s)
    const texts: string[][] = []
    for (const [i, r] of rules.entries()) {
      const got: string[] = []
      texts.push(got)
      const out = { name: 'out', sink: { collect: (_ctx: unknown, p: SinkPayload): void => void got.push(p.text) } }
      // The echoing rule's only sink is the memory topic: its chain runs in the step, and publishes from there
      const actions = r.echo === true ? [{ memory: { topic: 'fan' } }] : [out]
      await engine.createRule({ id: `r${i}`, sql: r.sql, actions, ...(r.options ? { options: r.options } : {}) })
    }
    const steps = stepsOfFan(engine)
    for (const [b, batch] of batches.entries()) {
      for (const [i, r] of rules.entries()) {
        if (r.traced !== true) continue
        if (b === 1) registryOf(engine).startTrace(`r${i}`, 'always')
        if (b === 3) registryOf(engine).stopTrace(`r${i}`)
      }
      for (const m of batch) {
        engine.publish('fan', { ...m })
        clock.advanceSync(3)
      }
      await engine.idle()
      await clock.advance(1000, () => engine.idle())
    }
    const results = texts.map((got, i) => ({
      texts: got,
      metrics: { ...engine.ruleStatus(`r${i}`).metrics },
      traces: registryOf(engine).traces.ids(`r${i}`).length,
    }))
    return { results, steps }
  } finally {
    await engine.close()
    streamFanout.enabled = true
  }
}

describe('stream fan-out step', () => {
  afterEach(() => {
    streamFanout.enabled = true
  })

  for (const seed of [31, 32]) {
    it(`gives mixed rules on one topic the outputs and metrics of the per-rule path (seed ${seed})`, async () => {
      const rand = seededRandom(seed)
      const rules = Array.from({ length: 40 }, (_, i) => randomRule(rand, i))
      const batches = [0, 1, 2, 3, 4].map((b) => randomMessages(rand, 15, b))
      const stepped = await runRules(rules, batches, true)
      const perRule = await runRules(rules, batches, false)
      // The step did stand in for runs of rules (else there was nothing to compare)
      assert.ok(stepped.steps.steps < stepped.steps.subscribers / 2, JSON.stringify(stepped.steps))
      assert.equal(perRule.steps.steps, perRule.steps.subscribers)
      for (const [i, r] of rules.entries()) {
        assert.deepEqual(stepped.results[i], perRule.results[i], `rule r${i}: ${r.sql}`)
      }
      const all = stepped.results
      assert.ok(all.filter((r) => r.texts.length > 0).length > 20, 'most rules gave output')
      assert.ok(
        rules.some((r, i) => r.traced === true && all[i]!.traces > 0),
        'a traced rule was traced',
      )
      assert.ok(
        all.some((r) => Object.entries(r.metrics).some(([k, v]) => k.endsWith('exceptions_total') && Number(v) > 0)),
        'some operator failed on some message',
      )
    })
  }

  it('keeps a slow rule in a step to its queues and bufferLength, as the per-rule path does', async () => {
    /** Plain rules around one with bufferLength 2 whose sink writes wait until released. */
    const runSlow = async (fanout: boolean): Promise<object> => {
      streamFanout.enabled = fanout
      const clock = new ManualClock(Date.UTC(2026, 11, 6))
      const engine = new Engine({ clock, logger: silentLogger })
      const writes = gatedWrites(engine)
      const release = writes.release
      const written: Record<string, number[]> = { a: [], slow: [], b: [] }
      try {
        engine.createStream(STREAMS[0]!)
        for (const id of ['a', 'slow', 'b']) {
          const rows = written[id]!
          const push = (p: SinkPayload): void => {
            for (const r of p.rows ?? []) rows.push(Number(r['hum']))
          }
          const collect = id === 'slow' ? writes.collect(push) : (_ctx: unknown, p: SinkPayload): void => push(p)
          await engine.createRule({
            id,
            sql: 'SELECT hum FROM demo WHERE temp > 0',
            options: { bufferLength: 2 },
            actions: [{ name: 'out', sink: { collect } }],
          })
        }
        assert.equal(stepsOfFan(engine).steps, fanout ? 1 : 3)
        // The first write waits; the slow rule's sink queue fills, then its chain head's, then its source's (dropping)
        for (let n = 0; n < 20; n++) engine.publish('fan', { temp: 1, hum: n, room: 'a' })
        const peak = registryOf(engine).topology('slow')!.peakQueued()
        await release()
        for (let n = 20; n < 30; n++) engine.publish('fan', { temp: 1, hum: n, room: 'a' })
        await release()
        const metrics = Object.fromEntries(['a', 'slow', 'b'].map((id) => [id, engine.ruleStatus(id).metrics]))
        return { peak, written, metrics }
      } finally {
        await engine.close()
        streamFanout.enabled = true
      }
    }
    const stepped = await runSlow(true)
    assert.deepEqual(stepped, await runSlow(false))
    assert.equal((stepped as { peak: number }).peak, 2)
  })

  it('projects a message once for the rules of a stream with the same row-only SELECT list', async () => {
    const engine = new Engine({ logger: silentLogger })
    const rows = new Map<string, ValueMap[]>()
    try {
      engine.createStream(STREAMS[0]!)
      // (no alias: an alias is computed into the rule's own copy of the message by its preprocessor)
      const lists = { a: 'temp, hum', b: 'temp, hum', c: 'temp, hum', d: 'temp, abs(hum)' }
      for (const [id, list] of Object.entries(lists)) {
        const got: ValueMap[] = []
        rows.set(id, got)
        const collect = (_ctx: unknown, p: SinkPayload): void => void got.push(...(p.rows ?? []))
        await engine.createRule({
          id,
          sql: `SELECT ${list} FROM demo WHERE temp > ${id === 'b' ? 5 : 0}`,
          actions: [{ name: 'out', sink: { collect } }],
        })
      }
      engine.publish('fan', { temp: 1, hum: -2, room: 'a', ts: 0 })
      engine.publish('fan', { temp: 9, hum: -3, room: 'a', ts: 0 })
      await engine.idle()
      const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => rows.get(id)!)
      assert.deepEqual(a, [
        { temp: 1, hum: -2n },
        { temp: 9, hum: -3n },
      ])
      assert.deepEqual(b, [{ temp: 9, hum: -3n }])
      assert.deepEqual(d, [
        { temp: 1, abs: 2n },
        { temp: 9, abs: 3n },
      ])
      // One row object per message for a, b and c (b skipped the first); d projects its own
      assert.ok(a[0] === c![0] && a[1] === b![0] && a[1] === c![1], 'a, b and c share the rows')
      assert.ok(a[1] !== d![1], 'd has rows of its own')
    } finally {
      await engine.close()
    }
  })

  it('gives rules created, stopped, restarted and deleted between messages exactly the messages in between', async () => {
    const rand = seededRandom(41)
    const engine = new Engine({ logger: silentLogger })
    type Life = { rows: number[]; running: boolean; deleted: boolean; threshold: number; expected: number[] }
    const lives = new Map<string, Life>()
    let next = 0
    const create = async (): Promise<void> => {
      const id = `r${next++}`
      const life: Life = { rows: [], running: true, deleted: false, threshold: Math.floor(rand() * 10), expected: [] }
      lives.set(id, life)
      const collect = (_ctx: unknown, p: SinkPayload): void => {
        for (const row of p.rows ?? []) life.rows.push(Number(row['hum']))
      }
      // Some rules alias (their own preprocessor), the others share the stream's conversion
      const sql =
        rand() < 0.2
          ? `SELECT hum, temp AS t FROM demo WHERE t > ${life.threshold}`
          : `SELECT hum FROM demo WHERE temp > ${life.threshold}`
      await engine.createRule({ id, sql, actions: [{ name: 'out', sink: { collect } }] })
    }
    try {
      engine.createStream(STREAMS[0]!)
      for (let i = 0; i < 20; i++) await create()
      let n = 0
      for (let round = 0; round < 30; round++) {
        const ops = Math.floor(rand() * 4)
        for (let k = 0; k < ops; k++) {
          const ids = [...lives].filter(([, l]) => !l.deleted)
          const [id, life] = ids[Math.floor(rand() * ids.length)]!
          const what = rand()
          if (what < 0.3) await create()
          else if (what < 0.55 && life.running) {
            await engine.stopRule(id)
            life.running = false
          } else if (what < 0.8 && !life.running) {
            await engine.startRule(id)
            life.running = true
          } else {
            await engine.deleteRule(id)
            life.deleted = true
            life.running = false
          }
        }
        for (let k = 0; k < 5; k++, n++) {
          const temp = n % 12
          engine.publish('fan', { temp, hum: n, room: 'a', ts: n })
          for (const l of lives.values()) if (l.running && temp > l.threshold) l.expected.push(n)
        }
      }
      await engine.idle()
      for (const [id, l] of lives) assert.deepEqual(l.rows, l.expected, id)
      assert.ok(next > 25, 'rules were created while messages flowed')
    } finally {
      await engine.close()
    }
  })
})

describe('fanoutSteps', () => {
  const calls: string[] = []
  const builder =
    (name: string) =>
    (members: readonly FanoutMember[]): FanoutStep =>
    () =>
      void calls.push(`${name}(${members.map((m) => (m as FanoutMember & { id: string }).id).join(',')})`)
  const a = builder('A')
  const b = builder('B')
  const member = (id: string, fanout: typeof a): FanoutMember & { id: string } => ({ id, fanout })
  type L = { id: string; member?: FanoutMember }

  it('joins runs of consecutive members of one builder, keeping every listener in its place', () => {
    const ls: L[] = [
      { id: 'x' },
      { id: '1', member: member('1', a) },
      { id: '2', member: member('2', a) },
      { id: '3', member: member('3', b) },
      { id: '4', member: member('4', b) },
      { id: '5', member: member('5', a) },
      { id: 'y' },
      { id: '6', member: member('6', a) },
      { id: '7', member: member('7', a) },
      { id: '8', member: member('8', a) },
    ]
    calls.length = 0
    const steps = fanoutSteps(
      ls,
      (l) => l.member,
      (l) => () => void calls.push(l.id),
    )
    for (const s of steps) s({}, {}, 't')
    assert.deepEqual(calls, ['x', 'A(1,2)', 'B(3,4)', '5', 'y', 'A(6,7,8)'])
  })
})
