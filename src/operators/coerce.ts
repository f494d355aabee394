// Conversion of a decoded message to a stream schema, as Kuiper 1.0's preprocessor does it (addRecField /
// addArrayField): case-insensitive field lookup, per-type conversions, and 1.0's exact error texts.

import { EvalError, errorMessage } from '../core/errors.js'
import { setOwn } from '../core/maps.js'
import { isMap, isNil } from '../core/value.js'
import type { Value, ValueMap } from '../core/value.js'
import type { BasicTypeName, FieldType, StreamField } from '../sql/ast/statement.js'
import { describeMessageValue as d, formatS } from './go-print.js'
import { tryAtoi, tryParseBool, tryParseFloat } from '../core/go-strconv.js'
import { floatToInt } from './float-to-int.js'

/** Parses a DATETIME string (TIMESTAMP_FORMAT or the default layout); throws with Go's time.Parse error text. */
export type DatetimeParser = (s: string) => Date

/**
 * The message converted to `fields`: only schema fields are kept, keyed by their schema names.
 * Throws EvalError with 1.0's message (the caller adds `error in preprocessor: `).
 */
export function coerceMessage(
  fields: readonly StreamField[],
  message: ValueMap,
  parseDatetime: DatetimeParser,
): ValueMap {
  const out: ValueMap = {}
  for (const f of fields) addField(f.type, out, message, f.name, parseDatetime)
  return out
}

/** 1.0's Message.Value: the lower-cased key first, then any key equal ignoring case. */
function lookup(m: ValueMap, key: string): { found: boolean; value: Value } {
  const lower = key.toLowerCase()
  if (Object.prototype.hasOwnProperty.call(m, lower)) return { found: true, value: m[lower] }
  for (const k of Object.keys(m)) {
    if (k.toLowerCase() === lower) return { found: true, value: m[k] }
  }
  return { found: false, value: undefined }
}

function fail(msg: string): never {
  throw new EvalError(msg)
}

function addField(ft: FieldType, r: ValueMap, j: ValueMap, n: string, pd: DatetimeParser): void {
  const hit = lookup(j, n)
  if (!hit.found) fail(`invalid data ${formatS(j)}, field ${n} not found`)
  const t = hit.value
  switch (ft.kind) {
    case 'basic':
      setOwn(r, n, convertBasic(ft.type, t, n, pd))
      return
    case 'array': {
      let s: Value[] | null
      if (isNil(t)) s = null
      else if (Array.isArray(t)) s = t
      else if (typeof t === 'string') {
        const parsed = parseJson(t)
        if (parsed === undefined || (parsed !== null && !Array.isArray(parsed))) {
          fail(`invalid data type for ${n}, expect array but found ${d(t)}`)
        }
        s = parsed
      } else fail(`invalid data type for ${n}, expect array but found ${d(t)}`)
      try {
        setOwn(r, n, convertArray(ft.elem, s, pd))
      } catch (err) {
        fail(`fail to parse field ${n}: ${errorMessage(err)}`)
      }
      return
    }
    case 'struct': {
      if (isNil(t)) {
        setOwn(r, n, null)
        return
      }
      let nextJ: ValueMap | null
      if (isMap(t)) nextJ = t
      else if (typeof t === 'string') {
        const parsed = parseJson(t)
        if (parsed === undefined || (parsed !== null && !isMap(parsed))) {
          fail(`invalid data type for ${n}, expect map but found ${d(t)}`)
        }
        nextJ = parsed
      } else fail(`invalid data type for ${n}, expect struct but found ${d(t)}`)
      const nextR: ValueMap = {}
      // 1.0 looks nested struct fields up, and stores them, under their lower-cased names.
      for (const nf of ft.fields) addField(nf.type, nextR, nextJ ?? {}, nf.name.toLowerCase(), pd)
      setOwn(r, n, nextR)
      return
    }
  }
}

function convertBasic(type: BasicTypeName, t: Value, n: string, pd: DatetimeParser): Value {
  switch (type) {
    case 'bigint': {
      if (typeof t === 'bigint') return t
      if (typeof t === 'number') return floatToInt(t)
      if (typeof t === 'string')
        return tryAtoi(t) ?? fail(`invalid data type for ${n}, expect bigint but found ${d(t)}`)
      return fail(`invalid data type for ${n}, expect bigint but found ${d(t)}`)
    }
    case 'float': {
      if (typeof t === 'number') return t
      if (typeof t === 'bigint') return Number(t)
      if (typeof t === 'string')
        return tryParseFloat(t) ?? fail(`invalid data type for ${n}, expect float but found ${d(t)}`)
      return fail(`invalid data type for ${n}, expect float but found ${d(t)}`)
    }
    case 'string':
      return typeof t === 'string' ? t : fail(`invalid data type for ${n}, expect string but found ${d(t)}`)
    case 'datetime': {
      if (typeof t === 'number' || typeof t === 'bigint') return fromMillis(t)
      if (t instanceof Date) return t
      if (typeof t === 'string') {
        try {
          return pd(t)
        } catch (err) {
          return fail(`invalid data type for ${n}, cannot convert to datetime: ${errorMessage(err)}`)
        }
      }
      return fail(`invalid data type for ${n}, expect datatime but find ${d(t)}`)
    }
    case 'boolean': {
      if (typeof t === 'boolean') return t
      if (typeof t === 'string')
        return tryParseBool(t) ?? fail(`invalid data type for ${n}, expect boolean but found ${d(t)}`)
      return fail(`invalid data type for ${n}, expect boolean but found ${d(t)}`)
    }
    case 'bytea': {
      // BYTEA arrived in 1.1: base64 text or raw bytes.
      if (t instanceof Uint8Array) return t
      if (typeof t === 'string') {
        return (
          decodeBase64(t) ??
          fail(`invalid data type for ${n}, expect bytea but found ${d(t)} which cannot base64 decode`)
        )
      }
      return fail(`invalid data type for ${n}, expect bytea but found ${d(t)}`)
    }
  }
}

