// The smoke's check (CI): the run produced every figure of every workload it could run, with its columns, and the
// JSON and markdown it wrote read back. Not a timed assertion: the values themselves are not judged.

import { readFileSync } from 'node:fs'
import { TABLE_HEADER } from './render.js'
import type { Report } from './report.js'
import type { Workload } from './workload.js'

export function checkReport(
  report: Report,
  workloads: readonly Workload[],
  jsonFile: string,
  markdownFile: string,
): string[] {
  const problems: string[] = []
  const reread = JSON.parse(readFileSync(jsonFile, 'utf8')) as Report
  if (JSON.stringify(reread) !== JSON.stringify(report)) problems.push(`${jsonFile} does not read back as the report`)
  const markdown = readFileSync(markdownFile, 'utf8')
  if (!markdown.includes(TABLE_HEADER)) problems.push(`${markdownFile} has no table header`)
  for (const w of workloads) {
    const got = report.workloads.find((r) => r.id === w.id)
    if (got === undefined) {
      problems.push(`${w.id}: missing from the report`)
      continue
    }
    if (got.status === 'skipped') continue // says why; the table shows it
    if (got.status === 'failed') problems.push(`${w.id}: failed: ${got.reason ?? ''}`)
    for (const id of w.figureIds) {
      const f = got.figures.find((x) => x.id === id)
      if (f === undefined) problems.push(`${w.id}: figure ${id} is missing`)
      else if (f.value === null || !Number.isFinite(f.value)) problems.push(`${w.id}: figure ${id} was not measured`)
      else if (f.target !== undefined && (f.ok === undefined || (f.ratio === undefined && f.unit !== 'yes/no')))
        problems.push(`${w.id}: figure ${id} has no ratio to its target`)
      else if (!markdown.includes(f.text)) problems.push(`${w.id}: figure ${id} is not in the markdown table`)
    }
  }
  return problems
}
