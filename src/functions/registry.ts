// The catalog of built-in functions: lookup by the name written in SQL (case-insensitive, except functions marked
// caseSensitive, which only match their lower-case name).

import { aggregateFunctions } from './aggregate.js'
import { conversionFunctions } from './conversion.js'
import type { FunctionCatalog, FunctionDef } from './define-function.js'
import { hashFunctions } from './hash.js'
import { jsonFunctions } from './json.js'
import { mathFunctions } from './math.js'
import { otherFunctions } from './other.js'
import { stringFunctions } from './string.js'

const all: readonly FunctionDef[] = [
  ...aggregateFunctions,
  ...mathFunctions,
  ...stringFunctions,
  ...conversionFunctions,
  ...hashFunctions,
  ...jsonFunctions,
  ...otherFunctions,
]

/** Builds a catalog over `defs` (names are stored lower case). Later definitions replace earlier ones. */
export function createCatalog(defs: readonly FunctionDef[]): FunctionCatalog {
  const byName = new Map<string, FunctionDef>()
  for (const d of defs) byName.set(d.name.toLowerCase(), d)
  return {
    lookup(name: string): FunctionDef | undefined {
      const def = byName.get(name.toLowerCase())
      if (def === undefined || (def.caseSensitive === true && name !== def.name)) return undefined
      return def
    },
  }
}

export const builtinFunctions: FunctionCatalog = createCatalog(all)

/** Every built-in function, for GET /metadata/functions and documentation. */
export function listFunctions(): readonly FunctionDef[] {
  return all
}
