// Sink node (1.0 xstream/nodes/sink_node.go): the pipeline in front of every Sink — encode each result (sendSingle,
// dataTemplate, omitIfEmpty), deliver it with retries, keep what fails in a durable outbox — so a sink only collects.

import type { Clock } from '../core/clock.js'
import type { Item } from '../core/collection.js'
import { ResultRows } from '../core/collection.js'
import { errorMessage } from '../core/errors.js'
import { consoleLogger, reportsConnection } from '../connectors/api.js'
import { SinkPayload } from '../connectors/api.js'
import type { ConnectionStatus, ConnectorLogger, Sink, SinkContext } from '../connectors/api.js'
import type { KvStore } from '../state/kv-store.js'
import { FAR, tickOf, timeOf } from './metric-ticks.js'
import { StatManager } from './metrics.js'
import type { MetricTime } from './metrics.js'
import type { Activity } from './node.js'
import { RuntimeNode } from './node.js'
import type { RuleTracer } from './trace/rule-tracer.js'
import { parseSinkConf } from './sink/conf.js'
import type { SinkConf } from './sink/conf.js'
import { Delivery } from './sink/delivery.js'
import { encodeItem, isOnlyEmptyRow, plainPayload } from './sink/encode.js'
import { ThrottledCounter } from './sink/log.js'
import { DEFAULT_OUTBOX_LIMITS, Outbox, outboxTableName } from './sink/outbox.js'
import type { OutboxLimits } from './sink/outbox.js'

export { toPayload } from './sink/encode.js'

export interface SinkNodeOptions {
  readonly ruleId: string
  /** Sink name: node id `sink_<name>`. */
  readonly name: string
  readonly sink: Sink
  readonly clock: Clock
  readonly time: MetricTime
  /** The rule's bufferLength: the input queue size unless the sink sets its own. */
  readonly bufferLength: number
  readonly concurrency: number
  /** The action's properties: the common sink properties are read here (see sink/conf.ts). */
  readonly props?: Readonly<Record<string, unknown>> | undefined
  /** Where the outbox is saved; without it the outbox lives in memory only. */
  readonly store?: KvStore | undefined
  /** Where the node and its sink log (the rule's logger bound to the sink type). Default: consoleLogger. */
  readonly logger?: ConnectorLogger | undefined
  /** Bounds of the outbox (kuiper.yaml `sink.outboxMaxBytes`, `sink.outboxMaxDiskPercent`). */
  readonly outboxLimits?: OutboxLimits | undefined
  /**
   * ms a stopping node gives writes in flight (kuiper.yaml `sink.shutdownTimeout`); what is not delivered by then
   * goes to the outbox. Default: DEFAULT_CLOSE_GRACE.
   */
  readonly closeGrace?: number | undefined
}

/** What an engine sets for all its sink nodes (kuiper.yaml `sink:` section). */
export type SinkSettings = Pick<SinkNodeOptions, 'outboxLimits' | 'closeGrace'>

/** 10 s, as the issue asks: a stop never waits longer for a sink that cannot deliver. */
export const DEFAULT_CLOSE_GRACE = 10_000

/** How often repeated failures and drops of one sink are logged. */
const LOG_INTERVAL_MS = 10_000

function isPromise(x: unknown): x is Promise<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as Promise<unknown>).then === 'function'
}

export class SinkNode extends RuntimeNode {
  // The fields `takeFused` reads come first, after the base node's: fewer cache lines per rule and message.
  /** The conf leaves a result's rows as they are (no sendSingle, no dataTemplate): `takeFused` may deliver it. */
  private readonly plainConf: boolean
  /** Whether `omitIfEmpty` is set (the fused path leaves `[{}]` to the node path, which drops it). */
  private readonly omitIfEmpty: boolean
  private inFlight = 0
  /** Set while the rule is traced (Topology.setTracer); untraced, `handle` pays one undefined check. */
  tracer: RuleTracer | undefined = undefined
  private readonly delivery: Delivery | undefined
  private readonly sink: Sink
  private readonly ctx: SinkContext
  /** Results the fused path delivered since the last `flushFused` (records in and out), the last at `fusedLast`. */
  private fusedCount = 0
  /** A tick (see metric-ticks.ts), with the exact time of a FAR one in `fusedFar`. */
  private fusedLast = 0
  private fusedFar = 0
  readonly name: string
  readonly stats: StatManager
  private readonly log: ConnectorLogger
  private readonly limit: number
  private readonly time: MetricTime
  private readonly conf: SinkConf | undefined
  private readonly confError: unknown
  private readonly outbox: Outbox | undefined
  private readonly failures: ThrottledCounter
  private readonly drops: ThrottledCounter
  /** Async writes in flight (made on the first: a synchronous sink never has one). */
  private pending: Set<Promise<unknown>> | undefined
  private opened = false
  private readonly closeGrace: number
  /** The flush a barrier waits for: none yet, under way, or done (the barrier may be acknowledged). */
  private barrierFlush: 'idle' | 'running' | 'done' = 'idle'
  /** Why the last barrier's flush failed: the checkpoint is declined. */
  private flushError: unknown
  /** Set while `close` waits for the queue and the writes in flight to finish. */
  private onDrained: (() => void) | undefined
  /** Set while `close` moves the queued items to the outbox. */
  private spilling = false

