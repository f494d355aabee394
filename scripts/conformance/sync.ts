// Keeps the repository's copy of the conformance corpus (test/conformance/cases) equal to its source
// (../shared/conformance): compares the two folders file by file and mirrors the source into the copy.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** What a sync would do: files only in the source (added), only in the copy (removed), or with other bytes. */
export interface CorpusDiff {
  readonly added: readonly string[]
  readonly removed: readonly string[]
  readonly changed: readonly string[]
}

/** The regular files directly in `dir`, sorted (the corpus is one flat folder; sub-folders are not part of it). */
function filesOf(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort()
}

/** Compares `copy` with `source`; a missing `copy` counts as empty. Throws when `source` is not a folder. */
export function diffCorpus(source: string, copy: string): CorpusDiff {
  assertFolder(source)
  const inSource = filesOf(source)
  const inCopy = new Set(filesOf(copy))
  const added: string[] = []
  const changed: string[] = []
  for (const f of inSource) {
    if (!inCopy.has(f)) added.push(f)
    else if (!readFileSync(join(source, f)).equals(readFileSync(join(copy, f)))) changed.push(f)
    inCopy.delete(f)
  }
  return { added, removed: [...inCopy].sort(), changed }
}

export function isEmptyDiff(d: CorpusDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length === 0
}

/** Makes `copy` hold exactly the files of `source` (written with the default mode: the source may be read-only). */
export function syncCorpus(source: string, copy: string): CorpusDiff {
  const d = diffCorpus(source, copy)
  mkdirSync(copy, { recursive: true })
  for (const f of [...d.added, ...d.changed]) writeFileSync(join(copy, f), readFileSync(join(source, f)))
  for (const f of d.removed) rmSync(join(copy, f))
  return d
}

/** Lines naming every difference, e.g. `  added:   x.json (only in the source)`; empty when identical. */
export function describeDiff(d: CorpusDiff): string[] {
  return [
    ...d.added.map((f) => `  added:   ${f} (only in the source)`),
    ...d.removed.map((f) => `  removed: ${f} (only in the repository's copy)`),
    ...d.changed.map((f) => `  changed: ${f}`),
  ]
}

export class CorpusSourceMissing extends Error {}

function assertFolder(dir: string): void {
  let ok = false
  try {
    ok = statSync(dir).isDirectory()
  } catch {
    ok = false
  }
  if (!ok) throw new CorpusSourceMissing(`conformance source folder not found: ${dir}`)
}
