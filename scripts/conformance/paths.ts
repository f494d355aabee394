// Where the conformance runner finds its inputs: the repository's copy of the corpus, its source beside the
// repository (synced by `npm run conformance:sync`) and the deviation list.

import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** The repository's copy of the corpus, which `npm run conformance` and the tests replay. */
export const corpusDir = resolve(repoRoot, 'test/conformance/cases')
/** The default corpus folder of the runner: the repository's copy. */
export const defaultCorpusDir = corpusDir
/** Where the corpus comes from: `../shared/conformance` relative to the repo root. */
export const sharedCorpusDir = resolve(repoRoot, '../shared/conformance')
export const deviationsFile = resolve(repoRoot, 'test/conformance/deviations.json')