  constructor(opts: SinkNodeOptions, activity: Activity) {
    const log = opts.logger ?? consoleLogger
    let conf: SinkConf | undefined
    let confError: unknown
    try {
      conf = parseSinkConf(opts.props ?? {}, opts.name, log)
    } catch (err) {
      confError = err
    }
    const capacity = Math.max(1, conf?.bufferLength ?? opts.bufferLength)
    super(`sink_${opts.name}`, capacity, activity)
    this.conf = conf
    this.confError = confError
    this.name = opts.name
    this.log = log
    this.sink = opts.sink
    this.limit = conf?.runAsync === true ? capacity : Math.max(1, opts.concurrency)
    this.time = opts.time
    this.closeGrace = Math.max(0, opts.closeGrace ?? DEFAULT_CLOSE_GRACE)
    this.stats = new StatManager('sink', opts.name, 0, opts.time)
    this.stats.incExtra('dropped_total', 0)
    this.plainConf = conf !== undefined && !conf.sendSingle && conf.dataTemplate === undefined
    this.omitIfEmpty = conf?.omitIfEmpty === true
    this.ctx = {
      ruleId: opts.ruleId,
      sinkName: opts.name,
      clock: opts.clock,
      state: this.extensionState,
      logger: log,
    }
    // The closures made here live as long as the rule: they capture the clock, not the whole options object.
    const clock = opts.clock
    const now = (): number => clock.now()
    this.failures = new ThrottledCounter(LOG_INTERVAL_MS, now, log)
    this.drops = new ThrottledCounter(LOG_INTERVAL_MS, now, log)
    if (conf !== undefined) {
      const label = `rule ${opts.ruleId} sink ${opts.name}`
      if (conf.cacheLength !== 0) {
        this.outbox = new Outbox({
          table: opts.store?.table(outboxTableName(opts.ruleId, opts.name)),
          maxMessages: conf.cacheLength,
          limits: opts.outboxLimits ?? DEFAULT_OUTBOX_LIMITS,
          saveInterval: conf.cacheSaveInterval,
          clock: opts.clock,
          label,
          log,
        })
      }
      this.delivery = new Delivery(conf, this.outbox, opts.clock, {
        send: (p) => this.sink.collect(this.ctx, p),
        sent: () => this.stats.recordsOut++,
        failed: (p, err) => this.onFailedAttempt(p, err),
        dropped: (p, reason) => this.onDropped(p, reason),
        logger: log,
      })
    }
  }

  /** Input queue plus the messages waiting in the outbox (1.0 reported the sink cache length). */
  override get queued(): number {
    return super.queued + (this.delivery?.backlog ?? 0)
  }

  /** Messages dropped so far (the `dropped_total` metric). */
  get dropped(): number {
    return this.drops.total
  }

  async open(): Promise<void> {
    if (this.confError !== undefined) throw this.confError
    const loaded = (await this.outbox?.load()) ?? 0
    if (loaded > 0) this.log.info(`rule ${this.ctx.ruleId} sink ${this.name}: resending ${loaded} cached messages`)
    await this.sink.open?.(this.ctx)
    this.opened = true
    this.delivery?.resume()
  }

