// The tracer of one rule (later eKuiper's rule trace): while set on the rule's nodes, each message a source emits
// starts a trace (strategy `always`, or only when its metadata carries a W3C `traceparent`: `head`), and each
// node it reaches adds a span with its input, its outputs and its time. The traces are kept in a ring of
// `ringSize`, oldest dropped. When tracing is off the nodes hold no tracer and pay one undefined check.

import { nodeCrypto } from '../../core/lazy-builtins.js'
import type { Item } from '../../core/collection.js'
import type { Tuple } from '../../core/row.js'
import type { ValueMap } from '../../core/value.js'
import type { SinkPayload } from '../../connectors/api.js'
import { SpanRecord, constituents, itemJson } from './span.js'

export type TraceStrategy = 'always' | 'head'

export const TRACE_STRATEGIES: readonly TraceStrategy[] = ['always', 'head']

/** eKuiper's parent span id of a root span. */
const NO_PARENT = '0000000000000000'

/** Epoch ms with sub-millisecond precision. */
function nowMs(): number {
  return performance.timeOrigin + performance.now()
}

const newTraceId = (): string => nodeCrypto().randomBytes(16).toString('hex')

/** Span ids: a random 8-hex prefix per process and a counter (unique within the process, cheap to make). */
let spanPrefix: string | undefined
let spanSeq = 0
const newSpanId = (): string =>
  (spanPrefix ??= nodeCrypto().randomBytes(4).toString('hex')) +
  (spanSeq = (spanSeq + 1) >>> 0).toString(16).padStart(8, '0')

/** `00-<trace id>-<parent span id>-<flags>` (W3C Trace Context); undefined when `v` is not one. */
function parseTraceparent(v: unknown): { traceId: string; spanId: string } | undefined {
  if (typeof v !== 'string') return undefined
  const m = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(v.trim().toLowerCase())
  return m === null ? undefined : { traceId: m[1]!, spanId: m[2]! }
}

export class RuleTracer {
  /** The span each item traced so far was last handled in: the parent of the next node's span. */
  private contexts = new WeakMap<object, SpanRecord>()
  /** Root spans by trace id, oldest first. */
  private readonly traces = new Map<string, SpanRecord>()

  constructor(
    readonly ruleId: string,
    public strategy: TraceStrategy,
    private readonly ringSize: number,
  ) {}

  /** A source node emitted `tuple`: the root span of a new trace (or of the upstream trace it names). */
  source(stream: string, tuple: Tuple, meta: ValueMap | null): void {
    const upstream = parseTraceparent(meta?.['traceparent'])
    if (upstream === undefined && this.strategy === 'head') return
    const at = nowMs()
    const data = itemJson(tuple)
    const root = new SpanRecord(
      stream,
      upstream?.traceId ?? newTraceId(),
      newSpanId(),
      upstream?.spanId ?? NO_PARENT,
      at,
      data,
    )
    root.outputs.push(data)
    root.end = at
    this.traces.delete(root.traceId)
    this.traces.set(root.traceId, root)
    if (this.traces.size > this.ringSize) this.traces.delete(this.traces.keys().next().value!)
    this.contexts.set(tuple, root)
  }

  /** An operator node was given `item`: its span, under the span that emitted the item; undefined when untraced. */
  begin(node: string, item: Item): SpanRecord | undefined {
    const parent = this.parentOf(item)
    if (parent === undefined) return undefined
    const span = new SpanRecord(node, parent.span.traceId, newSpanId(), parent.span.spanId, nowMs(), itemJson(item))
    if (parent.links.length > 0) span.links = parent.links
    parent.span.children.push(span)
    return span
  }

  /** The node of `span` sent `item` on: recorded as its output, and the item is traced under the span. */
  emitted(span: SpanRecord, item: Item): void {
    span.outputs.push(itemJson(item))
    if (span.end === 0) span.end = nowMs()
    this.contexts.set(item, span)
  }

  /**
   * The node of `span` is done with `item` (a node that emitted ended then: its downstream is not counted). An item
   * the node kept without emitting (a window's row) is traced under its span: what the node emits later from it
   * continues there.
   */
  end(span: SpanRecord, item: Item): void {
    if (span.end === 0) span.end = nowMs()
    if (span.outputs.length === 0) this.contexts.set(item, span)
  }

  /** A sink node encoded `item` into `payloads`: its span, a leaf. */
  sink(node: string, item: Item, payloads: readonly SinkPayload[]): void {
    const span = this.begin(node, item)
    if (span === undefined) return
    for (const p of payloads) span.outputs.push(p.isError ? JSON.stringify({ error: p.error ?? '' }) : p.text)
    span.end = nowMs()
  }

  /** Trace ids, newest first. */
  ids(): string[] {
    return [...this.traces.keys()].reverse()
  }

  get(traceId: string): SpanRecord | undefined {
    return this.traces.get(traceId)
  }

  /** Forgets the items in flight (tracing stopped): what comes later starts no span under an old trace. */
  detach(): void {
    this.contexts = new WeakMap()
  }

  /**
   * The span `item` continues: its own context, else (a window's or join's output, emitted from a timer) the
   * latest traced tuple it was made of, the traces of the others as links.
   */
  private parentOf(item: Item): { span: SpanRecord; links: string[] } | undefined {
    const own = this.contexts.get(item)
    if (own !== undefined) return { span: own, links: [] }
    let latest: SpanRecord | undefined
    const others = new Set<string>()
    for (const t of constituents(item)) {
      const s = this.contexts.get(t)
      if (s === undefined) continue
      if (latest !== undefined) others.add(latest.traceId)
      latest = s
    }
    if (latest === undefined) return undefined
    others.delete(latest.traceId)
    return { span: latest, links: [...others] }
  }
}
