// EdgeX Event / Reading of go-mod-core-contracts v0.1.80 (EdgeX Hanoi, API v1): decoding the JSON core-data
// publishes (Go field matching: exact name, then case-insensitive) and encoding as its MarshalJSON does (empty
// fields omitted, int64 timestamps).

import { toJson } from '../../core/json.js'
import type { JsonIntValue } from './json-int.js'
import { parseJsonInt } from './json-int.js'

export interface EdgexReading {
  id: string
  pushed: bigint
  created: bigint
  origin: bigint
  modified: bigint
  device: string
  name: string
  value: string
  valueType: string
  floatEncoding: string
  binaryValue: Uint8Array | null
  mediaType: string
}

export interface EdgexEvent {
  id: string
  pushed: bigint
  device: string
  created: bigint
  modified: bigint
  origin: bigint
  /** null = Go nil slice (no readings). */
  readings: EdgexReading[] | null
  tags: Record<string, string> | null
}

export function emptyReading(name = '', value = ''): EdgexReading {
  return {
    id: '',
    pushed: 0n,
    created: 0n,
    origin: 0n,
    modified: 0n,
    device: '',
    name,
    value,
    valueType: '',
    floatEncoding: '',
    binaryValue: null,
    mediaType: '',
  }
}

export function emptyEvent(): EdgexEvent {
  return { id: '', pushed: 0n, device: '', created: 0n, modified: 0n, origin: 0n, readings: null, tags: null }
}

type JsonObject = { [key: string]: JsonIntValue }

function isObject(v: JsonIntValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Go's encoding/json field matching: the exact key wins, else the first case-insensitive match. */
function field(o: JsonObject, name: string): JsonIntValue | undefined {
  if (Object.prototype.hasOwnProperty.call(o, name)) return o[name]
  const lower = name.toLowerCase()
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k]
  return undefined
}

function str(o: JsonObject, name: string, where: string): string {
  const v = field(o, name)
  if (v === undefined || v === null) return ''
  if (typeof v !== 'string')
    throw new Error(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${where}.${name} of type string`)
  return v
}

const INT64_MIN = -(1n << 63n)
const INT64_MAX = (1n << 63n) - 1n

function int64(o: JsonObject, name: string, where: string): bigint {
  const v = field(o, name)
  if (v === undefined || v === null) return 0n
  if (typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX) return v
  throw new Error(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${where}.${name} of type int64`)
}

function jsonKind(v: JsonIntValue): string {
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'bigint' || typeof v === 'number') return `number ${String(v)}`
  if (typeof v === 'object') return v === null ? 'null' : 'object'
  return typeof v
}

function decodeReading(o: JsonIntValue): EdgexReading {
  if (!isObject(o)) throw new Error(`json: cannot unmarshal ${jsonKind(o)} into Go value of type models.Reading`)
  const bin = field(o, 'binaryValue')
  let binaryValue: Uint8Array | null = null
  if (typeof bin === 'string') binaryValue = decodeBase64Strict(bin)
  else if (bin !== undefined && bin !== null)
    throw new Error(`json: cannot unmarshal ${jsonKind(bin)} into Go struct field Reading.binaryValue of type []uint8`)
  return {
    id: str(o, 'id', 'Reading'),
    pushed: int64(o, 'pushed', 'Reading'),
    created: int64(o, 'created', 'Reading'),
    origin: int64(o, 'origin', 'Reading'),
    modified: int64(o, 'modified', 'Reading'),
    device: str(o, 'device', 'Reading'),
    name: str(o, 'name', 'Reading'),
    value: str(o, 'value', 'Reading'),
    valueType: str(o, 'valueType', 'Reading'),
    floatEncoding: str(o, 'floatEncoding', 'Reading'),
    binaryValue,
    mediaType: str(o, 'mediaType', 'Reading'),
  }
}

