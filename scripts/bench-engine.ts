// The bench target of ../shared/bench (README "Target contract"): Kuiper's Engine with one rule (or BENCH_RULES
// rules, rule i on BENCH_TOPIC/r/i) reading MQTT through the real mqtt source, writing one line per output row to
// BENCH_OUT (Kuiper's file sink) or one message per row to BENCH_OUT_TOPIC (the mqtt sink); BENCH_QOS sets the rule qos.

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSourceProfiles } from '../src/catalog/source-profiles.js'
import { Engine } from '../src/engine.js'
import type { RuleAction } from '../src/index.js'
import { createKvStore } from '../src/state/index.js'

const env = process.env
const url = env['BENCH_BROKER_URL'] ?? 'mqtt://127.0.0.1:1883'
const topic = env['BENCH_TOPIC'] ?? 'demo'
const sql = env['BENCH_SQL'] ?? `SELECT * FROM ${topic} WHERE temperature > ${env['BENCH_THRESHOLD'] ?? '50'}`
const sinkKind = env['BENCH_SINK'] ?? 'file'
const out = env['BENCH_OUT'] ?? '/tmp/kbench/engine.out.jsonl'
const outTopic = env['BENCH_OUT_TOPIC'] ?? 'demo/out'
const rules = Number(env['BENCH_RULES'] ?? '0')
/** Stream schema, e.g. `temperature FLOAT, humidity FLOAT`; empty = schemaless. */
const schema = env['BENCH_SCHEMA'] ?? ''
/** Rule qos (0, 1 or 2) and checkpoint interval in ms, to compare the cost of checkpoints on this workload. */
const qos = Number(env['BENCH_QOS'] ?? '0')
const checkpointInterval = Number(env['BENCH_CHECKPOINT_MS'] ?? '1000')

// An etc folder whose mqtt_source.yaml points at the bench broker (QoS 0, as the publisher).
const etc = mkdtempSync(join(tmpdir(), 'kuiper-bench-etc-'))
writeFileSync(join(etc, 'mqtt_source.yaml'), `default:\n  qos: 0\n  servers: [${url}]\n`)

// qos 1/2 checkpoint into an SQLite store in a scratch data dir, as kuiperd would.
const store =
  qos > 0 ? await createKvStore('sqlite', { dataDir: mkdtempSync(join(tmpdir(), 'kuiper-bench-data-')) }) : undefined
const engine = new Engine({
  sourceProfiles: loadSourceProfiles(etc),
  ...(store === undefined ? {} : { stateStore: store }),
})
// Kuiper's own sinks, one line / message per output row (sendSingle).
const action = (): RuleAction =>
  sinkKind === 'file'
    ? { file: { path: out, sendSingle: true, interval: 50 } }
    : { mqtt: { server: url, topic: outTopic, sendSingle: true } }
const options = qos > 0 ? { qos, checkpointInterval } : {}

const fromRe = new RegExp(`\\bFROM\\s+${topic.replace(/[^A-Za-z0-9_]/g, '\\$&')}\\b`, 'i')
const cols = `(${schema})`
if (rules <= 1) {
  engine.createStream(`CREATE STREAM ${topic} ${cols} WITH (DATASOURCE="${topic}", TYPE="mqtt")`)
  await engine.createRule({ id: 'bench', sql, actions: [action()], options })
} else {
  for (let i = 0; i < rules; i++) {
    const stream = `${topic}_r_${i}`
    engine.createStream(`CREATE STREAM ${stream} ${cols} WITH (DATASOURCE="${topic}/r/${i}", TYPE="mqtt")`)
    await engine.createRule({
      id: `bench_${i}`,
      sql: sql.replace(fromRe, `FROM ${stream}`),
      actions: [action()],
      options,
    })
  }
}
process.stdout.write(`READY ${Date.now()} rules=${Math.max(1, rules)}\n`)

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  await engine.close()
  await store?.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
