// Where the conformance runner finds its inputs: the shared corpus beside the repo and the deviation list.

import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** `../shared/conformance` relative to the repo root. */
export const defaultCorpusDir = resolve(repoRoot, '../shared/conformance')
export const deviationsFile = resolve(repoRoot, 'test/conformance/deviations.json')
