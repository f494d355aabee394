// Source node (1.0 xstream/nodes/source_node.go): receives decoded messages from a Source connector, stamps each
// as a Tuple of its stream with the processing time, and hands it downstream. With qos > 0 it injects the
// checkpoint barriers, saving the source's offset (rewindable sources) and extension state with each.
// Its queue never holds more than bufferLength messages: a source that can stop reading waits for room (SourceFlow);
// what another source emits into a full queue replaces the oldest queued message, counted in `dropped_total`.

import type { Clock } from '../core/clock.js'
import type { Item } from '../core/collection.js'
import type { FanoutMember } from '../core/fanout.js'
import { Tuple } from '../core/row.js'
import type { SharedTuples } from '../core/shared-conversion.js'
import { sourceBacklog } from '../core/source-backlog.js'
import type { ValueMap } from '../core/value.js'
import { errorMessage } from '../core/errors.js'
import type { ConnectionStatus, ConnectorLogger, Source, SourceContext, SourceFlow } from '../connectors/api.js'
import { consoleLogger, isRewindable, reportsConnection } from '../connectors/api.js'
import type { PayloadFormat } from '../core/payload-format.js'
import { jsonFormat } from '../formats/json.js'
import { Barrier } from './checkpoint/barrier.js'
import type { KeyedStateSnapshot } from './checkpoint/keyed-state.js'
import type { BarrierSource } from './checkpoint/participant.js'
import type { FusedChain } from './fused-chain.js'
import { StatManager } from './metrics.js'
import type { MetricTime } from './metrics.js'
import type { Activity, Drainable } from './node.js'
import { RuntimeNode } from './node.js'
import type { RuleTracer } from './trace/rule-tracer.js'
import { fusedChainsStep, sourceTuples, streamFanout } from './stream-fanout.js'

export interface SourceNodeOptions {
  readonly ruleId: string
  /** The stream name: node id `source_<stream>`, tuple emitter. */
  readonly stream: string
  readonly source: Source
  readonly clock: Clock
  readonly time: MetricTime
  readonly bufferLength: number
  /** Where the source logs (the rule's logger bound to the source type). Default: consoleLogger. */
  readonly logger?: ConnectorLogger | undefined
  /** The stream's FORMAT, resolved in the format registry. Default: JSON. */
  readonly format?: PayloadFormat | undefined
}

/** What a source node checkpoints (1.0's `$$offset` plus the source's extension state). */
export interface SourceNodeSnapshot {
  /** `Rewindable.offset()` when the barrier was injected; absent for other sources. */
  readonly offset?: unknown
  readonly state?: KeyedStateSnapshot
}

export class SourceNode extends RuntimeNode implements BarrierSource {
  // The fields `ingest` reads come first, next to the base node's.
  /** The rule's stateless chain as one step, when this node feeds only it (qos 0, see FusedChain). */
  private fused: FusedChain | undefined
  /** Set when only preprocessors read this node's tuples (see `shareTuples`). */
  private shared: SharedTuples | undefined
  private readonly time: MetricTime
  readonly stream: string
  readonly stats: StatManager
  private readonly source: Source
  /** Given the fused chain as `fanout` when the chain joins its stream's fan-out step (see `fuse`). */
  private ctx: RuleSourceContext
  private readonly clock: Clock
  private opened = false
  /** Offset to rewind to when opening (restored from a checkpoint). */
  private rewindTo: { readonly offset: unknown } | undefined
  /** Snapshots taken when barriers were injected, until the barrier leaves the queue. */
  private injected: Map<number, SourceNodeSnapshot> | undefined
  /** What sources waiting for room in the queue resume with (SourceFlow.onRoom). */
  private roomWaiters: (() => void)[] = []
  private readonly roomWatch: Drainable = { drain: () => this.wakeRoomWaiters() }
  /** Whether this node's queue is counted in `sourceBacklog` (it held messages when last looked at). */
  private inBacklog = false
  /** The text of the last exception counted (`last_exception`). */
  lastException = ''
  /** Set while the rule is traced (Topology.setTracer); untraced, `ingest` pays one undefined check. */
  tracer: RuleTracer | undefined = undefined

  constructor(opts: SourceNodeOptions, activity: Activity) {
    super(`source_${opts.stream}`, Math.max(1, opts.bufferLength), activity)
    this.stream = opts.stream
    this.source = opts.source
    this.time = opts.time
    this.clock = opts.clock
    this.stats = new StatManager('source', opts.stream, 0, opts.time)
    this.stats.incExtra('dropped_total', 0)
    const flow: SourceFlow = {
      backlogCounted: true,
      isFull: () => this.saturated(),
      onRoom: (resume) => {
        if (this.closed || !this.saturated()) resume()
        else {
          this.roomWaiters.push(resume)
          this.waitDrain(this.roomWatch)
        }
      },
    }
    const error = (err: unknown): void => {
      this.time.refresh()
      this.stats.incExceptions()
      this.lastException = errorMessage(err)
    }
    this.ctx = sourceContext({
      ruleId: opts.ruleId,
      stream: opts.stream,
      clock: opts.clock,
      state: this.extensionState,
      logger: opts.logger ?? consoleLogger,
      error,
      flow,
      format: opts.format ?? jsonFormat,
    })
  }

  async open(): Promise<void> {
    this.opened = true
    const rewind = this.rewindTo
    this.rewindTo = undefined
    if (rewind !== undefined && isRewindable(this.source)) await this.source.rewind(rewind.offset)
    await this.source.open(this.ctx, this.ingest)
  }

