// Prometheus exposition (1.0 xstream/nodes/prometheus.go via prom-client): the 15 families
// kuiper_{source,op,sink}_{records_in_total,...} labelled rule/type/op/instance, plus Node's default collectors.

import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import type { RuleManager } from '../rules/rule-manager.js'

const KINDS = ['source', 'op', 'sink'] as const
const COUNTERS = ['records_in_total', 'records_out_total', 'exceptions_total'] as const
const GAUGES = ['process_latency_ms', 'buffer_length'] as const
const LABELS = ['rule', 'type', 'op', 'instance'] as const
type Labels = Record<(typeof LABELS)[number], string>

interface Sample {
  readonly family: string
  readonly labels: Labels
  readonly value: number
}

/** `sink_log_0_0_records_in_total` → kind sink, node `log_0`, instance `0`, metric `records_in_total`. */
export function parseMetricKey(
  key: string,
): { kind: string; op: string; instance: string; metric: string } | undefined {
  for (const metric of [...COUNTERS, ...GAUGES]) {
    if (!key.endsWith(`_${metric}`)) continue
    const head = key.slice(0, -metric.length - 1)
    const kind = KINDS.find((k) => head.startsWith(`${k}_`))
    if (kind === undefined) return undefined
    const rest = head.slice(kind.length + 1)
    const cut = rest.lastIndexOf('_')
    if (cut <= 0) return undefined
    return { kind, op: rest.slice(0, cut), instance: rest.slice(cut + 1), metric }
  }
  return undefined
}

function samples(manager: RuleManager): Sample[] {
  const out: Sample[] = []
  for (const { ruleId, metrics } of manager.runningMetrics()) {
    for (const [key, value] of Object.entries(metrics)) {
      if (typeof value !== 'number') continue
      const p = parseMetricKey(key)
      if (p === undefined) continue
      out.push({
        family: `kuiper_${p.kind}_${p.metric}`,
        labels: { rule: ruleId, type: p.kind, op: p.op, instance: p.instance },
        value,
      })
    }
  }
  return out
}

/** A registry whose rule families are filled from the running rules at each scrape. */
export function createMetricsRegistry(manager: RuleManager): Registry {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  let current: Sample[] = []
  let families = 0
  // The first family collected in a scrape reads the rules once; the others reuse that snapshot.
  const snapshot = (): Sample[] => {
    if (families === 0) current = samples(manager)
    families = (families + 1) % (KINDS.length * (COUNTERS.length + GAUGES.length))
    return current
  }
  for (const kind of KINDS) {
    for (const metric of COUNTERS) {
      const name = `kuiper_${kind}_${metric}`
      new Counter({
        name,
        help: `Kuiper ${kind} ${metric.replaceAll('_', ' ')}`,
        labelNames: LABELS,
        registers: [registry],
        collect() {
          this.reset()
          for (const s of snapshot()) if (s.family === name) this.inc(s.labels, s.value)
        },
      })
    }
    for (const metric of GAUGES) {
      const name = `kuiper_${kind}_${metric}`
      new Gauge({
        name,
        help: `Kuiper ${kind} ${metric.replaceAll('_', ' ')}`,
        labelNames: LABELS,
        registers: [registry],
        collect() {
          this.reset()
          for (const s of snapshot()) if (s.family === name) this.set(s.labels, s.value)
        },
      })
    }
  }
  return registry
}
