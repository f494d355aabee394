// Results → EdgeX event (1.0 edgex_sink.go produceEvents): the result JSON decoded with numbers as float64, one
// Reading per field (value printed with Go %v) except the `metadata` field, whose EdgeX metadata (the first object
// found) fills the event and, per reading name, the readings; `deviceName` overrides the device.

import { formatGo } from '../../core/value.js'
import type { Value } from '../../core/value.js'
import type { EdgexEvent, EdgexReading } from './event.js'
import { emptyEvent, emptyReading } from './event.js'

export interface ProduceOptions {
  readonly metadata: string
  readonly deviceName: string
}

type Meta = Readonly<Record<string, unknown>>

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function intVal(m: Meta, k: string): bigint {
  const v = m[k]
  // Go: float64 → int64 conversion truncates; anything else is 0.
  return typeof v === 'number' && Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n
}

function strVal(m: Meta, k: string): string {
  const v = m[k]
  return typeof v === 'string' ? v : ''
}

/** Throws 1.0's json error when `text` is not a JSON array of objects. */
function decodeRows(text: string): Record<string, unknown>[] {
  let rows: unknown
  try {
    rows = JSON.parse(text)
  } catch (err) {
    throw new Error((err as Error).message)
  }
  if (rows === null) return []
  if (!Array.isArray(rows))
    throw new Error(`json: cannot unmarshal ${typeof rows} into Go value of type []map[string]interface {}`)
  return rows.map((r: unknown) => {
    if (r === null) return {}
    if (!isRecord(r))
      throw new Error(`json: cannot unmarshal ${typeof r} into Go value of type map[string]interface {}`)
    return r
  })
}

/**
 * @example
 * produceEvent('[{"temperature":21.5}]', { metadata: '', deviceName: 'kuiper' })
 * // { device: 'kuiper', readings: [{ name: 'temperature', value: '21.5', ... }], ... }
 */
export function produceEvent(text: string, opts: ProduceOptions): EdgexEvent {
  const rows = decodeRows(text)
  const event = emptyEvent()
  let meta: Meta = {}
  if (opts.metadata !== '') {
    for (const row of rows) {
      if (!Object.prototype.hasOwnProperty.call(row, opts.metadata)) continue
      const m = row[opts.metadata]
      if (isRecord(m)) {
        meta = m
        event.device = strVal(m, 'device')
        event.created = intVal(m, 'created')
        event.modified = intVal(m, 'modified')
        event.origin = intVal(m, 'origin')
        event.id = strVal(m, 'id')
        event.pushed = intVal(m, 'pushed')
        break
      }
    }
  }
  if (opts.deviceName !== '') event.device = opts.deviceName
  const readings: EdgexReading[] = []
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (k === opts.metadata) continue
      const r = emptyReading(k, formatGo(v as Value))
      const rm = Object.prototype.hasOwnProperty.call(meta, k) ? meta[k] : undefined
      if (isRecord(rm)) {
        r.created = intVal(rm, 'created')
        r.device = strVal(rm, 'device')
        r.id = strVal(rm, 'id')
        r.modified = intVal(rm, 'modified')
        r.origin = intVal(rm, 'origin')
        r.pushed = intVal(rm, 'pushed')
      }
      readings.push(r)
    }
  }
  event.readings = readings.length === 0 ? null : readings
  return event
}
