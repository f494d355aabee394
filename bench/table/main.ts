// `npm run bench`: runs the issue-11 table in one invocation and prints it as markdown, with each figure's target
// and ratio; writes bench/results/latest.{md,json} (latest-quick, latest-smoke for the other profiles, -partial
// with --only). Progress goes to stderr, the table to stdout.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Broker } from './broker.js'
import { startBroker } from './broker.js'
import { checkReport } from './check.js'
import { commit, load, machine } from './machine.js'
import { parseOptions, USAGE } from './options.js'
import { interruption } from './processes.js'
import { PROFILES } from './profiles.js'
import type { Profile } from './profiles.js'
import { renderMarkdown } from './render.js'
import type { Report, WorkloadReport } from './report.js'
import { findSharedBench, SHARED_BENCH_MISSING } from './shared-bench.js'
import { PartialResult } from './workload.js'
import type { Measured, Need, RunContext, Workload } from './workload.js'
import { RUN_ORDER, WORKLOADS } from './workloads/index.js'

const project = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const resultsDir = join(project, 'bench', 'results')
const log = (m: string): void => void process.stderr.write(`bench: ${m}\n`)
const minutes = (s: number): string => (s < 120 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`)

/** Seconds each workload took when it last ran to its end in this profile (also in a run stopped later). */
function lastDurations(profile: Profile): Map<string, number> {
  const file = join(resultsDir, `${outputName(profile, undefined)}.json`)
  if (!existsSync(file)) return new Map()
  try {
    const last = JSON.parse(readFileSync(file, 'utf8')) as Report
    return new Map(last.workloads.filter((w) => w.status === 'ok').map((w) => [w.id, w.seconds]))
  } catch {
    return new Map()
  }
}

function outputName(profile: Profile, only: readonly string[] | undefined): string {
  return `latest${profile.name === 'full' ? '' : `-${profile.name}`}${only === undefined ? '' : '-partial'}`
}

async function runOne(w: Workload, ctx: Omit<RunContext, 'timeoutMs'>, expected: number): Promise<WorkloadReport> {
  const before = load()
  const t0 = performance.now()
  const title = w.title(ctx.profile)
  const missing = w.needs.map((need) => ctx.unmet[need]).find((why) => why !== undefined)
  const done = (status: WorkloadReport['status'], measured: Measured, reason?: string): WorkloadReport => {
    const seconds = Math.round((performance.now() - t0) / 100) / 10
    log(`${w.id}: ${status}${reason === undefined ? '' : ` (${reason})`} in ${minutes(seconds)}`)
    return {
      id: w.id,
      title,
      status,
      ...(reason === undefined ? {} : { reason }),
      seconds,
      load: { before, after: load() },
      figures: measured.figures,
      ...(measured.details === undefined ? {} : { details: measured.details }),
    }
  }
  const signal = interruption()
  if (signal !== undefined) return done('skipped', { figures: [] }, `the run was interrupted by ${signal}`)
  if (missing !== undefined) return done('skipped', { figures: [] }, missing)
  log(`${w.id}: ${title} (expected ${minutes(expected)}; load ${before.join(' ')})`)
  try {
    const timeoutS = Math.max(ctx.profile.minTimeoutS, 4 * expected)
    return done('ok', await w.run({ ...ctx, timeoutMs: timeoutS * 1000 }))
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const signal = interruption()
    const reason = signal === undefined ? message : `interrupted by ${signal}`
    return done('failed', err instanceof PartialResult ? err.measured : { figures: [] }, reason)
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2))
  if (options.help) {
    console.log(USAGE)
    return 0
  }
  const profile = PROFILES[options.profile]
  const unknown = (options.only ?? []).filter((id) => !WORKLOADS.some((w) => w.id === id))
  if (unknown.length > 0)
    throw new Error(`unknown workload ${unknown.join(', ')}; known: ${WORKLOADS.map((w) => w.id).join(', ')}`)
  const selected = RUN_ORDER.filter((w) => options.only === undefined || options.only.includes(w.id))
  const last = lastDurations(profile)
  const expected = new Map(selected.map((w) => [w.id, last.get(w.id) ?? w.estimateS(profile)]))
  const total = [...expected.values()].reduce((a, b) => a + b, 0)
  const basis = selected.every((w) => last.has(w.id)) ? 'the last run of this profile' : 'estimates'
  if (options.list) {
    for (const w of WORKLOADS)
      console.log(`${w.id.padEnd(9)} ${w.title(profile)}  (~${minutes(expected.get(w.id) ?? w.estimateS(profile))})`)
    return 0
  }
  log(
    `${profile.name} profile, ${selected.length} workloads (${selected.map((w) => w.id).join(', ')}): ` +
      `expected ${profile.concurrent ? 'under a minute (side by side)' : `~${minutes(total)} (from ${basis})`}`,
  )

  const logsDir = join(resultsDir, `logs-${profile.name}`)
  rmSync(logsDir, { recursive: true, force: true })
  mkdirSync(logsDir, { recursive: true })
  const sharedBench = findSharedBench(project)
  if (sharedBench === undefined) log(`${SHARED_BENCH_MISSING}: the rows that need it are skipped`)
  const startedAt = new Date()
  const code = commit(project) // before the run: the code it measures
  const loadBefore = load()
  const unmet: Partial<Record<Need, string>> = {}
  if (sharedBench === undefined) unmet['shared-bench'] = SHARED_BENCH_MISSING
  let broker: Broker | undefined
  const wantBroker = (w: Workload): boolean =>
    w.needs.includes('broker') && w.needs.every((need) => need === 'broker' || unmet[need] === undefined)
  if (selected.some(wantBroker)) {
    const b = await startBroker(sharedBench, logsDir)
    if (typeof b === 'string') {
      unmet.broker = b
      log(`${b}: the rows that need a broker are skipped`)
    } else broker = b
  }
  const ctx = {
    unmet,
    project,
    profile,
    sharedBench,
    brokerUrl: broker?.url,
    brokerPid: broker?.pid,
    workDir: logsDir,
    log,
  }
  const name = outputName(profile, options.only)
  const jsonFile = join(resultsDir, `${name}.json`)
  const markdownFile = join(resultsDir, `${name}.md`)
  const reportOf = (reports: readonly WorkloadReport[], finished: boolean): Report => ({
    schema: 1,
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    profile: profile.name,
    ...(options.only === undefined ? {} : { only: options.only }),
    finished,
    startedAt: startedAt.toISOString(),
    seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    commit: code,
    machine: machine(),
    broker:
      broker === undefined
        ? 'none'
        : `${broker.version}${broker.pid === undefined ? ` at ${broker.url}` : ', private, loopback'}`,
    load: { before: loadBefore, after: load() },
    // The table's order is the issue's, whatever order they ran in.
    workloads: WORKLOADS.flatMap((w) => reports.filter((r) => r.id === w.id)),
  })
  const write = (report: Report): string => {
    const markdown = renderMarkdown(report)
    writeFileSync(jsonFile, `${JSON.stringify(report, null, 1)}\n`)
    writeFileSync(markdownFile, markdown)
    return markdown
  }

  const reports: WorkloadReport[] = []
  try {
    if (profile.concurrent)
      reports.push(...(await Promise.all(selected.map((w) => runOne(w, ctx, expected.get(w.id)!)))))
    else
      for (const w of selected) {
        reports.push(await runOne(w, ctx, expected.get(w.id)!))
        // What is done so far, so that a long run stopped half-way still leaves its table.
        write(reportOf(reports, false))
      }
  } finally {
    await broker?.stop()
  }
  const report = reportOf(reports, interruption() === undefined)
  process.stdout.write(write(report))
  log(`wrote ${jsonFile} and ${markdownFile}; logs in ${logsDir}`)
  if (interruption() !== undefined) return 130

  if (profile.name === 'smoke') {
    const problems = checkReport(report, selected, jsonFile, markdownFile)
    for (const p of problems) log(`smoke: ${p}`)
    const skipped = report.workloads.filter((w) => w.status === 'skipped').length
    log(
      problems.length > 0
        ? `smoke: ${problems.length} problem(s)`
        : `smoke: every figure of the workloads that ran is there${skipped > 0 ? ` (${skipped} skipped)` : ''}`,
    )
    return problems.length === 0 ? 0 : 1
  }
  return report.workloads.some((w) => w.status === 'failed') ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(err instanceof Error ? err.message : String(err))
    process.exit(2)
  },
)
