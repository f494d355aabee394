// The report as markdown: a header (date, commit, machine, load average) and one table, workload | figure |
// measured | target | ratio / ok, in the issue's order.

import { num } from './figures.js'
import type { Figure } from './figures.js'
import type { Load } from './machine.js'
import type { Report, WorkloadReport } from './report.js'

export const TABLE_HEADER = '| workload | figure | measured | target | ratio / ok |'

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
const loadText = (l: Load): string => l.map((x) => x.toFixed(2)).join(' ')
const minutes = (s: number): string => (s < 120 ? `${Math.round(s)} s` : `${num(s / 60, 1)} min`)

function verdict(f: Figure): string {
  if (f.ok === undefined) return ''
  const word = f.ok ? 'ok' : '**miss**'
  return f.ratio === undefined ? word : `${num(f.ratio, 2)} ${word}`
}

function rows(w: WorkloadReport): string[] {
  const title = `**${cell(w.title)}**`
  const lines = w.figures.map(
    (f, i) =>
      `| ${i === 0 ? title : ''} | ${cell(f.label)} | ${cell(f.text)} | ${cell(f.target?.text ?? '')} | ${verdict(f)} |`,
  )
  if (w.status !== 'ok') {
    const what = w.status === 'skipped' ? 'skipped' : 'failed'
    lines.push(`| ${lines.length === 0 ? title : ''} | – | ${what}: ${cell(w.reason ?? '')} | | |`)
  }
  return lines
}

export function renderMarkdown(report: Report): string {
  const started = new Date(report.startedAt)
  const date = `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  const c = report.commit
  const m = report.machine
  const profile = `${report.profile} profile${report.only === undefined ? '' : `, only ${report.only.join(',')}`}`
  const out = [
    `- run: \`${report.command}\` (${profile}), ${date}, ${minutes(report.seconds)}${report.finished ? '' : ' (not finished)'}`,
    `- code: commit \`${c.sha}\` (branch \`${c.branch}\`${c.dirty ? ', with uncommitted changes' : ''}), kuiperd from \`dist/\``,
    `- machine: ${m.cpus} × ${m.cpuModel}, ${num(m.ramGiB, 1)} GiB RAM, ${m.kernel}, Node ${m.node}; broker: ${report.broker}`,
    `- load average (1, 5, 15 min): ${loadText(report.load.before)} before, ${loadText(report.load.after)} after`,
    '',
    TABLE_HEADER,
    '| --- | --- | --- | --- | --- |',
    ...report.workloads.flatMap(rows),
    '',
    'Per workload, its duration and the 1-minute load average before → after it:',
    `${report.workloads.map((w) => `${w.id} ${minutes(w.seconds)} (${w.load.before[0].toFixed(2)} → ${w.load.after[0].toFixed(2)})`).join('; ')}.`,
  ]
  return `${out.join('\n')}\n`
}
