// Go-typed values of the conformance corpus (FORMAT.md §3, §11.1): reads case JSON at a JSON pointer and converts it
// to runtime values per the case's `go_types`, and compares values the way the Go tests did.

import { toJson } from '../../src/core/json.js'
import { setOwn } from '../../src/core/maps.js'
import { Tuple } from '../../src/core/row.js'
import { isMap } from '../../src/core/value.js'
import type { Value, ValueMap } from '../../src/core/value.js'
import type { ConformanceCase } from './types.js'

/** Splits an RFC 6901 pointer (`/a/0/b~1c`) into its unescaped tokens; `''` is the whole document. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer ${JSON.stringify(pointer)}`)
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function escapeToken(t: string): string {
  return t.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** The raw case JSON at `pointer`; throws when nothing is there. */
export function jsonAt(c: ConformanceCase, pointer: string): unknown {
  let v: unknown = c
  for (const t of parsePointer(pointer)) {
    if (Array.isArray(v) && /^(0|[1-9][0-9]*)$/.test(t) && Number(t) < v.length) v = v[Number(t)]
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, t)) {
      v = (v as Record<string, unknown>)[t]
    } else throw new Error(`case ${c.name}: no value at ${pointer}`)
  }
  return v
}

/** The case JSON at `pointer` (fresh copy) as a runtime value, typed per the `go_types` entries at or below it. */
export function goValueAt(c: ConformanceCase, pointer: string): Value {
  const types = c.go_types ?? {}
  const prefix = pointer + '/'
  const typed = Object.keys(types).some((p) => p === pointer || p.startsWith(prefix))
  return convert(jsonAt(c, pointer), pointer, typed ? types : undefined, undefined)
}

/** A Go `*xsql.Tuple` written as `{Emitter, Message, Timestamp, Metadata}` at `pointer`. */
export function tupleAt(c: ConformanceCase, pointer: string): Tuple {
  const raw = jsonAt(c, pointer)
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`case ${c.name}: no tuple object at ${pointer}`)
  }
  const o = raw as Record<string, unknown>
  const message = o['Message'] == null ? {} : goValueAt(c, pointer + '/Message')
  const metadata = o['Metadata'] == null ? null : goValueAt(c, pointer + '/Metadata')
  if (!isMap(message) || (metadata !== null && !isMap(metadata))) {
    throw new Error(`case ${c.name}: tuple at ${pointer} has a non-object Message or Metadata`)
  }
  const emitter = typeof o['Emitter'] === 'string' ? o['Emitter'] : ''
  const ts = typeof o['Timestamp'] === 'number' ? o['Timestamp'] : Number(o['Timestamp'] ?? 0)
  return new Tuple(emitter, message, ts, metadata)
}

const INT_TYPE = /^(u?int(8|16|32|64)?|uintptr|byte|rune)$/

function convert(
  json: unknown,
  path: string,
  types: Readonly<Record<string, string>> | undefined,
  implied?: string,
): Value {
  const type = types?.[path] ?? implied
  if (json === null || json === undefined) return null
  if (type !== undefined && type !== 'interface{}') {
    if (INT_TYPE.test(type)) return toBigInt(json, path, type)
    switch (type) {
      case 'float64':
      case 'float32':
        return typeof json === 'number' ? json : Number(json)
      case 'time.Time':
        return new Date(typeof json === 'number' ? json : Date.parse(String(json)))
      case 'error':
        return String(json)
      case '[]byte':
      case '[]uint8':
        return Array.isArray(json)
          ? Uint8Array.from(json.map((b) => Number(b)))
          : new Uint8Array(Buffer.from(String(json), 'utf8'))
    }
    if (type.startsWith('[]') && Array.isArray(json)) {
      const elem = type.slice(2)
      return json.map((el, i) => convert(el, path + '/' + i, types, elem))
    }
    const mapType = /^map\[[^\]]+\](.*)$/.exec(type)
    if (mapType !== null && isPlainObject(json)) return convertObject(json, path, types, mapType[1])
  }
  switch (typeof json) {
    case 'number':
    case 'string':
    case 'boolean':
      return json
    case 'object':
      if (Array.isArray(json)) return json.map((el, i) => convert(el, path + '/' + i, types, undefined))
      return convertObject(json as Record<string, unknown>, path, types, undefined)
    default:
      throw new Error(`unexpected JSON value at ${path}`)
  }
}

function convertObject(
  json: Record<string, unknown>,
  path: string,
  types: Readonly<Record<string, string>> | undefined,
  elemType: string | undefined,
): ValueMap {
  const out: ValueMap = {}
  const elem = elemType === 'interface{}' ? undefined : elemType
  for (const k of Object.keys(json)) setOwn(out, k, convert(json[k], path + '/' + escapeToken(k), types, elem))
  return out
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function toBigInt(json: unknown, path: string, type: string): bigint {
  if (typeof json === 'number' && Number.isInteger(json)) return BigInt(json)
  if (typeof json === 'string' && /^-?[0-9]+$/.test(json)) return BigInt(json)
  throw new Error(`go_types says ${type} at ${path}, but the value is ${JSON.stringify(json)}`)
}

// ---- comparison ----

const REL_TOLERANCE = 1e-12

function floatsEqual(a: number, b: number): boolean {
  if (a === b) return true
  if (Number.isNaN(a) && Number.isNaN(b)) return true
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false
  return Math.abs(a - b) <= REL_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))
}

function where(path: string): string {
  return path === '' ? '(root)' : path
}

