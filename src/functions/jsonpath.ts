// JSONPath as 1.0 evaluates it (PaesslerAG/jsonpath): a plain path (only keys and indexes) yields one value and fails
// on an unknown key; a path with *, .., [a,b], [x:y] or a filter yields the array of matches (jsonpath-plus, safe
// eval). PaesslerAG's filter form `[? expr]` (no parentheses) is accepted.

import { createRequire } from 'node:module'
import type * as JsonPathPlusModule from 'jsonpath-plus'
import { isArray, isMap, type Value } from '../core/value.js'
import { goTypeNameOf } from './args.js'

class JsonPathError extends Error {}

type JsonPathPlus = (typeof JsonPathPlusModule)['JSONPath']
let jsonPathPlus: JsonPathPlus | undefined
/**
 * jsonpath-plus (its CommonJS build, so that it loads synchronously, inside a function call) on the first path a
 * rule evaluates, not with kuiperd: an idle kuiperd, and one whose rules use no json_path function, stays smaller.
 */
function JSONPath(): JsonPathPlus {
  return (jsonPathPlus ??= (createRequire(import.meta.url)('jsonpath-plus') as typeof JsonPathPlusModule).JSONPath)
}

/** Rewrites every `[? expr]` / `[?(expr)]` filter as jsonpath-plus's `[?(expr)]`. */
export function normalizeFilters(path: string): string {
  let out = ''
  for (let i = 0; i < path.length; i++) {
    if (path[i] !== '[' || !/^\[\s*\?/.test(path.slice(i))) {
      out += path[i]
      continue
    }
    const start = path.indexOf('?', i) + 1
    let depth = 0
    let quote = ''
    let j = start
    for (; j < path.length; j++) {
      const c = path[j]
      if (quote !== '') {
        if (c === '\\') j++
        else if (c === quote) quote = ''
      } else if (c === '"' || c === "'") quote = c
      else if (c === '[' || c === '(') depth++
      else if (c === ')') depth--
      else if (c === ']') {
        if (depth === 0) break
        depth--
      }
    }
    if (j >= path.length) throw new JsonPathError(`unterminated filter in ${path}`)
    out += `[?(${path.slice(start, j).trim()})]`
    i = j
  }
  return out
}

const isAmbiguous = (c: string): boolean =>
  c === '*' || c === '..' || c.startsWith('?(') || c.includes(',') || /^-?\d*:-?\d*(:-?\d*)?$/.test(c)

/** One plain selector (`.key` or `[index]`) as PaesslerAG's selectValue. */
function select(v: Value, key: string): Value {
  if (isMap(v)) {
    if (Object.prototype.hasOwnProperty.call(v, key)) return v[key]
    throw new JsonPathError(`unknown key ${key}`)
  }
  if (isArray(v)) {
    if (!/^-?\d+$/.test(key)) throw new JsonPathError(`could not select value, invalid key: ${key} is not an int`)
    let i = Number(key)
    if (i < 0) i += v.length
    return i >= 0 && i < v.length ? v[i] : null
  }
  throw new JsonPathError(
    `unsupported value type ${goTypeNameOf(v)} for select, expected map[string]interface{}, []interface{} or Array`,
  )
}

/**
 * Evaluates `path` on `data` with PaesslerAG semantics; throws an Error with its message on failure
 * (unknown key, bad path).
 */
export function evalJsonPath(data: Value, path: string): Value {
  const normalized = normalizeFilters(path.trim())
  if (!normalized.startsWith('$')) throw new JsonPathError(`unsupported path ${path}: it must start with $`)
  const parts = JSONPath().toPathArray(normalized).slice(1)
  if (parts.some(isAmbiguous) || parts.some((p) => p.startsWith('('))) {
    const matches = JSONPath()({ path: normalized, json: data as object, wrap: true, eval: 'safe' }) as Value[]
    if (parts.some(isAmbiguous)) return matches
    if (matches.length === 0) throw new JsonPathError(`no value for ${path}`)
    return matches[0]
  }
  let v = data
  for (const p of parts) v = select(v, p)
  return v
}