/** 1.0's addArrayField: a nil source slice stays nil; element errors name the index. */
function convertArray(elem: FieldType, s: Value[] | null, pd: DatetimeParser): Value {
  if (s === null) return null
  switch (elem.kind) {
    case 'array':
      return s.map((t, i) => {
        let sub: Value[] | null
        if (isNil(t)) sub = null
        else if (Array.isArray(t)) sub = t
        else if (typeof t === 'string') {
          const parsed = parseJson(t)
          if (parsed === undefined || (parsed !== null && !Array.isArray(parsed))) {
            fail(`invalid data type for [${i}], expect array but found ${d(t)}`)
          }
          sub = parsed
        } else fail(`invalid data type for [${i}], expect array but found ${d(t)}`)
        return convertArray(elem.elem, sub, pd)
      })
    case 'struct':
      return s.map((t, i) => {
        if (isNil(t)) return null
        let j: ValueMap | null
        if (isMap(t)) j = t
        else if (typeof t === 'string') {
          const parsed = parseJson(t)
          if (parsed === undefined || (parsed !== null && !isMap(parsed))) {
            fail(`invalid data type for [${i}], expect map but found ${d(t)}`)
          }
          j = parsed
        } else fail(`invalid data type for [${i}], expect map but found ${d(t)}`)
        const r: ValueMap = {}
        for (const f of elem.fields) addField(f.type, r, j ?? {}, f.name, pd)
        return r
      })
    case 'basic':
      return s.map((t, i) => convertElement(elem.type, t, i, pd))
  }
}

function convertElement(type: BasicTypeName, t: Value, i: number, pd: DatetimeParser): Value {
  switch (type) {
    case 'bigint':
      // 1.0 says "expect float" for a bad element of a BIGINT array.
      if (typeof t === 'number') return floatToInt(t)
      if (typeof t === 'bigint') return t
      if (typeof t === 'string')
        return tryAtoi(t) ?? fail(`invalid data type for [${i}], expect float but found ${d(t)}`)
      return fail(`invalid data type for [${i}], expect float but found ${d(t)}`)
    case 'float':
      if (typeof t === 'number') return t
      if (typeof t === 'bigint') return Number(t)
      if (typeof t === 'string')
        return tryParseFloat(t) ?? fail(`invalid data type for [${i}], expect float but found ${d(t)}`)
      return fail(`invalid data type for [${i}], expect float but found ${d(t)}`)
    case 'string':
      return typeof t === 'string' ? t : fail(`invalid data type for [${i}], expect string but found ${d(t)}`)
    case 'datetime':
      if (typeof t === 'number' || typeof t === 'bigint') return fromMillis(t)
      if (t instanceof Date) return t
      if (typeof t === 'string') {
        try {
          return pd(t)
        } catch (err) {
          return fail(`invalid data type for ${t}, cannot convert to datetime: *time.ParseError(${errorMessage(err)})`)
        }
      }
      return fail(`invalid data type for [${i}], expect datetime but found ${d(t)}`)
    case 'boolean':
      if (typeof t === 'boolean') return t
      if (typeof t === 'string')
        return tryParseBool(t) ?? fail(`invalid data type for [${i}], expect boolean but found ${d(t)}`)
      return fail(`invalid data type for [${i}], expect boolean but found ${d(t)}`)
    case 'bytea':
      if (t instanceof Uint8Array) return t
      if (typeof t === 'string') {
        return (
          decodeBase64(t) ??
          fail(`invalid data type for [${i}], expect bytea but found ${d(t)} which cannot base64 decode`)
        )
      }
      return fail(`invalid data type for [${i}], expect bytea but found ${d(t)}`)
  }
}

/** time.Unix(ms/1000, ...) of an int64 millisecond count (floats truncated toward zero first). */
export function fromMillis(v: number | bigint): Date {
  return new Date(typeof v === 'bigint' ? Number(v) : Math.trunc(v))
}

/** json.Unmarshal of text into an interface: undefined when the text is not JSON. */
function parseJson(text: string): Value | undefined {
  try {
    return JSON.parse(text) as Value
  } catch {
    return undefined
  }
}

/** base64.StdEncoding.DecodeString: padded standard alphabet only. */
function decodeBase64(s: string): Uint8Array | undefined {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined
  return new Uint8Array(Buffer.from(s, 'base64'))
}
