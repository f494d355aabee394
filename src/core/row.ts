// The rows that flow between operators, as in Kuiper 1.0's xsql: a Tuple is one message from one stream,
// a JoinTuple is one joined row made of several tuples. Expressions read both through the `Row` interface.

import type { Value, ValueMap } from './value.js'

/** Anything an expression can read columns and metadata from. */
export interface Row {
  /** Column `key`, from `stream` when given (joins); exact key first, then case-insensitive. */
  value(key: string, stream?: string): Value
  /** Source metadata `key` (MQTT topic, EdgeX device...). */
  meta(key: string, stream?: string): Value
  /** All columns (of `stream` when given): what `*` and `collect(*)` see. */
  all(stream?: string): ValueMap
  /** All metadata, for `meta(*)`. */
  allMeta(stream?: string): ValueMap
  /** Processing or event time in epoch ms. */
  readonly timestamp: number
}

/** Case-insensitive fallback lookup of Kuiper 1.0's Message.Value: exact key first, then any case. */
export function lookupField(message: ValueMap, key: string): Value {
  const v = message[key]
  if (v !== undefined || Object.prototype.hasOwnProperty.call(message, key)) return v
  const lower = key.toLowerCase()
  for (const k in message) {
    if (k.toLowerCase() === lower) return message[k]
  }
  return undefined
}

export class Tuple implements Row {
  constructor(
    readonly emitter: string,
    public message: ValueMap,
    public timestamp: number,
    public metadata: ValueMap | null = null,
  ) {}

  // A Tuple belongs to one stream, so a stream qualifier does not change the lookup (as in 1.0).
  value(key: string): Value {
    return lookupField(this.message, key)
  }

  meta(key: string): Value {
    return this.metadata === null ? undefined : lookupField(this.metadata, key)
  }

  all(): ValueMap {
    return this.message
  }

  allMeta(): ValueMap {
    return this.metadata ?? {}
  }
}

/** One joined row: the tuples of the joined streams, in join order. */
export class JoinTuple implements Row {
  constructor(readonly tuples: Tuple[]) {}

  get timestamp(): number {
    return this.tuples[0]?.timestamp ?? 0
  }

  private tupleOf(stream: string): Tuple | undefined {
    for (const t of this.tuples) if (t.emitter === stream) return t
    const lower = stream.toLowerCase()
    for (const t of this.tuples) if (t.emitter.toLowerCase() === lower) return t
    return undefined
  }

  value(key: string, stream?: string): Value {
    if (stream !== undefined && stream !== '') return this.tupleOf(stream)?.value(key)
    for (const t of this.tuples) {
      const v = t.value(key)
      if (v !== undefined) return v
    }
    return undefined
  }

  meta(key: string, stream?: string): Value {
    if (stream !== undefined && stream !== '') return this.tupleOf(stream)?.meta(key)
    for (const t of this.tuples) {
      const v = t.meta(key)
      if (v !== undefined) return v
    }
    return undefined
  }

  /** Without a stream: all columns merged, the first stream winning on a key clash (1.0 behaviour). */
  all(stream?: string): ValueMap {
    if (stream !== undefined && stream !== '') return this.tupleOf(stream)?.message ?? {}
    const out: ValueMap = {}
    for (let i = this.tuples.length - 1; i >= 0; i--) Object.assign(out, this.tuples[i]!.message)
    return out
  }

  allMeta(stream?: string): ValueMap {
    if (stream !== undefined && stream !== '') return this.tupleOf(stream)?.allMeta() ?? {}
    const out: ValueMap = {}
    for (let i = this.tuples.length - 1; i >= 0; i--) Object.assign(out, this.tuples[i]!.allMeta())
    return out
  }
}
