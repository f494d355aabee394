// Kuiper's runtime values, mirroring the dynamic types of Kuiper 1.0 (Go `interface{}`):
// JS `number` is Go float64, JS `bigint` is Go int/int64 (integers stay integers: 7/2 = 3),
// `Date` is time.Time, `Uint8Array` is []byte, arrays and plain objects are slices and maps.
// Both `null` and `undefined` mean Go nil; a missing field reads as `undefined`.

export type Value = null | undefined | boolean | number | bigint | string | Date | Uint8Array | ValueArray | ValueMap

export type ValueArray = Value[]
export interface ValueMap {
  [key: string]: Value
}

export type Nil = null | undefined

export function isNil(v: Value): v is Nil {
  return v === null || v === undefined
}

export function isMap(v: Value): v is ValueMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array)
}

export function isArray(v: Value): v is ValueArray {
  return Array.isArray(v)
}

/** Kuiper's logical type names, as used by stream schemas and `cast`. */
export type ValueKind = 'nil' | 'bigint' | 'float' | 'string' | 'boolean' | 'datetime' | 'bytea' | 'array' | 'struct'

export function kindOf(v: Value): ValueKind {
  switch (typeof v) {
    case 'bigint':
      return 'bigint'
    case 'number':
      return 'float'
    case 'string':
      return 'string'
    case 'boolean':
      return 'boolean'
    case 'undefined':
      return 'nil'
    default:
      if (v === null) return 'nil'
      if (v instanceof Date) return 'datetime'
      if (v instanceof Uint8Array) return 'bytea'
      if (Array.isArray(v)) return 'array'
      return 'struct'
  }
}

/**
 * The Go type name Kuiper 1.0 prints in error messages (`int64`, `float64`, `time.Time`...). Integers are `int64`
 * from SQL arithmetic and literals, but `int` when read straight from a decoded message (`intType`).
 */
export function goTypeName(v: Value, intType = 'int64'): string {
  switch (kindOf(v)) {
    case 'nil':
      return '<nil>'
    case 'bigint':
      return intType
    case 'float':
      return 'float64'
    case 'string':
      return 'string'
    case 'boolean':
      return 'bool'
    case 'datetime':
      return 'time.Time'
    case 'bytea':
      return '[]uint8'
    case 'array':
      return '[]interface {}'
    case 'struct':
      return 'map[string]interface {}'
  }
}

/** `int64(3)`, `string(blue)`, `<nil>(<nil>)`: how Kuiper 1.0 shows a value with its type in errors. */
export function describeValue(v: Value): string {
  return `${goTypeName(v)}(${formatGo(v)})`
}

/** Go's `%v` formatting of a value (used by `concat`, templates and error texts). */
export function formatGo(v: Value): string {
  switch (kindOf(v)) {
    case 'nil':
      return '<nil>'
    case 'bigint':
    case 'string':
    case 'boolean':
      return String(v)
    case 'float':
      return formatGoFloat(v as number)
    case 'datetime':
      return goTimeString(v as Date)
    case 'bytea':
      return `[${Array.from(v as Uint8Array).join(' ')}]`
    case 'array':
      return `[${(v as ValueArray).map(formatGo).join(' ')}]`
    case 'struct': {
      const m = v as ValueMap
      const keys = Object.keys(m).sort(compareUtf8)
      return `map[${keys.map((k) => `${k}:${formatGo(m[k])}`).join(' ')}]`
    }
  }
}

/**
 * Go's `%v` of a float64 (strconv.FormatFloat(f, 'g', -1, 64)): the shortest round-trip digits,
 * in exponent form with two or more exponent digits when the decimal exponent is < -4 or >= 6.
 */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const [mant, e] = f.toExponential().split('e') as [string, string]
  const exp = Number(e)
  if (exp < -4 || exp >= 6) {
    const digits = String(Math.abs(exp))
    return `${mant}e${exp < 0 ? '-' : '+'}${digits.length < 2 ? '0' + digits : digits}`
  }
  return String(f)
}

/** Go's `Time.String()` for a UTC instant: `2006-01-02 15:04:05.999999999 +0000 UTC`, fraction trimmed. */
export function goTimeString(d: Date): string {
  if (Number.isNaN(d.getTime())) return 'invalid time'
  const iso = d.toISOString() // YYYY-MM-DDTHH:mm:ss.sssZ (or ±YYYYYY for far years)
  const tIdx = iso.indexOf('T')
  let frac = iso.slice(tIdx + 10, tIdx + 13)
  while (frac.endsWith('0')) frac = frac.slice(0, -1)
  return `${iso.slice(0, tIdx)} ${iso.slice(tIdx + 1, tIdx + 9)}${frac === '' ? '' : '.' + frac} +0000 UTC`
}

/** Go's sort.Strings order: byte-wise UTF-8, i.e. code point order (differs from UTF-16 order above U+E000). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x !== y) {
      // Surrogates (astral code points) sort after U+E000..U+FFFF in code point order.
      if (x >= 0xd800 && y >= 0xd800) {
        if (x <= 0xdfff) x += 0x2000
        else x -= 0x800
        if (y <= 0xdfff) y += 0x2000
        else y -= 0x800
      }
      return x - y
    }
  }
  return a.length - b.length
}
