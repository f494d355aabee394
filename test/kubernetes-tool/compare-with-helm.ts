// Checks helm-template.ts against a real Helm: renders the chart with each value set of chart-cases.ts both ways and
// compares the manifests (parsed) and NOTES.txt. Not a test (CI has no Helm); run where Helm is installed:
//   HELM=/path/to/helm node --import tsx test/kubernetes-tool/compare-with-helm.ts
// It also runs `helm lint` on each value set. Exit code 1 on any difference.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { CHART_CASES, CHART_DIR } from './chart-cases.js'
import { renderChart } from './helm-template.js'

const helm = process.env['HELM'] ?? 'helm'
const dir = mkdtempSync(join(tmpdir(), 'kuiper-chart-'))
let failed = 0
for (const [name, values] of Object.entries(CHART_CASES)) {
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, JSON.stringify(values))
  execFileSync(helm, ['lint', '--strict', CHART_DIR, '-f', file], { stdio: 'inherit' })
  const real = execFileSync(helm, ['template', 'rel', CHART_DIR, '-f', file, '--namespace', 'edge'], {
    encoding: 'utf8',
  })
  const helmDocs = parseAllDocuments(real)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null)
  const ours = renderChart(CHART_DIR, { releaseName: 'rel', namespace: 'edge', values }).manifests.map((m) => m.doc)
  const key = (d: unknown): string => {
    const o = d as { kind: string; metadata: { name: string } }
    return `${o.kind}/${o.metadata.name}`
  }
  const byKey = new Map(helmDocs.map((d) => [key(d), d]))
  const same = ours.length === helmDocs.length && ours.every((d) => isDeepStrictEqual(d, byKey.get(key(d))))
  const notesHelm = execFileSync(
    helm,
    ['install', 'rel', CHART_DIR, '-f', file, '--namespace', 'edge', '--dry-run=client'],
    {
      encoding: 'utf8',
    },
  )
  const notesOurs = renderChart(CHART_DIR, { releaseName: 'rel', namespace: 'edge', values }).notes.trim()
  const notesSame = notesHelm.includes(notesOurs)
  console.log(
    `${name}: ${ours.length} manifests ${same ? 'equal' : 'DIFFER'}; NOTES.txt ${notesSame ? 'equal' : 'DIFFERS'}`,
  )
  if (!same) {
    for (const d of ours)
      if (!isDeepStrictEqual(d, byKey.get(key(d))))
        console.log(JSON.stringify({ ours: d, helm: byKey.get(key(d)) }, null, 1))
    failed++
  }
  if (!notesSame) {
    console.log(notesOurs)
    failed++
  }
}
process.exit(failed === 0 ? 0 : 1)
