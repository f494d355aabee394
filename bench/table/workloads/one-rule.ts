// One rule on the shared MQTT workload (../shared/bench bench.mjs, what `run.sh --engine` runs): Kuiper
// (scripts/bench-engine.sh) beside the bare-Node floor, and Node-RED in the full profile, interleaved runs,
// medians. The rate is input messages per second end to end; CPU is utime+stime of each target per message.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { atLeast, atMost, figure, num } from '../figures.js'
import type { Figure } from '../figures.js'
import { run } from '../processes.js'
import { benchCopy } from '../shared-bench.js'
import { PartialResult } from '../workload.js'
import type { RunContext, Workload } from '../workload.js'

/** One run of one target in bench.mjs's JSON (the fields used here). */
interface BenchRun {
  readonly target: string
  readonly ok: boolean
  readonly complete?: boolean
  readonly rate?: number
  readonly cpu_us_per_msg?: number
  readonly delivered?: number
  readonly expected?: number
  readonly error?: string
}

function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2
}

interface TargetSummary {
  readonly rate?: number
  readonly cpu?: number
  /** Runs that failed or did not deliver every expected row (left out of the medians). */
  readonly lost: number
  readonly runs: number
}

/** Medians over a target's complete runs (every expected row delivered), and how many runs were not. */
function summary(runs: readonly BenchRun[], target: string): TargetSummary {
  const all = runs.filter((r) => r.target === target)
  const complete = all.filter((r) => r.ok && r.complete === true)
  const rate = median(complete.flatMap((r) => (r.rate === undefined ? [] : [r.rate])))
  const cpu = median(complete.flatMap((r) => (r.cpu_us_per_msg === undefined ? [] : [r.cpu_us_per_msg])))
  return {
    ...(rate === undefined ? {} : { rate }),
    ...(cpu === undefined ? {} : { cpu }),
    lost: all.length - complete.length,
    runs: all.length,
  }
}

/** `; Kuiper: 1 of 3 runs incomplete, left out` when some runs did not deliver every row. */
const lostText = (name: string, s: TargetSummary): string =>
  s.lost > 0 ? `; ${name}: ${s.lost} of ${s.runs} runs incomplete, left out` : ''

async function runBench(ctx: RunContext): Promise<BenchRun[]> {
  const copy = benchCopy(ctx.project, ctx.sharedBench!, ctx.profile.mqtt.nodered, ctx.log)
  const scratch = mkdtempSync(join(tmpdir(), 'kuiper-bench-mqtt-'))
  try {
    // bench.mjs reads the broker's CPU through this pid file.
    if (ctx.brokerPid !== undefined) writeFileSync(join(scratch, 'mosquitto.pid'), String(ctx.brokerPid))
    const { count, warmup, runs, nodered } = ctx.profile.mqtt
    const json = join(scratch, 'results.json')
    const args = [
      'bench.mjs',
      ...['--url', ctx.brokerUrl!, '--engine', `bash ${join(ctx.project, 'scripts', 'bench-engine.sh')}`],
      ...['--targets', nodered ? 'floor,nodered' : 'floor', '--count', String(count), '--warmup', String(warmup)],
      ...['--runs', String(runs), '--json', json],
    ]
    const logFile = join(ctx.workDir, 'one-rule.log')
    ctx.log(`(cd ${copy} && node ${args.join(' ')})  (log: ${logFile})`)
    const r = await run(process.execPath, args, {
      cwd: copy,
      env: { ...process.env, KB_TMP: scratch },
      timeoutMs: ctx.timeoutMs,
      logFile,
    })
    if (r.timedOut) throw new Error(`bench.mjs did not finish within ${Math.round(ctx.timeoutMs / 1000)} s (stopped)`)
    let parsed: { results?: BenchRun[] }
    try {
      parsed = JSON.parse(readFileSync(json, 'utf8')) as { results?: BenchRun[] }
    } catch {
      throw new Error(`bench.mjs wrote no results (exit ${r.code}); see ${logFile}`)
    }
    return parsed.results ?? []
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

export const oneRule: Workload = {
  id: 'one-rule',
  title: (p) =>
    `one rule, shared MQTT workload (${num(p.mqtt.count)} msgs, ${p.mqtt.runs} run${p.mqtt.runs > 1 ? 's' : ''})`,
  needs: ['shared-bench', 'broker'],
  estimateS: (p) => p.mqtt.runs * (15 + (p.mqtt.count / 100_000) * 4 + (p.mqtt.nodered ? 8 + p.mqtt.count / 6500 : 0)),
  figureIds: ['rate_vs_floor', 'cpu_vs_floor'],
  async run(ctx) {
    const results = await runBench(ctx)
    const engine = summary(results, 'engine')
    const floor = summary(results, 'floor')
    const nodered = summary(results, 'nodered')
    const rate = (v: number | undefined): string => (v === undefined ? '–' : `${num(v)} msg/s`)
    const cpu = (v: number | undefined): string => (v === undefined ? '–' : `${num(v, 1)} µs/msg`)
    const figures: Figure[] = [
      figure(
        'rate_vs_floor',
        'rate, × the floor',
        engine.rate !== undefined && floor.rate !== undefined ? engine.rate / floor.rate : undefined,
        '×',
        (v) =>
          `${num(v, 2)}× (${rate(engine.rate)} vs ${rate(floor.rate)}${lostText('Kuiper', engine)}${lostText('floor', floor)})`,
        atLeast(1, '1.0×'),
      ),
      figure(
        'cpu_vs_floor',
        "CPU per message, × the floor's",
        engine.cpu !== undefined && floor.cpu !== undefined ? engine.cpu / floor.cpu : undefined,
        '×',
        (v) => `${num(v, 2)}× (${cpu(engine.cpu)} vs ${cpu(floor.cpu)})`,
        atMost(0.8, '0.8×'),
      ),
    ]
    if (ctx.profile.mqtt.nodered)
      figures.push(
        figure(
          'rate_vs_nodered',
          "rate, × Node-RED's",
          engine.rate !== undefined && nodered.rate !== undefined ? engine.rate / nodered.rate : undefined,
          '×',
          (v) => `${num(v, 1)}× (Node-RED ${rate(nodered.rate)}${lostText('Node-RED', nodered)})`,
        ),
      )
    const details = { runs: results }
    const failed = results.filter((r) => !r.ok).map((r) => `${r.target}: ${r.error ?? 'failed'}`)
    if (engine.rate === undefined || floor.rate === undefined)
      throw new PartialResult(
        `no complete run of Kuiper and the floor${failed.length > 0 ? ` (${failed.join('; ')})` : ''}`,
        { figures, details },
      )
    return { figures, details }
  },
}
