// Runs conformance cases one after another through the handler registered for their kind, with a per-case timeout.

import { loadCaseFiles } from './load.js'
import type { CaseFile } from './load.js'
import type { Deviation } from './deviations.js'
import type { CaseOutcome, ConformanceCase, KindHandler } from './types.js'

export type ResultStatus = 'pass' | 'fail' | 'skip' | 'deviation'

export interface CaseResult {
  readonly file: string
  readonly name: string
  readonly kind: string
  readonly status: ResultStatus
  /** The diff of a failure, the reason of a skip, or the reason of a deviation. */
  readonly detail: string
  /** For a deviation: what the case gave when run (informative, never counted). */
  readonly outcome?: CaseOutcome
  readonly ms: number
}

export interface RunOptions {
  readonly handlers: Readonly<Record<string, KindHandler>>
  readonly deviations?: ReadonlyMap<string, Deviation>
  /** Only cases of this kind. */
  readonly kind?: string
  /** Only cases whose name contains this text. */
  readonly filter?: string
  readonly timeoutMs?: number
  /** Called after each case, e.g. to print progress. */
  readonly onResult?: (r: CaseResult) => void
}

export interface RunSummary {
  readonly results: readonly CaseResult[]
  readonly passed: number
  readonly failed: number
  readonly skipped: number
  readonly deviations: number
  /** Deviation entries that name no case of the corpus (only checked on an unfiltered run). */
  readonly unknownDeviations: readonly string[]
}

export const DEFAULT_TIMEOUT_MS = 10_000

/** Loads every case file of `dirs` and runs the selected cases. */
export async function runConformance(dirs: readonly string[], opts: RunOptions): Promise<RunSummary> {
  return runCaseFiles(loadCaseFiles(dirs), opts)
}

export async function runCaseFiles(files: readonly CaseFile[], opts: RunOptions): Promise<RunSummary> {
  const results: CaseResult[] = []
  const seen = new Set<string>()
  for (const f of files) {
    for (const c of f.cases) {
      seen.add(c.name)
      if (opts.kind !== undefined && c.kind !== opts.kind) continue
      if (opts.filter !== undefined && !c.name.includes(opts.filter)) continue
      const r = await runOne(f.file, c, opts)
      results.push(r)
      opts.onResult?.(r)
    }
  }
  const count = (s: ResultStatus): number => results.filter((r) => r.status === s).length
  const filtered = opts.kind !== undefined || opts.filter !== undefined
  const unknownDeviations = filtered ? [] : [...(opts.deviations?.keys() ?? [])].filter((n) => !seen.has(n))
  return {
    results,
    passed: count('pass'),
    failed: count('fail'),
    skipped: count('skip'),
    deviations: count('deviation'),
    unknownDeviations,
  }
}

async function runOne(file: string, c: ConformanceCase, opts: RunOptions): Promise<CaseResult> {
  const base = { file, name: c.name, kind: c.kind }
  const start = performance.now()
  const outcome = await outcomeOf(c, opts)
  const ms = Math.round(performance.now() - start)
  const deviation = opts.deviations?.get(c.name)
  if (deviation !== undefined) return { ...base, status: 'deviation', detail: deviation.reason, outcome, ms }
  const detail = outcome.status === 'fail' ? outcome.diff : outcome.status === 'skip' ? outcome.reason : ''
  return { ...base, status: outcome.status, detail, ms }
}

async function outcomeOf(c: ConformanceCase, opts: RunOptions): Promise<CaseOutcome> {
  if (c.status !== 'ok') return { status: 'skip', reason: `${c.status}: ${c.reason ?? 'no reason given'}` }
  const handler = opts.handlers[c.kind]
  if (handler === undefined) return { status: 'skip', reason: `no handler for kind ${c.kind}` }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  let timer: NodeJS.Timeout | undefined
  try {
    const timeout = new Promise<CaseOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'fail', diff: `timed out after ${timeoutMs} ms` }), timeoutMs)
    })
    const outcome = await Promise.race([Promise.resolve().then(() => handler(c)), timeout])
    return checkOutcome(outcome)
  } catch (err) {
    return { status: 'fail', diff: `handler threw: ${describeError(err)}` }
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}

function checkOutcome(o: unknown): CaseOutcome {
  if (typeof o === 'object' && o !== null) {
    const r = o as Record<string, unknown>
    if (r['status'] === 'pass') return { status: 'pass' }
    if (r['status'] === 'fail') return { status: 'fail', diff: String(r['diff']) }
    if (r['status'] === 'skip') return { status: 'skip', reason: String(r['reason']) }
  }
  return { status: 'fail', diff: `handler returned an invalid outcome: ${String(JSON.stringify(o))}` }
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const frame = err.stack
      ?.split('\n')
      .slice(1)
      .find((l) => l.includes('/src/') || l.includes('/scripts/'))
    return `${err.name}: ${err.message}${frame !== undefined ? ` (${frame.trim()})` : ''}`
  }
  return String(err)
}