  /**
   * Stops the node: writes in flight get until the grace (`closeGrace`) to finish; what is not delivered by then
   * goes to the outbox, which is saved before the sink closes. The grace is on the system clock: a stop takes real
   * time whatever clock the rule runs on.
   */
  async close(): Promise<void> {
    const label = `rule ${this.ctx.ruleId} sink ${this.name}`
    // Upstream nodes are closed first: what is queued here is all that is left to deliver.
    if (this.opened && !this.closed && (super.queued > 0 || this.inFlight > 0)) {
      const drained = new Promise<void>((resolve) => (this.onDrained = resolve))
      if (!(await withinGrace(drained, this.closeGrace)))
        this.log.warn(`${label}: not delivered within ${this.closeGrace} ms, kept in the sink cache`)
      this.onDrained = undefined
    }
    this.delivery?.stop()
    // Writes still pending (a broker gone) are given up on: their messages go to the outbox, then the queued items
    // behind them, in order.
    const settled = Promise.allSettled([...(this.pending ?? []), this.delivery?.stopped()])
    if (!(await withinGrace(settled, 0))) this.delivery?.abandon()
    this.spillQueue()
    this.closed = true
    this.clearQueue()
    this.barrierFlush = 'idle'
    await this.outbox?.close()
    this.failures.flush((n) => `${label}: ${n} more failed writes`)
    this.drops.flush((n) => `${label}: ${n} more messages dropped`)
    if (this.opened) {
      this.opened = false
      try {
        await this.sink.flush?.(this.ctx)
      } catch (err) {
        this.log.error(`${label}: ${errorMessage(err)}`)
      }
      await this.sink.close?.(this.ctx)
    }
  }

  /** The sink's connection, when it keeps one (MQTT). */
  connectionStatus(): ConnectionStatus | undefined {
    return reportsConnection(this.sink) ? this.sink.connectionStatus() : undefined
  }

  protected override ready(): boolean {
    return this.spilling || this.inFlight < this.limit
  }

  /**
   * A barrier passes once everything before it is written: no collect in flight, the sink's buffer flushed and the
   * outbox saved. Only then does the checkpoint count these rows as delivered (a crash after it loses none).
   */
  protected override settledForBarrier(): boolean {
    if (this.inFlight > 0) return false
    if (this.barrierFlush === 'done') {
      this.barrierFlush = 'idle'
      return true
    }
    if (this.barrierFlush === 'running') return false
    const flushing = this.flushForBarrier()
    if (flushing === undefined) return true
    this.barrierFlush = 'running'
    this.activity.inc()
    void flushing.then(() => {
      this.activity.dec()
      if (this.barrierFlush !== 'running') return // closed meanwhile
      this.barrierFlush = 'done'
      this.barrierSettled()
      this.checkDrained()
    })
    return false
  }

  protected override snapshotState(checkpointId: number): unknown {
    const err = this.flushError
    if (err !== undefined) {
      this.flushError = undefined
      throw err // declines the checkpoint: its rows may not be written
    }
    return super.snapshotState(checkpointId)
  }

  /** Flushes the sink and saves the outbox; undefined when there is nothing to wait for. */
  private flushForBarrier(): Promise<void> | undefined {
    let sinkFlush: void | Promise<void> = undefined
    try {
      sinkFlush = this.opened ? this.sink.flush?.(this.ctx) : undefined
    } catch (err) {
      this.flushError = err
    }
    const outbox = this.outbox
    if (!isPromise(sinkFlush) && outbox?.dirty !== true) return undefined
    return (async () => {
      try {
        await sinkFlush
      } catch (err) {
        this.flushError = err
      }
      if (outbox !== undefined && !(await outbox.flush()))
        this.flushError ??= new Error(`rule ${this.ctx.ruleId} sink ${this.name}: cannot save the sink cache`)
    })()
  }

  protected handle(item: Item): void {
    const stats = this.stats
    stats.recordsIn++
    stats.processTimeStart()
    const delivery = this.delivery
    if (delivery === undefined) return
    const conf = this.conf!
    const tracer = this.tracer
    // The plain payload skips encodeItem; a traced rule needs the encoded messages for its span.
    const one = tracer === undefined ? plainPayload(item, conf) : undefined
    let r: void | Promise<void>
    try {
      if (one !== undefined) {
        r = delivery.deliverOne(one)
      } else {
        const msgs = encodeItem(item, conf, (msg) => {
          stats.incExceptions()
          this.log.warn(`rule ${this.ctx.ruleId} sink ${this.name}: ${msg}`)
        })
        if (tracer !== undefined) tracer.sink(this.name, item, msgs)
        r = delivery.deliver(msgs)
      }
    } catch (err) {
      stats.incExceptions()
      this.log.error(`rule ${this.ctx.ruleId} sink ${this.name}: ${errorMessage(err)}`)
      return
    }
    this.delivered(r)
  }

