// InfluxDB line protocol: `measurement,tag=value field=1.5,name="x" <timestamp>`, with the escapes of each part.
// Numbers are written as floats (1.0 decoded every payload number to float64, so existing fields are floats).

import { compareUtf8 } from '../../core/value.js'
import type { Value, ValueMap } from '../../core/value.js'
import { toJson } from '../../core/json.js'

export function escapeMeasurement(s: string): string {
  return s.replace(/[\\, ]/g, (c) => '\\' + c).replace(/\n/g, '\\n')
}

/** Tag keys, tag values and field keys: commas, equals signs and spaces escaped. */
export function escapeKey(s: string): string {
  return s.replace(/[\\,= ]/g, (c) => '\\' + c).replace(/\n/g, '\\n')
}

function stringField(s: string): string {
  return '"' + s.replace(/[\\"]/g, (c) => '\\' + c) + '"'
}

/** A field value, or undefined when it cannot be written (nil, NaN, ±Inf). */
export function fieldValue(v: Value): string | undefined {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? String(v) : undefined
    case 'bigint':
      return String(Number(v))
    case 'boolean':
      return v ? 'true' : 'false'
    case 'string':
      return stringField(v)
    case 'undefined':
      return undefined
    default:
      if (v === null) return undefined
      if (v instanceof Date) return stringField(v.toISOString())
      try {
        return stringField(toJson(v))
      } catch {
        return undefined
      }
  }
}

export interface LineOptions {
  readonly measurement: string
  /** Tag set written on every line. */
  readonly tags: Readonly<Record<string, string>>
  /** Fields to write, in this order; undefined = every field of the row (sorted). */
  readonly fields: readonly string[] | undefined
}

/** One line for a row, or undefined when the row has none of the fields (InfluxDB needs at least one). */
export function toLine(row: ValueMap, o: LineOptions, timestampNs: bigint): string | undefined {
  const names = o.fields ?? Object.keys(row).sort(compareUtf8)
  const parts: string[] = []
  for (const name of names) {
    if (!Object.hasOwn(row, name)) continue
    const v = fieldValue(row[name])
    if (v !== undefined) parts.push(`${escapeKey(name)}=${v}`)
  }
  if (parts.length === 0) return undefined
  let head = escapeMeasurement(o.measurement)
  for (const k of Object.keys(o.tags).sort(compareUtf8)) {
    const tv = o.tags[k]!
    if (k !== '' && tv !== '') head += `,${escapeKey(k)}=${escapeKey(tv)}`
  }
  return `${head} ${parts.join(',')} ${timestampNs}`
}
