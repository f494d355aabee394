// The traces of every rule (later eKuiper's /rules/{id}/trace and /trace APIs): one tracer per rule traced, with
// its ring of recent traces, kept after the trace is stopped (until the rule is dropped) so they can be read.

import type { SpanJson } from '../runtime/trace/span.js'
import { spanJson } from '../runtime/trace/span.js'
import { RuleTracer } from '../runtime/trace/rule-tracer.js'
import type { TraceStrategy } from '../runtime/trace/rule-tracer.js'

/** Traces kept per rule unless configured (kuiper.yaml `trace.ringSize`). */
export const DEFAULT_TRACE_RING_SIZE = 100

export class RuleTraces {
  private readonly tracers = new Map<string, RuleTracer>()
  /** Rules whose tracer is on (set on their topology whenever it opens). */
  private readonly on = new Set<string>()

  constructor(private readonly ringSize = DEFAULT_TRACE_RING_SIZE) {}

  /** Turns tracing on for a rule (again with another strategy); its earlier traces are kept. */
  start(ruleId: string, strategy: TraceStrategy): RuleTracer {
    let t = this.tracers.get(ruleId)
    if (t === undefined) this.tracers.set(ruleId, (t = new RuleTracer(ruleId, strategy, this.ringSize)))
    t.strategy = strategy
    this.on.add(ruleId)
    return t
  }

  /** Turns tracing off: no new trace; those kept stay readable. */
  stop(ruleId: string): void {
    this.on.delete(ruleId)
    this.tracers.get(ruleId)?.detach()
  }

  /** The tracer to set on a rule's nodes, while its tracing is on. */
  active(ruleId: string): RuleTracer | undefined {
    return this.on.has(ruleId) ? this.tracers.get(ruleId) : undefined
  }

  isOn(ruleId: string): boolean {
    return this.on.has(ruleId)
  }

  /** The rule's trace ids, newest first (none when it was never traced). */
  ids(ruleId: string): string[] {
    return this.tracers.get(ruleId)?.ids() ?? []
  }

  /** One trace as a span tree; undefined when no rule keeps it. */
  get(traceId: string): SpanJson | undefined {
    for (const t of this.tracers.values()) {
      const root = t.get(traceId)
      if (root !== undefined) return spanJson(root, t.ruleId)
    }
    return undefined
  }

  /** The rule was dropped: its traces go with it. */
  drop(ruleId: string): void {
    this.on.delete(ruleId)
    this.tracers.delete(ruleId)
  }
}
