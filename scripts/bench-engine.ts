// The bench target of ../shared/bench (README "Target contract"): Kuiper's Engine with one rule (or BENCH_RULES
// rules, rule i on BENCH_TOPIC/r/i) reading MQTT through the real mqtt source, writing one line per output row to
// BENCH_OUT (a batched append, like 1.0's file sink) or one message per row to BENCH_OUT_TOPIC (the mqtt sink).

import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSourceProfiles } from '../src/catalog/source-profiles.js'
import { toJson } from '../src/core/json.js'
import type { ValueMap } from '../src/core/value.js'
import { Engine } from '../src/engine.js'
import type { RuleAction, Sink, SinkPayload } from '../src/index.js'

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

// An etc folder whose mqtt_source.yaml points at the bench broker (QoS 0, as the publisher).
const etc = mkdtempSync(join(tmpdir(), 'kuiper-bench-etc-'))
writeFileSync(join(etc, 'mqtt_source.yaml'), `default:\n  qos: 0\n  servers: [${url}]\n`)

/** File sink: one JSON line per row into a WriteStream (writev batches what one event-loop turn queued). */
function fileSink(path: string): { sink: Sink; end(): Promise<void> } {
  const ws = createWriteStream(path, { flags: 'a', highWaterMark: 1 << 16 })
  return {
    sink: {
      collect(_ctx, payload: SinkPayload) {
        const rows = payload.rows
        if (rows === undefined) ws.write(payload.text + '\n')
        else for (const r of rows) ws.write(toJson(r as ValueMap) + '\n')
      },
    },
    end: () => new Promise<void>((resolve) => ws.end(() => resolve())),
  }
}

const engine = new Engine({ sourceProfiles: loadSourceProfiles(etc) })
const file = sinkKind === 'file' ? fileSink(out) : undefined
const action = (i: number): RuleAction =>
  file !== undefined
    ? { name: `file_${i}`, sink: file.sink }
    : { mqtt: { server: url, topic: outTopic, sendSingle: true } }

const fromRe = new RegExp(`\\bFROM\\s+${topic.replace(/[^A-Za-z0-9_]/g, '\\$&')}\\b`, 'i')
const cols = `(${schema})`
if (rules <= 1) {
  engine.createStream(`CREATE STREAM ${topic} ${cols} WITH (DATASOURCE="${topic}", TYPE="mqtt")`)
  await engine.createRule({ id: 'bench', sql, actions: [action(0)] })
} else {
  for (let i = 0; i < rules; i++) {
    const stream = `${topic}_r_${i}`
    engine.createStream(`CREATE STREAM ${stream} ${cols} WITH (DATASOURCE="${topic}/r/${i}", TYPE="mqtt")`)
    await engine.createRule({ id: `bench_${i}`, sql: sql.replace(fromRe, `FROM ${stream}`), actions: [action(i)] })
  }
}
process.stdout.write(`READY ${Date.now()} rules=${Math.max(1, rules)}\n`)

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  await engine.close()
  await file?.end()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
