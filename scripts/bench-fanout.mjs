#!/usr/bin/env node
// CPU per message of fan-out, in process (no broker, no REST): many rules on one memory stream.
//   node scripts/bench-fanout.mjs [--dist <folder with the compiled index.js>] [--rules 1000] [--messages 4000]
// Builds an Engine with the stream `demo (temperature FLOAT, humidity BIGINT)` and rules
// `SELECT temperature FROM demo WHERE temperature > {i%100}` with a nop sink (scale.mjs's rules), publishes 500
// warm-up messages, then measures process.cpuUsage() over --messages publishes and the wait until every rule is idle.
// Compare two builds back to back (--dist of each): on a shared machine, CPU time is steadier than wall time.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string', default: join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'dist') },
    rules: { type: 'string', default: '1000' },
    messages: { type: 'string', default: '4000' },
    // The rules' statement; `{i}` is replaced by the rule's index modulo 100.
    sql: { type: 'string', default: 'SELECT temperature FROM demo WHERE temperature > {i}' },
  },
})
const [N, M] = [Number(opt.rules), Number(opt.messages)]
const { Engine, silentLogger } = await import(pathToFileURL(join(resolve(opt.dist), 'index.js')).href)
const data = mkdtempSync(join(tmpdir(), 'kuiper-fanout-'))
const engine = new Engine({ logger: silentLogger, dataDir: data })
engine.createStream('CREATE STREAM demo (temperature FLOAT, humidity BIGINT) WITH (DATASOURCE="fan", TYPE="memory")')
for (let i = 0; i < N; i++) {
  const sql = opt.sql.replaceAll('{i}', String(i % 100))
  await engine.createRule({ id: `r${i}`, sql, actions: [{ nop: {} }] })
}
const publish = async (count) => {
  for (let s = 0; s < count; s++) {
    engine.publish('fan', { temperature: (s * 7) % 120, humidity: s % 100 })
    if (s % 50 === 49) await new Promise((r) => setImmediate(r))
  }
  await engine.idle()
}
await publish(500)
const cpu0 = process.cpuUsage()
const wall0 = performance.now()
await publish(M)
const cpu = process.cpuUsage(cpu0)
const us = cpu.user + cpu.system
console.log(
  JSON.stringify({
    dist: opt.dist,
    rules: N,
    messages: M,
    cpu_us_per_msg: +(us / M).toFixed(1),
    ns_per_msg_per_rule: Math.round((us * 1000) / M / N),
    wall_ms: Math.round(performance.now() - wall0),
  }),
)
await engine.close()
rmSync(data, { recursive: true, force: true })
