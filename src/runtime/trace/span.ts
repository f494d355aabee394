// A span of a rule's trace (later eKuiper's /trace API): one per node a traced message went through, with what the
// node was given, what it sent on and when; the source's span is the root. Rendered with eKuiper's field names.

import { toJson } from '../../core/json.js'
import type { Item } from '../../core/collection.js'
import { ErrorItem, GroupedRows, JoinRows, ResultRows, WindowTuples } from '../../core/collection.js'
import { Tuple } from '../../core/row.js'
import { JoinTuple } from '../../core/row.js'
import type { Row } from '../../core/row.js'

export class SpanRecord {
  readonly children: SpanRecord[] = []
  /** The JSON text of each item the node sent on for this message. */
  readonly outputs: string[] = []
  end = 0
  /** Traces of the other messages of a window or join this span's item was made of (eKuiper's Links). */
  links: string[] | undefined

  constructor(
    readonly name: string,
    readonly traceId: string,
    readonly spanId: string,
    readonly parentSpanId: string,
    /** Epoch ms, with the sub-millisecond part of the high-resolution clock. */
    readonly start: number,
    /** The JSON text of what the node was given. */
    readonly input: string | undefined,
  ) {}
}

/** The JSON shape of `GET /trace/{traceId}` (eKuiper's capitalised field names). */
export interface SpanJson {
  readonly Name: string
  readonly TraceID: string
  readonly SpanID: string
  readonly ParentSpanID: string
  readonly RuleID: string
  /** `data`: what the node sent on (one item's JSON, or a JSON array of them); `input`: what it was given. */
  readonly Attribute: Readonly<Record<string, string>> | null
  readonly Links: readonly { readonly TraceID: string }[] | null
  readonly StartTime: string
  readonly EndTime: string
  readonly ChildSpan: readonly SpanJson[]
}

export function spanJson(s: SpanRecord, ruleId: string): SpanJson {
  const attr: Record<string, string> = {}
  if (s.input !== undefined) attr['input'] = s.input
  if (s.outputs.length === 1) attr['data'] = s.outputs[0]!
  else if (s.outputs.length > 1) attr['data'] = `[${s.outputs.join(',')}]`
  return {
    Name: s.name,
    TraceID: s.traceId,
    SpanID: s.spanId,
    ParentSpanID: s.parentSpanId,
    RuleID: ruleId,
    Attribute: Object.keys(attr).length > 0 ? attr : null,
    Links: s.links === undefined ? null : s.links.map((t) => ({ TraceID: t })),
    StartTime: rfc3339Micro(s.start),
    EndTime: rfc3339Micro(s.end),
    ChildSpan: s.children.map((c) => spanJson(c, ruleId)),
  }
}

/** `2026-12-06T06:40:01.123456Z`. */
function rfc3339Micro(ms: number): string {
  const whole = Math.floor(ms)
  const micros = Math.floor((ms - whole) * 1000)
  return new Date(whole).toISOString().replace('Z', `${String(micros).padStart(3, '0')}Z`)
}

/** The JSON text of an item as a trace shows it. */
export function itemJson(item: Item): string {
  if (item instanceof Tuple) return toJson(item.message)
  if (item instanceof ResultRows) return toJson(item.rows)
  if (item instanceof ErrorItem) return JSON.stringify({ error: item.error.message })
  if (item instanceof WindowTuples) return toJson(item.rows().map((t) => t.message))
  if (item instanceof JoinRows) return toJson(item.rows.map((r) => r.all()))
  if (item instanceof GroupedRows) return toJson(item.groups.map((g) => g.map((r) => r.all())))
  return '{}'
}

/** The tuples an item was made of, whose own traces it continues (a window's, a join's, a group's). */
export function constituents(item: Item): readonly Tuple[] {
  if (item instanceof WindowTuples) return item.rows()
  if (item instanceof JoinRows) return item.rows.flatMap((r) => r.tuples)
  if (item instanceof GroupedRows) return item.groups.flat().flatMap(tuplesOf)
  return []
}

function tuplesOf(r: Row): readonly Tuple[] {
  if (r instanceof Tuple) return [r]
  if (r instanceof JoinTuple) return r.tuples
  return []
}
