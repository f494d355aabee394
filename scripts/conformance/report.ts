// Text report of a conformance run: failures with their diffs, per-file totals, deviations, skip reasons,
// and the closing line `N passed, N failed, N skipped`.

import type { CaseResult, RunSummary } from './run.js'

export interface ReportOptions {
  /** Also list each skipped case (default: skips are summarised by reason). */
  readonly listSkips?: boolean
}

export function formatReport(s: RunSummary, opts: ReportOptions = {}): string {
  const lines: string[] = []
  const failures = s.results.filter((r) => r.status === 'fail')
  if (failures.length > 0) {
    lines.push('Failures:')
    for (const r of failures) lines.push(`  FAIL ${r.name} (${r.file})`, ...indent(r.detail, '       '))
    lines.push('')
  }

  lines.push('Per file:')
  const byFile = new Map<string, CaseResult[]>()
  for (const r of s.results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r])
  const width = Math.max(0, ...[...byFile.keys()].map((f) => f.length))
  for (const [file, rs] of byFile) {
    const n = (st: string): number => rs.filter((r) => r.status === st).length
    const dev = n('deviation') > 0 ? `, ${n('deviation')} deviations` : ''
    lines.push(`  ${file.padEnd(width)}  ${n('pass')} passed, ${n('fail')} failed, ${n('skip')} skipped${dev}`)
  }
  lines.push('')

  const skips = s.results.filter((r) => r.status === 'skip')
  if (skips.length > 0) {
    lines.push('Skipped:')
    if (opts.listSkips === true) for (const r of skips) lines.push(`  SKIP ${r.name}: ${r.detail}`)
    else {
      const byReason = new Map<string, number>()
      for (const r of skips) {
        const reason = r.detail.startsWith('unsupported_by_extractor') ? 'unsupported_by_extractor' : r.detail
        byReason.set(reason, (byReason.get(reason) ?? 0) + 1)
      }
      for (const [reason, n] of [...byReason].sort((a, b) => b[1] - a[1]))
        lines.push(`  ${String(n).padStart(5)}  ${reason}`)
    }
    lines.push('')
  }

  const devs = s.results.filter((r) => r.status === 'deviation')
  if (devs.length > 0 || s.unknownDeviations.length > 0) {
    lines.push('Deviations (documented decisions, not counted):')
    for (const r of devs) {
      const o = r.outcome
      const now =
        o === undefined
          ? ''
          : o.status === 'fail'
            ? ' [differs from 1.0]'
            : o.status === 'pass'
              ? ' [matches 1.0]'
              : ' [skipped]'
      lines.push(`  DEV  ${r.name}${now}: ${r.detail}`)
    }
    for (const n of s.unknownDeviations) lines.push(`  ???  ${n}: listed in deviations.json but not in the corpus`)
    lines.push('')
  }
  lines.push(`${s.deviations} deviations`)
  lines.push(summaryLine(s))
  return lines.join('\n')
}

export function summaryLine(s: RunSummary): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`
}

function indent(text: string, prefix: string): string[] {
  const ls = text.split('\n')
  const kept = ls.slice(0, 12).map((l) => prefix + l)
  if (ls.length > 12) kept.push(`${prefix}... (${ls.length - 12} more lines)`)
  return kept
}

/** Per-case results for `--json FILE`. */
export function resultsJson(s: RunSummary): string {
  return JSON.stringify(
    {
      passed: s.passed,
      failed: s.failed,
      skipped: s.skipped,
      deviations: s.deviations,
      unknownDeviations: s.unknownDeviations,
      results: s.results,
    },
    null,
    2,
  )
}
