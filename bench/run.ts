// In-process throughput of the rule engine (`npm run bench`): rows/s pushed through the memory source for
// a filter rule and for a 10 s tumbling avg rule, results counted at a callback sink. The window rule runs on a
// manual clock moved 100 ms every 1000 rows, so that its windows fire during the run (one per 100k rows).

import { Engine, ManualClock } from '../src/index.js'
import type { SinkPayload, ValueMap } from '../src/index.js'

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000)

function rows(n: number): ValueMap[] {
  let seed = 42
  const out: ValueMap[] = []
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    out.push({ temperature: seed % 101, humidity: (seed >> 8) % 101 })
  }
  return out
}

async function bench(name: string, sql: string, input: readonly ValueMap[], clock?: ManualClock): Promise<void> {
  const engine = new Engine(clock === undefined ? {} : { clock })
  const settle = (): Promise<void> => engine.idle()
  engine.createStream('CREATE STREAM demo (temperature FLOAT, humidity FLOAT) WITH (DATASOURCE="demo", TYPE="memory")')
  let emitted = 0
  const sink = {
    name: 'count',
    sink: { collect: (_ctx: unknown, p: SinkPayload) => void (emitted += p.rows?.length ?? 0) },
  }
  await engine.createRule({ id: name, sql, actions: [sink] })
  // Warm-up, then the measured run.
  for (let i = 0; i < Math.min(50_000, input.length); i++) engine.publish('demo', input[i]!)
  await engine.idle()
  emitted = 0
  const t0 = process.hrtime.bigint()
  if (clock === undefined) {
    for (const r of input) engine.memory.publish('demo', r)
  } else {
    for (let i = 0; i < input.length; i++) {
      engine.memory.publish('demo', input[i]!)
      if (i % 1000 === 999) await clock.advance(100, settle)
    }
  }
  await engine.idle()
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  const rate = Math.round((input.length / ms) * 1000)
  console.log(
    `${name.padEnd(16)} ${rate.toLocaleString('en-US').padStart(12)} rows/s  (${input.length} rows in ${ms.toFixed(0)} ms, ${emitted} rows out)`,
  )
  await engine.close()
}

const input = rows(ROWS)
await bench('filter', 'SELECT * FROM demo WHERE temperature > 50', input)
await bench(
  'tumbling avg',
  'SELECT avg(temperature) AS t FROM demo GROUP BY TUMBLINGWINDOW(ss, 10)',
  input,
  new ManualClock(0),
)
