// The cost of rule tracing (`npm run bench:trace -- --base <checkout>`): the in-process filter rule of
// bench/run.ts (memory source → preprocessor → filter → sink) run in turns, in one process, on this tree with
// tracing off, on another checkout (`--base`, e.g. a worktree of main, dependencies installed) and on this tree
// with tracing on (a tenth of the rows); CPU time per row (process.cpuUsage), median of the rounds, and the ratios to the base.
//   --base /tmp/kuiper-main   the checkout to compare with (required)
//   --rounds 7                turns of each variant   (BENCH_ROWS rows per turn, default 300000)

import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { SinkPayload, ValueMap } from '../src/index.js'
import * as here from '../src/index.js'

const { values: flags } = parseArgs({
  options: { base: { type: 'string' }, rounds: { type: 'string', default: '7' } },
})
if (flags.base === undefined) throw new Error('--base <checkout> is required (a tree to compare with, e.g. main)')
const baseUrl = pathToFileURL(resolve(flags.base, 'src/index.ts')).href
const base = (await import(baseUrl)) as typeof here
const ROWS = Number(process.env['BENCH_ROWS'] ?? 300_000)
const ROUNDS = Number(flags.rounds)
const SQL = 'SELECT * FROM demo WHERE temperature > 50'

function rows(n: number): ValueMap[] {
  let seed = 42
  const out: ValueMap[] = []
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    out.push({ temperature: seed % 101, humidity: (seed >> 8) % 101 })
  }
  return out
}

type Variant = { readonly name: string; readonly lib: typeof here; readonly traced: boolean }

/** µs of CPU per row for one turn of `v`. */
async function turn(v: Variant, input: readonly ValueMap[]): Promise<number> {
  const engine = new v.lib.Engine({})
  engine.createStream('CREATE STREAM demo (temperature FLOAT, humidity FLOAT) WITH (DATASOURCE="demo", TYPE="memory")')
  let out = 0
  const sink = { name: 'count', sink: { collect: (_c: unknown, p: SinkPayload) => void (out += p.rows?.length ?? 0) } }
  await engine.createRule({ id: 'r', sql: SQL, actions: [sink] })
  if (v.traced) (engine.rules as unknown as { startTrace(id: string, s: string): void }).startTrace('r', 'always')
  for (let i = 0; i < 20_000; i++) engine.memory.publish('demo', input[i]!)
  await engine.idle()
  const cpu0 = process.cpuUsage()
  // Traced turns handle a tenth of the rows: tracing costs tens of µs a row (ids, each node's input and output as JSON).
  const n = v.traced ? Math.ceil(input.length / 10) : input.length
  for (let i = 0; i < n; i++) engine.memory.publish('demo', input[i]!)
  await engine.idle()
  const cpu = process.cpuUsage(cpu0)
  await engine.close()
  if (out === 0) throw new Error(`${v.name}: no rows out`)
  return (cpu.user + cpu.system) / n
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const input = rows(ROWS)
const variants: Variant[] = [
  { name: 'base (--base)', lib: base, traced: false },
  { name: 'this tree, tracing off', lib: here, traced: false },
  { name: 'this tree, tracing on', lib: here, traced: true },
]
const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]))
for (let r = 0; r < ROUNDS; r++) {
  // The order turns each round, so that no variant always runs first (warm caches, GC debt).
  for (let i = 0; i < variants.length; i++) {
    const v = variants[(i + r) % variants.length]!
    samples.get(v.name)!.push(await turn(v, input))
  }
  process.stderr.write(`round ${r + 1}/${ROUNDS}\n`)
}
const baseCpu = median(samples.get(variants[0]!.name)!)
console.log(`filter rule, ${ROWS} rows a turn, ${ROUNDS} turns each (median CPU µs/row; ratio to base)`)
for (const v of variants) {
  const m = median(samples.get(v.name)!)
  console.log(`${v.name.padEnd(24)} ${m.toFixed(3)} µs/row  ×${(m / baseCpu).toFixed(3)}`)
}