  /**
   * Starts checkpoint `checkpointId` here: the source's position and state are taken now, after every message
   * emitted so far, and the barrier joins the queue behind them.
   */
  injectBarrier(checkpointId: number): void {
    if (this.closed) return
    const offset = isRewindable(this.source) ? this.source.offset() : undefined
    const state = this.extensionState.snapshot()
    const snap: SourceNodeSnapshot = {
      ...(offset !== undefined ? { offset: structuredClone(offset) } : {}),
      ...(state !== undefined ? { state: structuredClone(state) } : {}),
    }
    ;(this.injected ??= new Map()).set(checkpointId, snap)
    this.receiveBarrier(new Barrier(checkpointId))
    this.countBacklog()
  }

  /** Handles queued entries while it may (RuntimeNode.drain), keeping `sourceBacklog` up to date. */
  override drain(): void {
    super.drain()
    this.countBacklog()
  }

  /** Counts this node in `sourceBacklog` while its queue is not empty: after every change of the queue. */
  private countBacklog(): void {
    const queued = this.queued > 0
    if (queued === this.inBacklog) return
    this.inBacklog = queued
    sourceBacklog.queues += queued ? 1 : -1
  }

  protected override snapshotState(checkpointId: number): SourceNodeSnapshot {
    const snap = this.injected?.get(checkpointId) ?? {}
    this.injected?.delete(checkpointId)
    return snap
  }

  override restoreState(state: unknown): void {
    const s = (state ?? {}) as SourceNodeSnapshot
    this.extensionState.restore(s.state)
    this.rewindTo = 'offset' in s ? { offset: s.offset } : undefined
  }

  async close(): Promise<void> {
    this.closed = true
    // The stream's fan-out step hands this rule nothing more on the plain path: it calls `ingest`, which drops it.
    this.fused?.detour()
    this.clearQueue()
    this.countBacklog()
    this.injected = undefined
    // A source paused for room (possibly a connection other rules share) must not wait for a rule that is gone, and
    // one whose close waits for its paused work (httppull) must be woken first.
    this.wakeRoomWaiters()
    if (this.opened) {
      this.opened = false
      await this.source.close(this.ctx)
    }
  }

  /**
   * @internal Only preprocessors read this node's tuples, never writing to them: the rules a message is delivered
   * to share one tuple (stamped with the same time, see MetricTime.refreshForDelivery).
   */
  shareTuples(): void {
    this.shared = sourceTuples
  }

  /**
   * @internal Hands the messages to `chain` (this node's only output, fused) whenever it is ready. When the rules
   * share this node's tuples (`shareTuples`, called first), the chain is offered to the connector as this rule's
   * member of the stream's fan-out step (SourceContext.fanout), which then calls the chain, or `ingest`, itself.
   */
  fuse(chain: FusedChain): void {
    this.fused = chain
    if (this.shared === undefined || !streamFanout.enabled) return
    chain.join(fusedChainsStep, this.ingest, this.stream, this.clock)
    this.ctx = sourceContext(this.ctx, chain)
  }

  /** The source's connection, when it keeps one (MQTT). */
  connectionStatus(): ConnectionStatus | undefined {
    return reportsConnection(this.source) ? this.source.connectionStatus() : undefined
  }

  /** The connector's emit: one decoded message (bound once). */
  readonly ingest = (message: ValueMap, meta?: ValueMap | null): void => {
    if (this.closed) return
    const now = this.time.deliveryTime()
    const md = meta ?? null
    const shared = this.shared
    const tuple =
      shared === undefined ? new Tuple(this.stream, message, now, md) : shared.get(this.stream, message, now, md)
    // The plain path: counted by the chain, in bulk (see FusedChain.flush).
    const fused = this.fused
    if (fused !== undefined) {
      if (!this.busy && this.queued === 0 && fused.ready()) {
        fused.take(tuple, now)
        return
      }
      fused.detour()
    }
    this.time.value = now
    const stats = this.stats
    stats.recordsIn++
    stats.processTimeStart()
    // Never more than bufferLength queued: a source that cannot stop reading loses its oldest message.
    if (this.saturated() && this.dropOldest()) stats.incExtra('dropped_total')
    const tracer = this.tracer
    if (tracer !== undefined) tracer.source(this.stream, tuple, md)
    this.receive(tuple)
    this.countBacklog()
  }

  private wakeRoomWaiters(): void {
    const ws = this.roomWaiters
    this.roomWaiters = []
    for (const w of ws) w()
  }

  protected handle(item: Item): void {
    this.broadcast(item)
    this.stats.recordsOut++
    this.stats.processTimeEnd()
  }
}

/** The context a source node gives its source: every property present. */
type RuleSourceContext = Required<Omit<SourceContext, 'fanout'>> & Pick<SourceContext, 'fanout'>

/**
 * A source node's context, always made by this one literal: `{ ...ctx, fanout }` gave each rule's context a hidden
 * class of its own on Node 20 (V8 clones a spread's map; ~300 B of map and descriptors per rule), and every read of
 * it a megamorphic lookup.
 */
function sourceContext(c: Omit<RuleSourceContext, 'fanout'>, fanout?: FanoutMember): RuleSourceContext {
  return {
    ruleId: c.ruleId,
    stream: c.stream,
    clock: c.clock,
    state: c.state,
    logger: c.logger,
    error: c.error,
    flow: c.flow,
    format: c.format,
    fanout,
  }
}
