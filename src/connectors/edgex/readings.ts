// Reading value → Kuiper value by the value-descriptor type (1.0 edgex_source.go getValue), including the Hanoi
// array types. Each result carries the Go dynamic type 1.0 produced (`int`, `uint64`, `[]float64`...).

import { goAtoi, goParseBool, goParseFloat, goParseUint } from '../../core/go-strconv.js'
import type { Value } from '../../core/value.js'
import type { EdgexReading } from './event.js'
import { decodeBase64Strict } from './event.js'
import type { JsonIntValue } from './json-int.js'
import { parseJsonInt } from './json-int.js'

export interface TypedValue {
  readonly value: Value
  /** The Go type of 1.0's value: int, uint64, float64, bool, string, []bool, []int, []uint64, []float64. */
  readonly goType: string
}

/** What `convertReading` reports besides failing: an unknown descriptor type kept as text. */
export type ReadingWarn = (message: string) => void

const INT64_MIN = -(1n << 63n)
const INT64_MAX = (1n << 63n) - 1n
const UINT64_MAX = (1n << 64n) - 1n

/**
 * Converts one reading by its descriptor type (matched case-insensitively). Throws on a value that does not parse
 * (the source then drops that reading with a warning, as 1.0).
 * @example convertReading('Int8', { ...emptyReading('t', '21') }) // { value: 21n, goType: 'int' }
 */
export function convertReading(descType: string, r: EdgexReading, warn?: ReadingWarn): TypedValue {
  const t = descType.toUpperCase()
  const v = r.value
  switch (t) {
    case 'BOOL':
      return { value: goParseBool(v), goType: 'bool' }
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'INT64':
    case 'UINT8':
    case 'UINT16':
    case 'UINT32':
      return { value: goAtoi(v), goType: 'int' }
    case 'UINT64':
      return { value: goParseUint(v), goType: 'uint64' }
    case 'FLOAT32':
    case 'FLOAT64':
      return { value: floatValue(r, descType), goType: 'float64' }
    case 'STRING':
      return { value: v, goType: 'string' }
    case 'BOOLARRAY':
      return { value: jsonArray(v, '[]bool', toBool), goType: '[]bool' }
    case 'INT8ARRAY':
    case 'INT16ARRAY':
    case 'INT32ARRAY':
    case 'INT64ARRAY':
    case 'UINT8ARRAY':
    case 'UINT16ARRAY':
    case 'UINT32ARRAY':
      return { value: jsonArray(v, '[]int', (e) => toInt(e, INT64_MIN, INT64_MAX, 'int')), goType: '[]int' }
    case 'UINT64ARRAY':
      return { value: jsonArray(v, '[]uint64', (e) => toInt(e, 0n, UINT64_MAX, 'uint64')), goType: '[]uint64' }
    case 'FLOAT32ARRAY':
      return { value: floatArray(v, 4), goType: '[]float64' }
    case 'FLOAT64ARRAY':
      return { value: floatArray(v, 8), goType: '[]float64' }
    case 'BINARY':
      throw new Error('Unsupport for binary type, the value will be ignored.')
    default:
      warn?.(`Not supported type ${t}, and processed as string value`)
      return { value: v, goType: 'string' }
  }
}

/** Big-endian IEEE bits in base64: 4 bytes read as float32, 8 as float64 (encoding/binary.Read). */
function base64Float(s: string, size: 4 | 8): number {
  const data = decodeBase64Strict(s)
  if (data.length < size) throw new Error(`unable to decode float${size * 8} value bytes: unexpected EOF`)
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  return size === 4 ? view.getFloat32(0, false) : view.getFloat64(0, false)
}

function floatValue(r: EdgexReading, descType: string): number {
  const encoding = r.floatEncoding !== '' ? r.floatEncoding : r.value.includes('=') ? 'Base64' : 'eNotation'
  const valueType = (r.valueType !== '' ? r.valueType : descType).toLowerCase()
  if (valueType !== 'float32' && valueType !== 'float64') throw new Error(`unkown value type: ${r.valueType}`)
  const size = valueType === 'float32' ? 4 : 8
  switch (encoding) {
    case 'Base64':
      try {
        return base64Float(r.value, size)
      } catch (err) {
        throw new Error(`unable to Base 64 decode ${valueType} value ('${r.value}'): ${(err as Error).message}`)
      }
    case 'eNotation':
      try {
        return goParseFloat(r.value)
      } catch (err) {
        throw new Error(`unable to parse Float64 eNotation value: ${(err as Error).message}`)
      }
    default:
      throw new Error(`unkown FloatEncoding for ${valueType} value: ${encoding}`)
  }
}

/** json.Unmarshal into a Go slice: null → nil, each element converted (null elements are the zero value). */
function jsonArray(text: string, goType: string, conv: (e: JsonIntValue) => Value): Value[] | null {
  let parsed: JsonIntValue
  try {
    parsed = parseJsonInt(text)
  } catch (err) {
    throw new Error(`invalid ${goType} value ${JSON.stringify(text)}: ${(err as Error).message}`)
  }
  if (parsed === null) return null
  if (!Array.isArray(parsed))
    throw new Error(`json: cannot unmarshal ${describe(parsed)} into Go value of type ${goType}`)
  return parsed.map(conv)
}

function describe(v: JsonIntValue): string {
  if (typeof v === 'bigint' || typeof v === 'number') return `number ${String(v)}`
  if (v === null) return 'null'
  return typeof v === 'object' ? 'object' : typeof v
}

function toBool(e: JsonIntValue): boolean {
  if (e === null) return false
  if (typeof e !== 'boolean') throw new Error(`json: cannot unmarshal ${describe(e)} into Go value of type bool`)
  return e
}

function toInt(e: JsonIntValue, min: bigint, max: bigint, goType: string): bigint {
  if (e === null) return 0n
  if (typeof e !== 'bigint' || e < min || e > max)
    throw new Error(`json: cannot unmarshal ${describe(e)} into Go value of type ${goType}`)
  return e
}

/** Float arrays: a JSON array of numbers, or of strings (base64 IEEE bits when containing `=`, else decimal). */
function floatArray(text: string, size: 4 | 8): number[] | null {
  let parsed: JsonIntValue
  try {
    parsed = parseJsonInt(text)
  } catch (err) {
    throw new Error(`invalid []float64 value ${JSON.stringify(text)}: ${(err as Error).message}`)
  }
  if (parsed === null) return null
  if (!Array.isArray(parsed))
    throw new Error(`json: cannot unmarshal ${describe(parsed)} into Go value of type []float64`)
  const strings = parsed.every((e) => e === null || typeof e === 'string')
  return parsed.map((e) => {
    if (e === null) return 0
    if (strings && typeof e === 'string') return e.includes('=') ? base64Float(e, size) : goParseFloat(e)
    if (typeof e === 'number') return e
    if (typeof e === 'bigint') return Number(e)
    throw new Error(`json: cannot unmarshal ${describe(e)} into Go value of type float64`)
  })
}