  /**
   * @internal A fused chain's result (see FusedChain), taken when this node would handle it at once and deliver it
   * as it is: idle with an empty queue, no write in flight, untraced, a plain conf, a ResultRows, the delivery
   * direct. The sink's collect is called here and a synchronous success is counted in bulk (`flushFused`); any
   * other outcome (a promise, a throw) goes on as in `handle`. False when not taken: the caller uses `receive`.
   */
  takeFused(item: Item, now: number): boolean {
    if (!this.plainConf || this.busy || this.closed || this.inFlight > 0 || super.queued > 0) return false
    if (this.tracer !== undefined || !(item instanceof ResultRows)) return false
    const rows = item.rows
    if (this.omitIfEmpty && isOnlyEmptyRow(rows)) return false
    const delivery = this.delivery!
    if (!delivery.direct) return false
    const p = new SinkPayload(rows)
    let r: void | Promise<void>
    try {
      r = this.sink.collect(this.ctx, p)
    } catch (err) {
      this.countHandled(now)
      this.delivered(delivery.failedOne(p, err))
      return true
    }
    if (isPromise(r)) {
      this.countHandled(now)
      this.delivered(delivery.sentOne(p, r))
      return true
    }
    this.fusedCount++
    const tick = tickOf(now)
    this.fusedLast = tick
    if (tick === FAR) this.fusedFar = now
    return true
  }

  /** @internal Adds what `takeFused` delivered to the metrics (before they are read). */
  flushFused(): void {
    const n = this.fusedCount
    if (n === 0) return
    this.fusedCount = 0
    this.stats.addSynchronousRuns(n, n, timeOf(this.fusedLast, this.fusedFar))
  }

  /** A fused result that did not succeed at once is counted as `handle` counts it, from the time it was taken. */
  private countHandled(now: number): void {
    this.time.value = now
    this.stats.recordsIn++
    this.stats.processTimeStart()
  }

  /** What `handle` does once the delivery of an item started: a pending write is tracked until it settles. */
  private delivered(r: void | Promise<void>): void {
    const stats = this.stats
    if (isPromise(r)) {
      this.inFlight++
      this.activity.inc()
      const p: Promise<void> = r.then(
        () => this.settle(p, true),
        (err: unknown) => {
          stats.incExceptions()
          this.log.error(`rule ${this.ctx.ruleId} sink ${this.name}: ${errorMessage(err)}`)
          this.settle(p, false)
        },
      )
      ;(this.pending ??= new Set()).add(p)
      return
    }
    stats.processTimeEnd()
  }

  private settle(p: Promise<void>, ok: boolean): void {
    this.pending?.delete(p)
    this.time.refresh()
    if (ok) this.stats.processTimeEnd()
    this.inFlight--
    this.barrierSettled()
    this.drain()
    this.activity.dec()
    this.checkDrained()
  }

  private checkDrained(): void {
    if (this.onDrained !== undefined && super.queued === 0 && this.inFlight === 0) this.onDrained()
  }

  /**
   * Stopping: the items still queued are handled now, the delivery being stopped, so they land in the outbox
   * (saved) instead of being dropped; without an outbox they are dropped and counted.
   */
  private spillQueue(): void {
    if (this.delivery === undefined || super.queued === 0) return
    this.spilling = true
    try {
      this.drain()
    } finally {
      this.spilling = false
    }
  }

  private onFailedAttempt(p: SinkPayload, err: unknown): void {
    this.stats.incExceptions()
    const label = `rule ${this.ctx.ruleId} sink ${this.name}`
    this.failures.hit((n) =>
      n === 1
        ? `${label}: publish ${preview(p)} error: ${errorMessage(err)}`
        : `${label}: ${n} failed writes, last: ${errorMessage(err)}`,
    )
  }

  private onDropped(p: SinkPayload | undefined, reason: string): void {
    this.stats.incExtra('dropped_total')
    const label = `rule ${this.ctx.ruleId} sink ${this.name}`
    this.drops.hit((n) =>
      n === 1
        ? `${label}: dropped message ${preview(p)}: ${reason}`
        : `${label}: dropped ${n} messages, last because ${reason}`,
    )
  }
}

/** Whether `p` settles within `ms` (system time); it goes on regardless. */
async function withinGrace(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  try {
    return await Promise.race([p.then(() => true), expired])
  } finally {
    clearTimeout(timer)
  }
}

function preview(p: SinkPayload | undefined): string {
  if (p === undefined) return '<in the store>'
  let t: string
  try {
    t = p.text
  } catch {
    t = '<unencodable>'
  }
  return t.length > 200 ? t.slice(0, 200) + '...' : t
}
