// FORMAT="JSON" (1.0's default): a payload is one JSON object, or an array of JSON objects (one message each);
// `null` is an empty message, as Go's json.Unmarshal into a map leaves it. Numbers are float64 (JSON.parse).

import { toJson } from '../core/json.js'
import type { PayloadFormat } from '../core/payload-format.js'
import type { ValueMap } from '../core/value.js'

const decoder = new TextDecoder()
const encoder = new TextEncoder()

function isObject(v: unknown): v is ValueMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Go's name for a JSON value's kind in an unmarshal error. */
function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'array'
  return typeof v === 'string' ? 'string' : typeof v
}

/** The messages of a JSON text; throws a Go-worded error for anything but an object, `null` or an array of objects. */
export function decodeJsonText(text: string): ValueMap[] {
  const v: unknown = JSON.parse(text)
  if (v === null) return [{}]
  if (isObject(v)) return [v]
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i]
      if (!isObject(e))
        throw new Error(
          `json: cannot unmarshal ${goKind(e)} into Go value of type map[string]interface {} (element ${i})`,
        )
    }
    return v as ValueMap[]
  }
  throw new Error(`json: cannot unmarshal ${goKind(v)} into Go value of type map[string]interface {}`)
}

export const jsonFormat: PayloadFormat = {
  name: 'JSON',
  decode: (payload) => decodeJsonText(decoder.decode(payload)),
  encode: (rows) => encoder.encode(toJson(rows as ValueMap[])),
}
