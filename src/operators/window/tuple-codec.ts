// Buffered tuples as bytes, for the segments of a window's snapshot. Column-wise: the rows of a stream share their
// keys, so the messages become one column per key, numbers in a typed array (v8.serialize copies those as one
// block, where it pays ~150 ns per property of an object; integers in the narrowest integer array that holds
// them, since the bytes are what the store spends its time on); timestamps likewise, as offsets from the first;
// emitters as runs. Rows whose keys differ fall back to v8.serialize of the objects. Values keep their types
// (bigint, Date, bytes, nested maps).

import { deserialize, serialize } from 'node:v8'
import { KuiperError } from '../../core/errors.js'
import { setOwn } from '../../core/maps.js'
import { Tuple } from '../../core/row.js'
import type { Value, ValueMap } from '../../core/value.js'

/** Numbers as the narrowest typed array that holds each of them exactly. */
type NumberColumn = Float64Array | Int32Array | Int16Array | Int8Array

/** A column holding one primitive value in every row (a stream's metadata, a device id). */
interface Repeated {
  readonly repeat: Value
}

type Column = NumberColumn | Repeated | readonly Value[]

/** Maps with the same keys in the same order, one column per key. */
interface Columns {
  readonly n: number
  readonly keys: readonly string[]
  readonly cols: readonly Column[]
}

/** One column set, or the maps themselves when their keys differ. */
type EncodedMaps = Columns | readonly (ValueMap | null)[]

/** The rows of one stream: each stream's messages share their keys, not those of the other streams of a join. */
interface EncodedStream {
  readonly emitter: string
  readonly messages: EncodedMaps
  /** null when no row of the stream has metadata. */
  readonly metadata: EncodedMaps | null
}

interface EncodedTuples {
  readonly n: number
  /** [emitter, count, emitter, count...] in row order. */
  readonly emitters: readonly (string | number)[]
  /** Each timestamp less `base`. */
  readonly timestamps: NumberColumn
  readonly base: number
  readonly streams: readonly EncodedStream[]
}

/** One stream's rows while encoding. */
interface StreamRows {
  readonly messages: ValueMap[]
  readonly metadata: (ValueMap | null)[]
  anyMeta: boolean
}

/** The bytes of `tuples[from, to)`. */
export function encodeTuples(tuples: readonly Tuple[], from = 0, to = tuples.length): Uint8Array {
  const n = to - from
  const emitters: (string | number)[] = []
  const timestamps: number[] = new Array<number>(n)
  const streams = new Map<string, StreamRows>()
  let rows: StreamRows | undefined
  let run = ''
  let runLength = 0
  for (let i = 0; i < n; i++) {
    const t = tuples[from + i]!
    if (t.emitter !== run || rows === undefined) {
      if (runLength > 0) emitters.push(run, runLength)
      run = t.emitter
      runLength = 0
      rows = streams.get(run)
      if (rows === undefined) streams.set(run, (rows = { messages: [], metadata: [], anyMeta: false }))
    }
    runLength++
    timestamps[i] = t.timestamp
    rows.messages.push(t.message)
    rows.metadata.push(t.metadata)
    if (t.metadata !== null) rows.anyMeta = true
  }
  if (runLength > 0) emitters.push(run, runLength)
  // Offsets are exact only between integers.
  const base = n > 0 && timestamps.every(Number.isSafeInteger) ? timestamps[0]! : 0
  if (base !== 0) for (let i = 0; i < n; i++) timestamps[i]! -= base
  const encoded: EncodedTuples = {
    n,
    emitters,
    timestamps: packNumbers(timestamps),
    base,
    streams: [...streams].map(([emitter, r]) => ({
      emitter,
      messages: toColumns(r.messages) ?? r.messages,
      metadata: r.anyMeta ? (toColumns(r.metadata) ?? r.metadata) : null,
    })),
  }
  return serialize(encoded)
}

