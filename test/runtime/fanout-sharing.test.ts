// Fan-out sharing (one clock read, one source tuple, one conversion and one preprocessed tuple per message for the
// rules of a stream) must not change any rule's results or metrics: random rules and messages, run all together on
// one stream, give what each rule gives when it runs alone in its own engine.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Engine, ManualClock } from '../../src/index.js'
import type { SinkPayload, ValueMap } from '../../src/index.js'
import { seededRandom } from '../prng.js'

const STREAMS = [
  'CREATE STREAM demo (temp FLOAT, room STRING) WITH (DATASOURCE="fan", TYPE="memory")',
  'CREATE STREAM raw () WITH (DATASOURCE="fan", TYPE="memory")',
]

/** A random rule over the two streams: stateless chains (shared tuples), aliases, windows with aggregates. */
function randomSql(rand: () => number, shape?: number): string {
  const t = Math.floor(rand() * 40)
  const room = `r${Math.floor(rand() * 3)}`
  const shapes = [
    () => `SELECT temp FROM demo WHERE temp > ${t}`,
    () => `SELECT * FROM demo WHERE temp <= ${t} AND room = "${room}"`,
    () => `SELECT temp * 2 AS t2, room FROM demo WHERE t2 > ${t}`,
    () => `SELECT room FROM demo`,
    () => `SELECT * FROM raw WHERE temp > ${t}`,
    () => `SELECT temp + 1 AS t1 FROM raw WHERE room = "${room}"`,
    () => `SELECT room, count(*) AS c, max(temp) AS m FROM demo GROUP BY room, TUMBLINGWINDOW(ss, 1) HAVING m > ${t}`,
    () => `SELECT avg(temp) AS a FROM demo WHERE temp > ${t} GROUP BY TUMBLINGWINDOW(ss, 1)`,
    // Shows the whole rows a window holds: an alias an aggregate wrote into a tuple shared with it would show here
    () => `SELECT * FROM demo GROUP BY TUMBLINGWINDOW(ss, 1)`,
  ]
  return shapes[shape ?? Math.floor(rand() * shapes.length)]!()
}

/** Random messages; some have a temperature the schema cannot take (the preprocessor's error path). */
function randomMessages(rand: () => number, n: number): ValueMap[] {
  const out: ValueMap[] = []
  for (let i = 0; i < n; i++) {
    const temp = rand() < 0.1 ? 'hot' : Math.round(rand() * 500) / 10
    out.push({ temp, room: `r${Math.floor(rand() * 3)}` })
  }
  return out
}

describe('Fan-out sharing', () => {
  for (const seed of [11, 12, 13]) {
    it(`gives each rule the results and metrics it has alone (seed ${seed})`, async () => {
      const rand = seededRandom(seed)
      const sqls = new Map<string, string>()
      // r0 reads the schema's stream, whose preprocessor fails on some messages: the error path is always compared
      for (let i = 0; i < 16; i++) sqls.set(`r${i}`, randomSql(rand, i === 0 ? 0 : undefined))
      const batches = [0, 1, 2].map(() => randomMessages(rand, 12))

      const together = await runRules(sqls, batches)
      for (const [id, sql] of sqls) {
        const alone = await runRules(new Map([[id, sql]]), batches)
        assert.deepEqual(together.get(id), alone.get(id), `rule ${id}: ${sql}`)
      }
      // The random rules did produce output and errors (otherwise there was nothing to compare)
      const all = [...together.values()]
      assert.ok(all.some((r) => r.texts.length > 0))
      assert.ok(all.some((r) => Object.entries(r.counts).some(([k, v]) => k.endsWith('exceptions_total') && v > 0)))
    })
  }
})

interface RuleResult {
  readonly texts: string[]
  /** The counters of every node (records in/out, exceptions), not the latency and time stamps. */
  readonly counts: Record<string, number>
}

/** Runs `sqls` as rules of one engine, publishing `batches` one second apart; results and counters per rule. */
async function runRules(
  sqls: ReadonlyMap<string, string>,
  batches: readonly (readonly ValueMap[])[],
): Promise<Map<string, RuleResult>> {
  const clock = new ManualClock(0)
  const engine = new Engine({ clock })
  try {
    for (const s of STREAMS) engine.createStream(s)
    const texts = new Map<string, string[]>()
    for (const [id, sql] of sqls) {
      const got: string[] = []
      texts.set(id, got)
      const sink = { name: 'out', sink: { collect: (_ctx: unknown, p: SinkPayload) => void got.push(p.text) } }
      await engine.createRule({ id, sql, actions: [sink] })
    }
    for (const batch of batches) {
      for (const m of batch) engine.publish('fan', { ...m })
      await engine.idle()
      await clock.advance(1000, () => engine.idle())
    }
    const out = new Map<string, RuleResult>()
    for (const [id, got] of texts) {
      const counts: Record<string, number> = {}
      for (const [k, v] of Object.entries(engine.ruleStatus(id).metrics ?? {})) {
        if (/_(records_in|records_out|exceptions)_total$/.test(k)) counts[k] = Number(v)
      }
      out.set(id, { texts: got, counts })
    }
    return out
  } finally {
    await engine.close()
  }
}