/** Decodes an EdgeX event from its JSON bytes or text; throws on malformed JSON or mistyped fields. */
export function decodeEvent(payload: Uint8Array | string): EdgexEvent {
  const text = typeof payload === 'string' ? payload : new TextDecoder().decode(payload)
  const o = parseJsonInt(text)
  if (!isObject(o)) throw new Error(`json: cannot unmarshal ${jsonKind(o)} into Go value of type models.Event`)
  const rs = field(o, 'readings')
  let readings: EdgexReading[] | null = null
  if (Array.isArray(rs)) readings = rs.map(decodeReading)
  else if (rs !== undefined && rs !== null)
    throw new Error(
      `json: cannot unmarshal ${jsonKind(rs)} into Go struct field Event.readings of type []models.Reading`,
    )
  const tg = field(o, 'tags')
  let tags: Record<string, string> | null = null
  if (isObject(tg)) {
    tags = {}
    for (const [k, v] of Object.entries(tg)) {
      if (typeof v !== 'string' && v !== null)
        throw new Error(`json: cannot unmarshal ${jsonKind(v)} into Go struct field Event.tags of type string`)
      tags[k] = v ?? ''
    }
  } else if (tg !== undefined && tg !== null) {
    throw new Error(`json: cannot unmarshal ${jsonKind(tg)} into Go struct field Event.tags of type map[string]string`)
  }
  return {
    id: str(o, 'id', 'Event'),
    pushed: int64(o, 'pushed', 'Event'),
    device: str(o, 'device', 'Event'),
    created: int64(o, 'created', 'Event'),
    modified: int64(o, 'modified', 'Event'),
    origin: int64(o, 'origin', 'Event'),
    readings,
    tags,
  }
}

/** Go's base64.StdEncoding.DecodeString: padded standard alphabet only. */
export function decodeBase64Strict(s: string): Uint8Array {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s))
    throw new Error(`illegal base64 data in ${JSON.stringify(s)}`)
  return new Uint8Array(Buffer.from(s, 'base64'))
}

// The JSON of models.Event / models.Reading (v0.1.80 MarshalJSON: omitempty everywhere, this key order).
export function encodeEvent(e: EdgexEvent): string {
  const parts: string[] = []
  if (e.id !== '') parts.push(`"id":${toJson(e.id)}`)
  if (e.pushed !== 0n) parts.push(`"pushed":${e.pushed}`)
  if (e.device !== '') parts.push(`"device":${toJson(e.device)}`)
  if (e.created !== 0n) parts.push(`"created":${e.created}`)
  if (e.modified !== 0n) parts.push(`"modified":${e.modified}`)
  if (e.origin !== 0n) parts.push(`"origin":${e.origin}`)
  if (e.readings !== null && e.readings.length > 0)
    parts.push(`"readings":[${e.readings.map(encodeReading).join(',')}]`)
  if (e.tags !== null && Object.keys(e.tags).length > 0) {
    const keys = Object.keys(e.tags).sort()
    parts.push(`"tags":{${keys.map((k) => `${toJson(k)}:${toJson(e.tags?.[k] ?? '')}`).join(',')}}`)
  }
  return `{${parts.join(',')}}`
}

function encodeReading(r: EdgexReading): string {
  const parts: string[] = []
  if (r.id !== '') parts.push(`"id":${toJson(r.id)}`)
  if (r.pushed !== 0n) parts.push(`"pushed":${r.pushed}`)
  if (r.created !== 0n) parts.push(`"created":${r.created}`)
  if (r.origin !== 0n) parts.push(`"origin":${r.origin}`)
  if (r.modified !== 0n) parts.push(`"modified":${r.modified}`)
  if (r.device !== '') parts.push(`"device":${toJson(r.device)}`)
  if (r.name !== '') parts.push(`"name":${toJson(r.name)}`)
  if (r.value !== '') parts.push(`"value":${toJson(r.value)}`)
  if (r.valueType !== '') parts.push(`"valueType":${toJson(r.valueType)}`)
  if (r.floatEncoding !== '') parts.push(`"floatEncoding":${toJson(r.floatEncoding)}`)
  if (r.binaryValue !== null && r.binaryValue.length > 0)
    parts.push(`"binaryValue":"${Buffer.from(r.binaryValue).toString('base64')}"`)
  if (r.mediaType !== '') parts.push(`"mediaType":${toJson(r.mediaType)}`)
  return `{${parts.join(',')}}`
}
