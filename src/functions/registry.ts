// The catalog of built-in functions: lookup by the name written in SQL (case-insensitive, except functions marked
// caseSensitive, which only match their lower-case name).

import { aggregateFunctions } from './aggregate.js'
import { conversionFunctions } from './conversion.js'
import type { DocText, Documented, FunctionCatalog, FunctionDef } from './define-function.js'

// The documentation types, for the readers of the records (GET /metadata/functions, the docs generator).
export type { DocText, Documented, FunctionParam, FunctionSignature } from './define-function.js'
import { hashFunctions } from './hash.js'
import { jsonFunctions } from './json.js'
import { mathFunctions } from './math.js'
import { otherFunctions } from './other.js'
import { stringFunctions } from './string.js'

/** A family of functions as the docs group them (1.0's built-in functions page). */
export interface FunctionFamily {
  readonly id: string
  readonly title: DocText
  readonly functions: readonly Documented[]
}

export const functionFamilies: readonly FunctionFamily[] = [
  { id: 'aggregate', title: { en: 'Aggregate functions', zh: '聚合函数' }, functions: aggregateFunctions },
  { id: 'math', title: { en: 'Mathematical functions', zh: '数学函数' }, functions: mathFunctions },
  { id: 'string', title: { en: 'String functions', zh: '字符串函数' }, functions: stringFunctions },
  { id: 'conversion', title: { en: 'Conversion functions', zh: '转换函数' }, functions: conversionFunctions },
  { id: 'hash', title: { en: 'Hashing functions', zh: '哈希函数' }, functions: hashFunctions },
  { id: 'json', title: { en: 'JSON functions', zh: 'JSON 函数' }, functions: jsonFunctions },
  { id: 'other', title: { en: 'Other functions', zh: '其他函数' }, functions: otherFunctions },
]

const all: readonly Documented[] = functionFamilies.flatMap((f) => f.functions)

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

/** Every built-in function with its documentation, for GET /metadata/functions and docs/sql.md. */
export function listFunctions(): readonly Documented[] {
  return all
}
