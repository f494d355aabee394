// Per-node-instance statistics with Kuiper 1.0's metric names (xstream/nodes/stats_manager.go):
// `<source|op|sink>_<name>_<instance>_<metric>` for records in/out, exceptions, latency, buffer length, last invocation.

import type { Clock } from '../core/clock.js'
import { sharedConversions } from '../core/shared-conversion.js'

export type NodeType = 'source' | 'op' | 'sink'

/** The metric names of 1.0, in the order the status lists them. */
export const METRIC_NAMES = [
  'records_in_total',
  'records_out_total',
  'exceptions_total',
  'process_latency_ms',
  'buffer_length',
  'last_invocation',
] as const

export type MetricName = (typeof METRIC_NAMES)[number]

/**
 * The time the metrics read, refreshed from the clock once per ingested row, timer callback or async completion:
 * a row crossing the synchronous pipeline costs one clock read, not two per node.
 */
export class MetricTime {
  value: number

  constructor(private readonly clock: Clock) {
    this.value = clock.now()
  }

  refresh(): number {
    return (this.value = this.clock.now())
  }

  /** `refresh`, sharing one clock read between the rules a message is delivered to (see ConversionMemo.now). */
  refreshForDelivery(): number {
    return (this.value = sharedConversions.now(this.clock))
  }

  /**
   * What `refreshForDelivery` would set, without setting it: a fused chain's plain path reads no metric time (it is
   * given `now`), and sets it (`value = now`) before anything else may read it.
   */
  deliveryTime(): number {
    return sharedConversions.now(this.clock)
  }
}

export class StatManager {
  recordsIn = 0
  recordsOut = 0
  exceptions = 0
  processLatencyMs = 0
  bufferLength = 0
  /** Epoch ms of the last ProcessTimeStart; undefined = never (reported as 0, as 1.0 does). */
  lastInvocation: number | undefined
  /**
   * Extra counters beyond 1.0's set (e.g. dropped rows of a source or sink, late rows of an event-time window),
   * appended after the standard ones in the order they were first counted. Made on the first one; a plain object
   * (the names are the runtime's own), a fifth of an empty Map's size.
   */
  private extra: Record<string, number> | undefined
  private processStart = -1

  constructor(
    readonly nodeType: NodeType,
    readonly name: string,
    readonly instance: number,
    private readonly time: MetricTime,
  ) {}

  /** `op_filter_0_` */
  get prefix(): string {
    return `${this.nodeType}_${this.name}_${this.instance}_`
  }

  processTimeStart(): void {
    const now = this.time.value
    this.lastInvocation = now
    this.processStart = now
  }

  processTimeEnd(): void {
    if (this.processStart >= 0) this.processLatencyMs = Math.max(0, Math.floor(this.time.value - this.processStart))
  }

  /**
   * What synchronous runs of the node counted elsewhere in bulk (fused chains), the last at `last`, did to its
   * metrics: records in and out, the last invocation, and a latency of 0 (a synchronous run starts and ends at the
   * same metric time).
   */
  addSynchronousRuns(inputs: number, outputs: number, last: number): void {
    if (inputs === 0) return
    this.recordsIn += inputs
    this.recordsOut += outputs
    // The latest invocation sets the latency: a run through the node after this one (a queued item) keeps its own.
    if (this.lastInvocation === undefined || this.lastInvocation <= last) {
      this.lastInvocation = last
      this.processLatencyMs = 0
    }
  }

  incExceptions(): void {
    this.exceptions++
    this.processStart = -1
  }

  incExtra(name: string, by = 1): void {
    const extra = (this.extra ??= {})
    extra[name] = (extra[name] ?? 0) + by
  }

  /** Adds this instance's metrics to `out` in 1.0's order. */
  collect(out: Record<string, number | string>): void {
    const p = this.prefix
    out[p + 'records_in_total'] = this.recordsIn
    out[p + 'records_out_total'] = this.recordsOut
    out[p + 'exceptions_total'] = this.exceptions
    out[p + 'process_latency_ms'] = this.processLatencyMs
    out[p + 'buffer_length'] = this.bufferLength
    out[p + 'last_invocation'] = this.lastInvocation === undefined ? 0 : formatInvocation(this.lastInvocation)
    const extra = this.extra
    if (extra !== undefined) for (const k of Object.keys(extra)) out[p + k] = extra[k]!
  }
}

/** Go layout `2006-01-02T15:04:05.999999` (trailing zeros of the fraction trimmed), in UTC. */
export function formatInvocation(ms: number): string {
  const iso = new Date(ms).toISOString() // YYYY-MM-DDTHH:mm:ss.sssZ
  let frac = iso.slice(20, 23)
  while (frac.endsWith('0')) frac = frac.slice(0, -1)
  return frac === '' ? iso.slice(0, 19) : iso.slice(0, 19) + '.' + frac
}
