// The row a join's ON condition is evaluated on, with 1.0's MultiValuer lookup: parts are asked in order and the
// first that has the key wins. A lone tuple ignores a stream qualifier (Message.Value drops it); a joined row picks
// the tuple of that emitter. Keys are matched lower-case first, then ignoring case.

import { setOwn } from '../core/maps.js'
import type { Row, Tuple } from '../core/row.js'
import type { Value, ValueMap } from '../core/value.js'

/** A part of a MultiValuer: one tuple, or the tuples of a joined row. */
export type ValuerPart = { readonly tuple: Tuple } | { readonly tuples: readonly Tuple[] }

interface Hit {
  readonly found: boolean
  readonly value: Value
}

const MISS: Hit = { found: false, value: undefined }

function messageValue(m: ValueMap | null, key: string): Hit {
  if (m === null) return MISS
  const lower = key.toLowerCase()
  if (Object.prototype.hasOwnProperty.call(m, lower)) return { found: true, value: m[lower] }
  for (const k of Object.keys(m)) if (k.toLowerCase() === lower) return { found: true, value: m[k] }
  return MISS
}

function tupleValue(t: Tuple, key: string, meta: boolean): Hit {
  return messageValue(meta ? t.metadata : t.message, key)
}

function partValue(p: ValuerPart, key: string, stream: string | undefined, meta: boolean): Hit {
  if ('tuple' in p) return tupleValue(p.tuple, key, meta)
  const tuples = p.tuples
  if (stream !== undefined && stream !== '') {
    for (const t of tuples) if (t.emitter === stream) return tupleValue(t, key, meta)
    return MISS
  }
  if (tuples.length === 1) return tupleValue(tuples[0]!, key, meta)
  for (const t of tuples) {
    const hit = tupleValue(t, key, meta)
    if (hit.found) return hit
  }
  return MISS
}

export class MultiRow implements Row {
  constructor(private readonly parts: readonly ValuerPart[]) {}

  get timestamp(): number {
    const p = this.parts[0]
    if (p === undefined) return 0
    return 'tuple' in p ? p.tuple.timestamp : (p.tuples[0]?.timestamp ?? 0)
  }

  value(key: string, stream?: string): Value {
    for (const p of this.parts) {
      const hit = partValue(p, key, stream, false)
      if (hit.found) return hit.value
    }
    return undefined
  }

  meta(key: string, stream?: string): Value {
    for (const p of this.parts) {
      const hit = partValue(p, key, stream, true)
      if (hit.found) return hit.value
    }
    return undefined
  }

  all(stream?: string): ValueMap {
    return this.merge(stream, (t) => t.message)
  }

  allMeta(stream?: string): ValueMap {
    return this.merge(stream, (t) => t.metadata ?? {})
  }

  /** 1.0's JoinTuple.All: the tuple of `stream`, or every tuple merged with the first one winning on a clash. */
  private merge(stream: string | undefined, pick: (t: Tuple) => ValueMap): ValueMap {
    const tuples = this.parts.flatMap((p) => ('tuple' in p ? [p.tuple] : p.tuples))
    if (stream !== undefined && stream !== '') {
      const t = tuples.find((x) => x.emitter === stream)
      return t === undefined ? {} : pick(t)
    }
    const out: ValueMap = {}
    for (const t of tuples) {
      const m = pick(t)
      for (const k of Object.keys(m)) if (!Object.prototype.hasOwnProperty.call(out, k)) setOwn(out, k, m[k])
    }
    return out
  }
}
