#!/usr/bin/env node
// CPU per message of one rule in process (no broker): the shared MQTT workload's rule, `SELECT * FROM demo WHERE
// temperature > 50` on a schemaless stream, its file sink writing one line per row (sendSingle, interval 50 ms), as
// scripts/bench-engine.ts runs it, but fed from the memory source with the payloads JSON-decoded here.
//   node scripts/bench-one-rule.mjs [--dist <folder with the compiled index.js>] [--sink file|nop] [--batches 300]
// Each batch is 1,000 messages published at once, then one event-loop turn. CPU time is the whole process's (the
// file writes and the collector's threads included), as the shared bench counts it. Compare two builds back to back
// (--dist of each, alternating a few times): on a shared machine CPU time is steadier than wall time.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string', default: join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'dist') },
    sink: { type: 'string', default: 'file' },
    batches: { type: 'string', default: '300' },
  },
})
const { Engine, silentLogger } = await import(pathToFileURL(join(resolve(opt.dist), 'index.js')).href)
const dir = mkdtempSync(join(tmpdir(), 'kuiper-one-rule-'))
const engine = new Engine({ logger: silentLogger, dataDir: dir })
engine.createStream('CREATE STREAM demo () WITH (DATASOURCE="demo", TYPE="memory")')
const sink =
  opt.sink === 'nop' ? { nop: {} } : { file: { path: join(dir, 'out.jsonl'), sendSingle: true, interval: 50 } }
await engine.createRule({ id: 'r', sql: 'SELECT * FROM demo WHERE temperature > 50', actions: [sink] })
const payloads = Array.from({ length: 1000 }, (_, i) =>
  Buffer.from(JSON.stringify({ temperature: (i * 37) % 101, humidity: (i * 7) % 101 })),
)
const run = async (batches) => {
  for (let k = 0; k < batches; k++) {
    for (const p of payloads) engine.publish('demo', JSON.parse(p.toString()))
    await new Promise((r) => setImmediate(r))
  }
  await engine.idle()
}
await run(50)
const batches = Number(opt.batches)
const cpu0 = process.cpuUsage()
await run(batches)
const cpu = process.cpuUsage(cpu0)
console.log(
  JSON.stringify({ dist: opt.dist, sink: opt.sink, ns_per_msg: Math.round((cpu.user + cpu.system) / batches) }),
)
await engine.close()
rmSync(dir, { recursive: true, force: true })