/** The tuples `encodeTuples` wrote. */
export function decodeTuples(bytes: Uint8Array): Tuple[] {
  const e = deserialize(bytes) as Partial<EncodedTuples>
  if (
    typeof e !== 'object' ||
    e === null ||
    typeof e.n !== 'number' ||
    !Array.isArray(e.emitters) ||
    !isNumberColumn(e.timestamps) ||
    e.timestamps.length !== e.n ||
    typeof e.base !== 'number' ||
    !Array.isArray(e.streams)
  ) {
    throw invalidSegment()
  }
  const n = e.n
  const base = e.base
  // Per stream, its decoded rows and how many of them are placed so far.
  const streams = new Map<
    string,
    { messages: readonly (ValueMap | null)[]; metadata?: readonly (ValueMap | null)[]; next: number }
  >()
  for (const st of e.streams as readonly Partial<EncodedStream>[]) {
    if (typeof st !== 'object' || st === null || typeof st.emitter !== 'string' || st.messages === undefined) {
      throw invalidSegment()
    }
    const messages = fromMaps(st.messages)
    const metadata = st.metadata === null || st.metadata === undefined ? undefined : fromMaps(st.metadata)
    streams.set(st.emitter, { messages, ...(metadata !== undefined ? { metadata } : {}), next: 0 })
  }
  const out: Tuple[] = []
  for (let r = 0; r + 1 < e.emitters.length; r += 2) {
    const emitter = e.emitters[r]
    const count = e.emitters[r + 1]
    const st = typeof emitter === 'string' ? streams.get(emitter) : undefined
    if (st === undefined || typeof count !== 'number') throw invalidSegment()
    for (let k = 0; k < count && out.length < n; k++) {
      const message = st.messages[st.next]
      if (message === null || message === undefined) throw invalidSegment()
      out.push(new Tuple(emitter as string, message, e.timestamps[out.length]! + base, st.metadata?.[st.next] ?? null))
      st.next++
    }
  }
  if (out.length !== n) throw invalidSegment()
  return out
}

function invalidSegment(): KuiperError {
  return new KuiperError('STATE_ERROR', 'restore window state `log` error, invalid segment')
}

/** The maps as columns when they all have the same keys in the same order; undefined otherwise. */
function toColumns(maps: readonly (ValueMap | null)[]): Columns | undefined {
  const first = maps[0]
  if (first === null || first === undefined) return undefined
  const keys = Object.keys(first)
  const width = keys.length
  const cols: Value[][] = keys.map(() => new Array<Value>(maps.length))
  const numeric: boolean[] = keys.map(() => true)
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i]
    if (m === null || m === undefined) return undefined
    let j = 0
    for (const k in m) {
      if (j >= width || k !== keys[j]) return undefined
      const v = m[k]
      cols[j]![i] = v
      if (typeof v !== 'number') numeric[j] = false
      j++
    }
    if (j !== width) return undefined
  }
  return {
    n: maps.length,
    keys,
    cols: cols.map((c, j) => (numeric[j] ? packNumbers(c as number[]) : (repeated(c) ?? c))),
  }
}

/** The column as one repeated value when every row holds the same primitive. */
function repeated(values: readonly Value[]): Repeated | undefined {
  const first = values[0]
  if (typeof first === 'object' && first !== null) return undefined
  for (const v of values) if (v !== first) return undefined
  return { repeat: first }
}

/** Integers (not −0) in the narrowest integer array, anything else in a Float64Array. */
function packNumbers(values: readonly number[]): NumberColumn {
  let min = 0
  let max = 0
  for (const v of values) {
    if (!Number.isInteger(v) || Object.is(v, -0)) return Float64Array.from(values)
    if (v < min) min = v
    else if (v > max) max = v
  }
  if (min >= -0x80 && max < 0x80) return Int8Array.from(values)
  if (min >= -0x8000 && max < 0x8000) return Int16Array.from(values)
  if (min >= -0x80000000 && max < 0x80000000) return Int32Array.from(values)
  return Float64Array.from(values)
}

function isNumberColumn(v: unknown): v is NumberColumn {
  return v instanceof Float64Array || v instanceof Int32Array || v instanceof Int16Array || v instanceof Int8Array
}

function fromMaps(e: EncodedMaps): readonly (ValueMap | null)[] {
  if (Array.isArray(e)) return e as readonly (ValueMap | null)[]
  const { n, keys, cols } = e as Columns
  if (typeof n !== 'number' || !Array.isArray(keys) || !Array.isArray(cols) || cols.length !== keys.length) {
    throw invalidSegment()
  }
  const columns = cols.map((c): ((i: number) => Value) => {
    if (isNumberColumn(c) || Array.isArray(c)) return (i) => (c as readonly Value[])[i]
    if (typeof c === 'object' && c !== null && 'repeat' in c) return () => c.repeat
    throw invalidSegment()
  })
  const out: ValueMap[] = new Array<ValueMap>(n)
  for (let i = 0; i < n; i++) {
    const m: ValueMap = {}
    for (let j = 0; j < keys.length; j++) setOwn(m, keys[j]!, columns[j]!(i))
    out[i] = m
  }
  return out
}
