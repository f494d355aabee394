// A rule's status as 1.0 reports it (GET /rules/{id}/status): flat keys `<kind>_<name>_<instance>_<metric>`
// (`source_demo_0_records_in_total`, `op_filter_0_process_latency_ms`), grouped here by operator, and a bounded
// history of samples for the charts.

export const METRICS = [
  'records_in_total',
  'records_out_total',
  'exceptions_total',
  'process_latency_ms',
  'buffer_length',
  'last_invocation',
  'last_exception_time',
  'last_exception',
] as const

export type MetricName = (typeof METRICS)[number]
export type OperatorMetrics = Partial<Record<MetricName, number | string>>

/** The operators of a status, in the order the server lists them (sources, operators, sinks). */
export function byOperator(status: Readonly<Record<string, unknown>>): Map<string, OperatorMetrics> {
  const out = new Map<string, OperatorMetrics>()
  for (const [key, value] of Object.entries(status)) {
    // Longest names first: last_exception_time before last_exception.
    const metric = [...METRICS].sort((a, b) => b.length - a.length).find((m) => key.endsWith(`_${m}`))
    if (metric === undefined) continue
    const op = key.slice(0, key.length - metric.length - 1)
    const m = out.get(op) ?? {}
    m[metric] = value as number | string
    out.set(op, m)
  }
  return out
}

export interface Sample {
  /** Seconds since the epoch. */
  readonly time: number
  readonly ops: ReadonlyMap<string, OperatorMetrics>
}

/** Adds a sample and drops those older than `windowSeconds` before it. */
export function addSample(history: readonly Sample[], sample: Sample, windowSeconds: number): Sample[] {
  return [...history, sample].filter((s) => s.time >= sample.time - windowSeconds)
}

/** [times, values of each metric] of one operator, for a chart. */
export function seriesOf(history: readonly Sample[], op: string, metrics: readonly MetricName[]): number[][] {
  return [history.map((s) => s.time), ...metrics.map((m) => history.map((s) => Number(s.ops.get(op)?.[m] ?? 0)))]
}
