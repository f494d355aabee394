// Map helpers shared by several layers: Kuiper 1.0's LowercaseKeyMap.

import { isMap } from './value.js'
import type { ValueMap } from './value.js'

/**
 * A copy of `m` with every key lower-cased, recursing into nested maps (xsql.LowercaseKeyMap of 1.0).
 * As in 1.0, maps inside arrays are kept as they are; with two keys that differ only in case, the last one wins.
 */
export function lowercaseKeys(m: ValueMap): ValueMap {
  const out: ValueMap = {}
  for (const k of Object.keys(m)) {
    const v = m[k]
    setOwn(out, k.toLowerCase(), isMap(v) ? lowercaseKeys(v) : v)
  }
  return out
}

/** Assigns an own property even for the key `__proto__`, so that decoded JSON and YAML keys stay data; returns `v`. */
export function setOwn<T>(m: Record<string, T>, key: string, v: T): T {
  if (key === '__proto__')
    Object.defineProperty(m, key, { value: v, enumerable: true, writable: true, configurable: true })
  else m[key] = v
  return v
}

/** A non-null object that is not an array: a decoded JSON or YAML map. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * A deep copy of a decoded configuration map with every nested map (also inside arrays) rebuilt as a plain
 * string-keyed map and other values kept as they are: 1.0's common.ConvertMap for YAML `map[interface{}]interface{}`.
 */
export function convertMap(m: ValueMap): ValueMap {
  const out: ValueMap = {}
  for (const k of Object.keys(m)) setOwn(out, String(k), convertValue(m[k]))
  return out
}

function convertValue(v: ValueMap[string]): ValueMap[string] {
  if (Array.isArray(v)) return v.map(convertValue)
  return isMap(v) ? convertMap(v) : v
}
