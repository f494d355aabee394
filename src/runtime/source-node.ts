// Source node (1.0 xstream/nodes/source_node.go): receives decoded messages from a Source connector, stamps each
// as a Tuple of its stream with the processing time, and hands it downstream.

import type { Clock } from '../core/clock.js'
import type { Item } from '../core/collection.js'
import { Tuple } from '../core/row.js'
import type { ValueMap } from '../core/value.js'
import type { Source, SourceContext } from '../connectors/api.js'
import { StatManager } from './metrics.js'
import type { MetricTime } from './metrics.js'
import type { Activity } from './node.js'
import { RuntimeNode } from './node.js'

export interface SourceNodeOptions {
  readonly ruleId: string
  /** The stream name: node id `source_<stream>`, tuple emitter. */
  readonly stream: string
  readonly source: Source
  readonly clock: Clock
  readonly time: MetricTime
  readonly bufferLength: number
}

export class SourceNode extends RuntimeNode {
  readonly stream: string
  readonly stats: StatManager
  private readonly source: Source
  private readonly time: MetricTime
  private readonly ctx: SourceContext
  private opened = false

  constructor(opts: SourceNodeOptions, activity: Activity) {
    super(`source_${opts.stream}`, Math.max(1, opts.bufferLength), activity)
    this.stream = opts.stream
    this.source = opts.source
    this.time = opts.time
    this.stats = new StatManager('source', opts.stream, 0, opts.time)
    this.ctx = {
      ruleId: opts.ruleId,
      stream: opts.stream,
      clock: opts.clock,
      error: () => {
        this.time.refresh()
        this.stats.incExceptions()
      },
    }
  }

  async open(): Promise<void> {
    this.opened = true
    await this.source.open(this.ctx, this.ingest)
  }

  async close(): Promise<void> {
    this.closed = true
    this.clearQueue()
    if (this.opened) {
      this.opened = false
      await this.source.close(this.ctx)
    }
  }

  /** The connector's emit: one decoded message (bound once). */
  readonly ingest = (message: ValueMap, meta?: ValueMap | null): void => {
    if (this.closed) return
    const now = this.time.refresh()
    const stats = this.stats
    stats.recordsIn++
    stats.processTimeStart()
    this.receive(new Tuple(this.stream, message, now, meta ?? null))
  }

  protected handle(item: Item): void {
    this.broadcast(item)
    this.stats.recordsOut++
    this.stats.processTimeEnd()
  }
}
