// Loads conformance case files: every `*.json` in the given folders, each a JSON array of cases (FORMAT.md §1–2).

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ConformanceCase } from './types.js'

export interface CaseFile {
  /** File name without the folder, e.g. `functions.math_func_test.json`. */
  readonly file: string
  readonly path: string
  readonly cases: readonly ConformanceCase[]
}

/** Reads the case files of `dirs` (sorted by name in each folder); throws on a missing folder or a malformed file. */
export function loadCaseFiles(dirs: readonly string[]): CaseFile[] {
  const out: CaseFile[] = []
  for (const dir of dirs) {
    let isDir = false
    try {
      isDir = statSync(dir).isDirectory()
    } catch {
      isDir = false
    }
    if (!isDir) throw new Error(`conformance folder not found: ${dir}`)
    const names = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
    for (const file of names) {
      const path = join(dir, file)
      out.push({ file, path, cases: parseCaseFile(path, readFileSync(path, 'utf8')) })
    }
  }
  return out
}

export function parseCaseFile(path: string, text: string): ConformanceCase[] {
  const data: unknown = JSON.parse(text)
  if (!Array.isArray(data)) throw new Error(`${path}: expected a JSON array of cases`)
  return data.map((c: unknown, i) => {
    if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new Error(`${path}: case ${i} is not an object`)
    const o = c as Record<string, unknown>
    for (const field of ['kind', 'name', 'status'] as const) {
      if (typeof o[field] !== 'string') throw new Error(`${path}: case ${i} has no string "${field}"`)
    }
    return o as ConformanceCase
  })
}
