// The documented-vs-1.0-code decisions (features.md §14): cases whose 1.0 expectation Kuiper deliberately does not
// follow. Listed in test/conformance/deviations.json as `{ "name": "<case name>", "reason": "<one line>" }`.

import { existsSync, readFileSync } from 'node:fs'

export interface Deviation {
  readonly name: string
  readonly reason: string
}

/** Reads the deviation list; a missing file means no deviations. Throws on a malformed file. */
export function loadDeviations(path: string): Map<string, Deviation> {
  const out = new Map<string, Deviation>()
  if (!existsSync(path)) return out
  const data: unknown = JSON.parse(readFileSync(path, 'utf8'))
  if (!Array.isArray(data)) throw new Error(`${path}: expected a JSON array`)
  data.forEach((d: unknown, i) => {
    const o = typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {}
    const name = o['name']
    const reason = o['reason']
    if (typeof name !== 'string' || typeof reason !== 'string') {
      throw new Error(`${path}: entry ${i} needs string "name" and "reason"`)
    }
    if (out.has(name)) throw new Error(`${path}: duplicate entry for ${name}`)
    out.set(name, { name, reason })
  })
  return out
}
