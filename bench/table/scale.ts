// Runs ../shared/bench/scale.mjs (kuiperd with many rules: memory per rule, CPU under load, REST latency, restart)
// against this checkout's dist/ and the run's broker, and returns its JSON line.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureDist } from './build.js'
import type { ManyRules } from './profiles.js'
import { freePort, run } from './processes.js'
import type { RunContext } from './workload.js'

/** scale.mjs's JSON line (its README names each field); every field is absent when it stopped before it. */
export interface ScaleResult {
  readonly rules: number
  readonly topics: number
  readonly startup_empty_ms?: number
  readonly idle_rss_mb?: number
  readonly create_s?: number
  readonly create_p50_ms?: number
  readonly create_p99_ms?: number
  readonly rss_rules_mb?: number
  readonly kb_per_rule?: number
  readonly rest_p50_ms_idle?: number
  readonly rest_max_ms_idle?: number
  readonly cpu_pct_of_core?: number
  readonly sent?: number
  readonly rest_p50_ms_under_load?: number
  readonly rest_p99_ms_under_load?: number
  readonly rss_after_load_mb?: number
  readonly kb_per_rule_after_load?: number
  readonly stop_ms?: number
  readonly restart_ping_ms?: number
  readonly restart_all_running_ms?: number
  /** Set when not every rule was Running 120 s after /ping: how many were. */
  readonly restart_running?: number
  readonly rss_after_restart_mb?: number
  /** Rows rule r0 read and wrote, 1.5 s after the load (rule r0 reads stream demo0, the first topic published). */
  readonly r0_records_in?: number
  readonly r0_records_out?: number
  readonly error?: string
}

export async function runScale(ctx: RunContext, size: ManyRules, tag: string): Promise<ScaleResult> {
  if (ctx.sharedBench === undefined || ctx.brokerUrl === undefined)
    throw new Error('needs the shared bench and a broker')
  await ensureDist(ctx.project, ctx.log)
  const port = await freePort()
  const args = [
    join(ctx.sharedBench, 'scale.mjs'),
    ...['--project', ctx.project, '--mode', 'dist', '--port', String(port), '--broker', ctx.brokerUrl],
    ...['--rules', String(size.rules), '--topics', String(size.topics)],
    ...['--rate', String(size.rate), '--secs', String(size.secs)],
  ]
  const logFile = join(ctx.workDir, `${tag}.log`)
  ctx.log(`node ${args.join(' ')}  (log: ${logFile})`)
  // scale.mjs publishes to --broker; kuiperd's mqtt source reads etc/mqtt_source.yaml's server unless told otherwise.
  const broker = new URL(ctx.brokerUrl)
  // scale.mjs keeps kuiperd's data in a temporary folder that it cannot remove when it is stopped: give it one of
  // ours, removed in any case.
  const tmp = mkdtempSync(join(tmpdir(), 'kuiper-bench-scale-'))
  const env = {
    ...process.env,
    MQTT_SOURCE__DEFAULT__SERVERS: `[tcp://${broker.hostname}:${broker.port || 1883}]`,
    TMPDIR: tmp,
  }
  let r
  try {
    r = await run(process.execPath, args, { cwd: ctx.project, env, timeoutMs: ctx.timeoutMs, logFile })
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  if (r.timedOut) throw new Error(`scale.mjs did not finish within ${Math.round(ctx.timeoutMs / 1000)} s (stopped)`)
  const line = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'))
  if (line === undefined) throw new Error(`scale.mjs printed no result (exit ${r.code}); see ${logFile}`)
  return JSON.parse(line) as ScaleResult
}
