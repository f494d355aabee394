// Event time for a window (1.0's WatermarkGenerator, per FORMAT.md §4.1.5): tracks each stream's largest event time;
// watermark = min over the rule's streams − lateTolerance, raised after the row that lifts it; older rows are dropped.

import type { Item } from '../core/collection.js'
import { Tuple } from '../core/row.js'
import type { Emit, Operator, OperatorContext } from './operator.js'
import type { WatermarkSpec } from '../core/topology-spec.js'

export class WatermarkOperator implements Operator {
  private readonly maxTs = new Map<string, number>()
  private readonly streams: readonly string[]
  private readonly lateTolerance: number
  private last: number | undefined

  constructor(
    private readonly inner: Operator,
    spec: WatermarkSpec,
    private readonly onLate: () => void = () => undefined,
  ) {
    this.streams = spec.streams
    this.lateTolerance = spec.lateTolerance
  }

  /** The current watermark; undefined until every stream has been seen. */
  get watermark(): number | undefined {
    return this.last
  }

  process(item: Item, out: Emit, ctx: OperatorContext): void {
    if (!(item instanceof Tuple)) {
      this.inner.process(item, out, ctx)
      return
    }
    const ts = item.timestamp
    if (this.last !== undefined && ts < this.last) {
      this.onLate()
      return
    }
    const prev = this.maxTs.get(item.emitter)
    if (prev === undefined || ts > prev) this.maxTs.set(item.emitter, ts)
    this.inner.process(item, out, ctx)
    const wm = this.compute()
    if (wm !== undefined && (this.last === undefined || wm > this.last)) {
      this.last = wm
      this.inner.onWatermark?.(wm, out, ctx)
    }
  }

  open(ctx: OperatorContext, out: Emit): void {
    this.inner.open?.(ctx, out)
  }

  onWatermark(watermark: number, out: Emit, ctx: OperatorContext): void {
    this.inner.onWatermark?.(watermark, out, ctx)
  }

  snapshot(): unknown {
    return { maxTs: [...this.maxTs], last: this.last, inner: this.inner.snapshot?.() }
  }

  restore(state: unknown): void {
    const s = state as { maxTs: [string, number][]; last: number | undefined; inner: unknown }
    this.maxTs.clear()
    for (const [k, v] of s.maxTs) this.maxTs.set(k, v)
    this.last = s.last
    if (s.inner !== undefined) this.inner.restore?.(s.inner)
  }

  close(): void {
    this.inner.close?.()
  }

  private compute(): number | undefined {
    let min = Infinity
    for (const s of this.streams) {
      const v = this.findMax(s)
      if (v === undefined) return undefined
      if (v < min) min = v
    }
    return min === Infinity ? undefined : min - this.lateTolerance
  }

  private findMax(stream: string): number | undefined {
    const v = this.maxTs.get(stream)
    if (v !== undefined) return v
    const lower = stream.toLowerCase()
    for (const [k, ts] of this.maxTs) if (k.toLowerCase() === lower) return ts
    return undefined
  }
}
