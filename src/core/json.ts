// JSON encoding of runtime values, byte-compatible with Go's encoding/json Marshal as Kuiper 1.0 uses it:
// sorted map keys, HTML-safe escapes, int64 as integer text, time.Time as RFC 3339, []byte as base64.

import { EvalError } from './errors.js'
import { compareUtf8 } from './value.js'
import type { Value, ValueMap } from './value.js'

/** Go `json.Marshal` of a value. Throws EvalError for NaN and ±Inf, as Go returns an error for them. */
export function toJson(v: Value): string {
  return encode(v)
}

function encode(v: Value): string {
  switch (typeof v) {
    case 'string':
      return quote(v)
    case 'number':
      return encodeFloat(v)
    case 'bigint':
      return v.toString()
    case 'boolean':
      return v ? 'true' : 'false'
    case 'undefined':
      return 'null'
    default:
      if (v === null) return 'null'
      if (Array.isArray(v)) {
        if (v.length === 0) return '[]'
        let out = '[' + encode(v[0])
        for (let i = 1; i < v.length; i++) out += ',' + encode(v[i])
        return out + ']'
      }
      if (v instanceof Date) return '"' + formatRfc3339(v) + '"'
      if (v instanceof Uint8Array)
        return '"' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') + '"'
      return encodeMap(v)
  }
}

function encodeMap(m: ValueMap): string {
  const keys = Object.keys(m)
  const n = keys.length
  if (n === 0) return '{}'
  if (n > 1) sortKeys(keys)
  let out = '{' + keyPrefix(keys[0]!) + encode(m[keys[0]!])
  for (let i = 1; i < n; i++) {
    const k = keys[i]!
    out += ',' + keyPrefix(k) + encode(m[k])
  }
  return out + '}'
}

/** Go's key order (compareUtf8). A row has a few keys: an insertion sort skips Array.sort's set-up per call. */
function sortKeys(keys: string[]): void {
  const n = keys.length
  if (n > 16) {
    keys.sort(compareUtf8)
    return
  }
  for (let i = 1; i < n; i++) {
    const k = keys[i]!
    let j = i - 1
    while (j >= 0 && compareUtf8(keys[j]!, k) > 0) {
      keys[j + 1] = keys[j]!
      j--
    }
    keys[j + 1] = k
  }
}

/**
 * `"key":` for a map key. The rows a rule encodes repeat the same few keys, so their quoted forms are kept (up to
 * KEY_CACHE_SIZE keys, then the cache starts over: a stream of ever new keys costs what it did without it).
 */
function keyPrefix(k: string): string {
  let p = quotedKeys.get(k)
  if (p === undefined) {
    if (quotedKeys.size >= KEY_CACHE_SIZE) quotedKeys.clear()
    p = quote(k) + ':'
    quotedKeys.set(k, p)
  }
  return p
}

const KEY_CACHE_SIZE = 4096
const quotedKeys = new Map<string, string>()

/** Go's float64 encoding: shortest round-trip digits; exponent form below 1e-6 and from 1e21, as JS prints. */
function encodeFloat(f: number): string {
  if (!Number.isFinite(f)) {
    throw new EvalError(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`)
  }
  if (f === 0 && Object.is(f, -0)) return '-0'
  return String(f)
}

/** Time.MarshalJSON: RFC 3339 with nanoseconds, trailing zeros of the fraction trimmed; Dates are in UTC. */
export function formatRfc3339(d: Date): string {
  const t = d.getTime()
  if (Number.isNaN(t)) throw new EvalError('json: error calling MarshalJSON for type time.Time: invalid time')
  const year = d.getUTCFullYear()
  if (year < 0 || year > 9999) {
    throw new EvalError(
      'json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]',
    )
  }
  const iso = d.toISOString() // YYYY-MM-DDTHH:mm:ss.sssZ for years 0..9999
  const ms = d.getUTCMilliseconds()
  if (ms === 0) return iso.slice(0, 19) + 'Z'
  let frac = iso.slice(20, 23)
  while (frac.endsWith('0')) frac = frac.slice(0, -1)
  return iso.slice(0, 20) + frac + 'Z'
}

// Characters that need an escape in Go's HTML-safe encoder (plus lone surrogates, which Go would see as invalid UTF-8).
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/
const HEX = '0123456789abcdef'

function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"'
  let out = '"'
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    let esc: string | undefined
    if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) {
      if (c === 0x0a) esc = '\\n'
      else if (c === 0x0d) esc = '\\r'
      else if (c === 0x09) esc = '\\t'
      else esc = '\\u00' + HEX[c >> 4]! + HEX[c & 0xf]!
    } else if (c === 0x22) esc = '\\"'
    else if (c === 0x5c) esc = '\\\\'
    else if (c === 0x2028) esc = '\\u2028'
    else if (c === 0x2029) esc = '\\u2029'
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++ // a valid pair: copied as is
        continue
      }
      esc = '\\ufffd'
    } else if (c >= 0xdc00 && c <= 0xdfff) esc = '\\ufffd'
    if (esc !== undefined) {
      out += s.slice(start, i) + esc
      start = i + 1
    }
  }
  return out + s.slice(start) + '"'
}
