// In-process throughput of the rule engine (`npm run bench:engine`; `npm run bench` takes its tumbling avg rows):
// rows/s pushed through the memory source for a filter rule and for a 10 s tumbling avg rule, results counted at a
// callback sink. The window rule runs on a
// manual clock moved 100 ms every 1000 rows, so that its windows fire during the run (one per 100k rows).
// Both rules run again with qos 1 and 2: a checkpoint every second of the manual clock (every 10k rows), stored in
// SQLite as kuiperd does; the window rule then snapshots up to 100k buffered rows at each checkpoint (incremental:
// only the rows since the last checkpoint are written). Each line also gives the process CPU time per row, steadier
// than the rate on a shared machine; the last line compares the window rule's qos 1 and 2 with its qos 0.
//   --only 'tumbling avg,tumbling avg qos 2'   runs only the named benches
//   --json                                     prints one JSON object per bench instead of the aligned line

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Engine, ManualClock } from '../src/index.js'
import type { SinkPayload, ValueMap } from '../src/index.js'
import { SqliteKvStore } from '../src/state/sqlite-kv-store.js'

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000)
const { values: flags } = parseArgs({
  options: { only: { type: 'string' }, json: { type: 'boolean', default: false } },
})
const only = flags.only?.split(',').map((s) => s.trim())

function rows(n: number): ValueMap[] {
  let seed = 42
  const out: ValueMap[] = []
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    out.push({ temperature: seed % 101, humidity: (seed >> 8) % 101 })
  }
  return out
}

const stateDir = mkdtempSync(join(tmpdir(), 'kuiper-bench-'))

/** The window rule's rate by qos, for the closing comparison. */
const windowRates = new Map<number, number>()

async function bench(
  name: string,
  sql: string,
  input: readonly ValueMap[],
  clock?: ManualClock,
  qos = 0,
): Promise<void> {
  if (only !== undefined && !only.includes(name)) return
  const store = qos > 0 ? new SqliteKvStore(join(stateDir, `${name.replace(/\W+/g, '-')}.db`)) : undefined
  const engine = new Engine({
    ...(clock !== undefined ? { clock } : {}),
    ...(store !== undefined ? { stateStore: store } : {}),
  })
  const settle = (): Promise<void> => engine.idle()
  engine.createStream('CREATE STREAM demo (temperature FLOAT, humidity FLOAT) WITH (DATASOURCE="demo", TYPE="memory")')
  let emitted = 0
  const sink = {
    name: 'count',
    sink: { collect: (_ctx: unknown, p: SinkPayload) => void (emitted += p.rows?.length ?? 0) },
  }
  await engine.createRule({ id: name, sql, actions: [sink], options: { qos, checkpointInterval: 1000 } })
  // Warm-up, then the measured run.
  for (let i = 0; i < Math.min(50_000, input.length); i++) engine.publish('demo', input[i]!)
  await engine.idle()
  emitted = 0
  const cpu0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  if (clock === undefined && qos === 0) {
    for (const r of input) engine.memory.publish('demo', r)
  } else if (clock === undefined) {
    // Stateless rule with checkpoints: one every 10k rows, triggered by hand (no clock moves the ticker).
    for (let i = 0; i < input.length; i++) {
      engine.memory.publish('demo', input[i]!)
      if (i % 10_000 === 9_999) await engine.checkpointRule(name)
    }
  } else {
    for (let i = 0; i < input.length; i++) {
      engine.memory.publish('demo', input[i]!)
      if (i % 1000 === 999) await clock.advance(100, settle)
    }
  }
  await engine.idle()
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  const cpu = process.cpuUsage(cpu0)
  const cpuPerRow = (cpu.user + cpu.system) / input.length
  const rate = Math.round((input.length / ms) * 1000)
  if (clock !== undefined) windowRates.set(qos, rate)
  const cps = engine.ruleCheckpoints(name)
  const checkpoints = cps === undefined ? '' : `, ${cps.completed} checkpoints`
  if (flags.json)
    console.log(
      JSON.stringify({
        name,
        qos,
        rows: input.length,
        ms,
        rowsPerS: rate,
        cpuUsPerRow: cpuPerRow,
        rowsOut: emitted,
        checkpoints: cps?.completed ?? 0,
      }),
    )
  else
    console.log(
      `${name.padEnd(22)} ${rate.toLocaleString('en-US').padStart(12)} rows/s  ${cpuPerRow.toFixed(2)} µs cpu/row  (${input.length} rows in ${ms.toFixed(0)} ms, ${emitted} rows out${checkpoints})`,
    )
  await engine.close()
  await store?.close()
}

const input = rows(ROWS)
const FILTER = 'SELECT * FROM demo WHERE temperature > 50'
const WINDOW = 'SELECT avg(temperature) AS t FROM demo GROUP BY TUMBLINGWINDOW(ss, 10)'
await bench('filter', FILTER, input)
await bench('tumbling avg', WINDOW, input, new ManualClock(0))
for (const qos of [1, 2]) {
  await bench(`filter qos ${qos}`, FILTER, input, undefined, qos)
  await bench(`tumbling avg qos ${qos}`, WINDOW, input, new ManualClock(0), qos)
}
const base = windowRates.get(0)
if (!flags.json && base !== undefined && windowRates.size > 1) {
  const ratio = (q: number): string => (windowRates.has(q) ? `${((windowRates.get(q) ?? 0) / base).toFixed(2)}×` : '-')
  console.log(`tumbling avg rows/s: qos 1 ${ratio(1)}, qos 2 ${ratio(2)} of qos 0`)
}
rmSync(stateDir, { recursive: true, force: true })