function clip(s: string): string {
  return s.length > 120 ? s.slice(0, 117) + '...' : s
}

/** A value with its Go type, for diffs: `int64(3)`, `float64(3)`, `"abc"`, `nil`. */
export function showGo(v: Value): string {
  if (v === null || v === undefined) return 'nil'
  switch (typeof v) {
    case 'bigint':
      return `int64(${v})`
    case 'number':
      return `float64(${v})`
    case 'string':
      return clip(JSON.stringify(v))
    case 'boolean':
      return String(v)
  }
  if (v instanceof Date) return `time.Time(${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()})`
  if (v instanceof Uint8Array) return clip(`[]byte(${JSON.stringify(Buffer.from(v).toString('utf8'))})`)
  try {
    return clip((Array.isArray(v) ? 'array ' : 'map ') + toJson(v))
  } catch {
    return Array.isArray(v) ? `array(len ${v.length})` : 'map'
  }
}

/**
 * Go `reflect.DeepEqual` on runtime values, type-significant (bigint ≠ number), floats within 1e-12 relative,
 * Dates by instant, null = undefined. Returns a short diff naming the first differing path, or undefined when equal.
 */
export function deepEqualGo(actual: Value, expected: Value): string | undefined {
  return diffGo(actual, expected, '')
}

function diffGo(a: Value, e: Value, path: string): string | undefined {
  const aNil = a === null || a === undefined
  const eNil = e === null || e === undefined
  if (aNil || eNil) return aNil && eNil ? undefined : mismatch(path, e, a)
  if (typeof a !== typeof e) return mismatch(path, e, a)
  switch (typeof e) {
    case 'number':
      return floatsEqual(a as number, e) ? undefined : mismatch(path, e, a)
    case 'bigint':
    case 'string':
    case 'boolean':
      return a === e ? undefined : mismatch(path, e, a)
  }
  if (e instanceof Date) {
    if (!(a instanceof Date)) return mismatch(path, e, a)
    return a.getTime() === e.getTime() || (Number.isNaN(a.getTime()) && Number.isNaN(e.getTime()))
      ? undefined
      : mismatch(path, e, a)
  }
  if (e instanceof Uint8Array) {
    if (!(a instanceof Uint8Array)) return mismatch(path, e, a)
    return Buffer.from(a).equals(Buffer.from(e)) ? undefined : mismatch(path, e, a)
  }
  if (Array.isArray(e)) {
    if (!Array.isArray(a)) return mismatch(path, e, a)
    if (a.length !== e.length) return `at ${where(path)}: expected ${e.length} elements, got ${a.length}: ${showGo(a)}`
    for (let i = 0; i < e.length; i++) {
      const d = diffGo(a[i], e[i], path + '/' + i)
      if (d !== undefined) return d
    }
    return undefined
  }
  if (!isMap(a) || !isMap(e)) return mismatch(path, e, a)
  return diffKeys(a, e, path, (x, y, p) => diffGo(x as Value, y as Value, p))
}

function diffKeys(
  a: Record<string, unknown>,
  e: Record<string, unknown>,
  path: string,
  diff: (a: unknown, e: unknown, path: string) => string | undefined,
): string | undefined {
  for (const k of Object.keys(e)) {
    if (!Object.prototype.hasOwnProperty.call(a, k)) return `at ${where(path)}: missing key ${JSON.stringify(k)}`
  }
  for (const k of Object.keys(a)) {
    if (!Object.prototype.hasOwnProperty.call(e, k)) return `at ${where(path)}: unexpected key ${JSON.stringify(k)}`
  }
  for (const k of Object.keys(e)) {
    const d = diff(a[k], e[k], path + '/' + escapeToken(k))
    if (d !== undefined) return d
  }
  return undefined
}

function mismatch(path: string, e: Value, a: Value): string {
  return `at ${where(path)}: expected ${showGo(e)}, got ${showGo(a)}`
}

/**
 * Compares `actual` after a Go-style JSON round trip (toJson, then JSON.parse) with decoded JSON `expected`:
 * numbers as float64 within 1e-12 relative, key order free, a missing key differs from null, arrays ordered.
 */
export function jsonRoundtripDiff(actual: Value, expected: unknown): string | undefined {
  let decoded: unknown
  try {
    decoded = JSON.parse(toJson(actual)) as unknown
  } catch (err) {
    return `cannot marshal the result: ${err instanceof Error ? err.message : String(err)}`
  }
  return diffJson(decoded, expected, '')
}

function showJson(v: unknown): string {
  return v === undefined ? 'nothing' : clip(JSON.stringify(v))
}

function diffJson(a: unknown, e: unknown, path: string): string | undefined {
  const bad = (): string => `at ${where(path)}: expected ${showJson(e)}, got ${showJson(a)}`
  if (e === null || typeof e !== 'object') {
    if (typeof e === 'number') return typeof a === 'number' && floatsEqual(a, e) ? undefined : bad()
    return a === e ? undefined : bad()
  }
  if (Array.isArray(e)) {
    if (!Array.isArray(a)) return bad()
    if (a.length !== e.length)
      return `at ${where(path)}: expected ${e.length} elements, got ${a.length}: ${showJson(a)}`
    for (let i = 0; i < e.length; i++) {
      const d = diffJson(a[i], e[i], path + '/' + i)
      if (d !== undefined) return d
    }
    return undefined
  }
  if (typeof a !== 'object' || a === null || Array.isArray(a)) return bad()
  return diffKeys(a as Record<string, unknown>, e as Record<string, unknown>, path, diffJson)
}
