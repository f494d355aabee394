// Runs the whole Kuiper 1.0 conformance corpus (the repository's copy in test/conformance/cases) in-process: one
// test per case file, failing with the diffs of its failed cases. Skipped cases (kinds without a handler yet) do not
// fail; a corpus without case files does.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadDeviations } from '../scripts/conformance/deviations.js'
import { kindHandlers } from '../scripts/conformance/kinds/index.js'
import { loadCaseFiles } from '../scripts/conformance/load.js'
import { defaultCorpusDir, deviationsFile } from '../scripts/conformance/paths.js'
import { runCaseFiles } from '../scripts/conformance/run.js'

const files = loadCaseFiles([defaultCorpusDir])
const deviations = loadDeviations(deviationsFile)

describe('Kuiper 1.0 conformance corpus', () => {
  it('has case files', () => {
    assert.ok(files.length > 0, `no case files in ${defaultCorpusDir}`)
  })

  it('lists only deviations that name a case of the corpus', () => {
    const names = new Set(files.flatMap((f) => f.cases.map((c) => c.name)))
    assert.deepEqual(
      [...deviations.keys()].filter((n) => !names.has(n)),
      [],
    )
  })

  for (const f of files) {
    it(`passes every runnable case of ${f.file}`, async () => {
      const s = await runCaseFiles([f], { handlers: kindHandlers, deviations })
      const failures = s.results.filter((r) => r.status === 'fail').map((r) => `${r.name}: ${r.detail}`)
      assert.equal(
        failures.length,
        0,
        `${failures.length} failed (${s.passed} passed, ${s.skipped} skipped):\n${failures.join('\n')}`,
      )
    })
  }
})
