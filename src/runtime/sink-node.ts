// Sink node (1.0 xstream/nodes/sink_node.go): turns each result or error into a payload (the JSON array of the rows,
// or `[{"error":"<message>"}]`) and hands it to the Sink, keeping at most `concurrency` async collects in flight.

import type { Clock } from '../core/clock.js'
import type { Item } from '../core/collection.js'
import { ErrorItem, ResultRows } from '../core/collection.js'
import { Tuple } from '../core/row.js'
import type { Sink, SinkContext } from '../connectors/api.js'
import { SinkPayload } from '../connectors/api.js'
import { StatManager } from './metrics.js'
import type { MetricTime } from './metrics.js'
import type { Activity } from './node.js'
import { RuntimeNode } from './node.js'

export interface SinkNodeOptions {
  readonly ruleId: string
  /** Sink name: node id `sink_<name>`. */
  readonly name: string
  readonly sink: Sink
  readonly clock: Clock
  readonly time: MetricTime
  readonly bufferLength: number
  readonly concurrency: number
}

/** The payload of an item reaching a sink. */
export function toPayload(item: Item): SinkPayload {
  if (item instanceof ResultRows) return new SinkPayload(item.rows)
  if (item instanceof ErrorItem) return new SinkPayload(undefined, item.error.message)
  if (item instanceof Tuple) return new SinkPayload([item.message])
  return new SinkPayload(undefined, `unexpected item ${item.constructor.name} at the sink`)
}

export class SinkNode extends RuntimeNode {
  readonly name: string
  readonly stats: StatManager
  private readonly sink: Sink
  private readonly ctx: SinkContext
  private readonly concurrency: number
  private readonly time: MetricTime
  private inFlight = 0
  private opened = false

  constructor(opts: SinkNodeOptions, activity: Activity) {
    super(`sink_${opts.name}`, Math.max(1, opts.bufferLength), activity)
    this.name = opts.name
    this.sink = opts.sink
    this.concurrency = Math.max(1, opts.concurrency)
    this.time = opts.time
    this.stats = new StatManager('sink', opts.name, 0, opts.time)
    this.ctx = { ruleId: opts.ruleId, sinkName: opts.name, clock: opts.clock }
  }

  async open(): Promise<void> {
    await this.sink.open?.(this.ctx)
    this.opened = true
  }

  async close(): Promise<void> {
    this.closed = true
    this.clearQueue()
    if (this.opened) {
      this.opened = false
      await this.sink.close?.(this.ctx)
    }
  }

  protected override ready(): boolean {
    return this.inFlight < this.concurrency
  }

  protected handle(item: Item): void {
    const stats = this.stats
    stats.recordsIn++
    stats.processTimeStart()
    let result: void | Promise<void>
    try {
      result = this.sink.collect(this.ctx, toPayload(item))
    } catch {
      stats.incExceptions()
      return
    }
    if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
      this.inFlight++
      this.activity.inc()
      ;(result as Promise<void>).then(this.onSent, this.onFailed)
      return
    }
    stats.recordsOut++
    stats.processTimeEnd()
  }

  private readonly onSent = (): void => {
    this.time.refresh()
    this.stats.recordsOut++
    this.stats.processTimeEnd()
    this.settle()
  }

  private readonly onFailed = (): void => {
    this.time.refresh()
    this.stats.incExceptions()
    this.settle()
  }

  private settle(): void {
    this.inFlight--
    this.drain()
    this.activity.dec()
  }
}
