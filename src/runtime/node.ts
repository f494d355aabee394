// The one run loop of the runtime (1.0's UnaryOperator / defaultSinkNode): a node owns a bounded input queue,
// hands items to its outputs synchronously when they are idle, and tracks pending work for quiescence.
// Checkpoint barriers travel the same queues, in order with the items (see checkpoint/).

import type { Clock, TimerHandle } from '../core/clock.js'
import type { Item } from '../core/collection.js'
import { ErrorItem } from '../core/collection.js'
import type { FunctionContext } from '../functions/define-function.js'
import { Barrier, PortEntry } from './checkpoint/barrier.js'
import type { BarrierHandler } from './checkpoint/barrier-handler.js'
import { KeyedState } from './checkpoint/keyed-state.js'
import type { KeyedStateSnapshot } from './checkpoint/keyed-state.js'
import type { CheckpointAcker, CheckpointParticipant } from './checkpoint/participant.js'
import { StatManager } from './metrics.js'
import type { MetricTime } from './metrics.js'
import type { FusedStage } from './fused-chain.js'
import type { Emit, Operator, OperatorContext } from './operator.js'
import type { RuleTracer } from './trace/rule-tracer.js'

/** Counts queued items and in-flight async work of a topology; `idle()` resolves when none is left. */
export class Activity {
  private pending = 0
  private waiters: (() => void)[] = []

  inc(): void {
    this.pending++
  }

  dec(): void {
    if (--this.pending <= 0) {
      this.pending = 0
      const ws = this.waiters
      if (ws.length > 0) {
        this.waiters = []
        for (const w of ws) w()
      }
    }
  }

  get busy(): boolean {
    return this.pending > 0
  }

  /** Resolves once nothing is queued or in flight (re-checked after each wake-up). */
  async idle(): Promise<void> {
    while (this.pending > 0) await new Promise<void>((resolve) => this.waiters.push(resolve))
  }
}

/** A deferred timer callback, queued behind items so timers never interleave with processing. */
export class TimerTask {
  constructor(readonly fn: () => void) {}
}

type Entry = Item | TimerTask | Barrier | PortEntry<Item | Barrier>

/** Anything a node can send items to. */
export interface Receiver {
  readonly id: string
  receive(item: Item): void
  /** A checkpoint barrier, in order with the items. */
  receiveBarrier(barrier: Barrier): void
  /** True while this receiver should not be given more (its queue is at `bufferLength`, or it is busy with async work). */
  saturated(): boolean
  /** `upstream.drain()` is called when this receiver stops being saturated. */
  waitDrain(upstream: Drainable): void
}

export interface Drainable {
  drain(): void
}

/** A FIFO of entries with O(1) shift. */
class Queue {
  private items: (Entry | undefined)[] = []
  private head = 0

  get length(): number {
    return this.items.length - this.head
  }

  push(e: Entry): void {
    this.items.push(e)
  }

  /** Puts entries back at the head, in order (held entries released by an exactly-once alignment). */
  prependAll(entries: readonly Entry[]): void {
    this.items = [...entries, ...this.items.slice(this.head)]
    this.head = 0
  }

  /** Removes the oldest data item (barriers, timer tasks and port entries stay); false when there is none. */
  dropOldestItem(): boolean {
    for (let i = this.head; i < this.items.length; i++) {
      const e = this.items[i]
      if (e === undefined || e instanceof TimerTask || e instanceof Barrier || e instanceof PortEntry) continue
      if (i === this.head) this.shift()
      else this.items.splice(i, 1)
      return true
    }
    return false
  }

  shift(): Entry | undefined {
    if (this.head >= this.items.length) return undefined
    const e = this.items[this.head]
    this.items[this.head++] = undefined
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return e
  }
}

/** The default checkpointed state of a node: its extension state (1.0's PutState / IncrCounter). */
export interface NodeStateSnapshot {
  readonly state?: KeyedStateSnapshot
}

/**
 * Base of source, operator and sink nodes. `receive` processes at once when the node is idle and its outputs
 * have room (synchronous hand-off); otherwise the item waits in the queue, which drains when outputs free up.
 * With qos > 0 the node also takes part in checkpoints: a barrier is handled when it reaches the head of the
 * queue, the node snapshots once its barrier handler says so, acknowledges to the coordinator and forwards it.
 */
export abstract class RuntimeNode implements Receiver, Drainable, CheckpointParticipant {
  // The fields read for every message come first: they share a cache line with the object's header.
  protected busy = false
  protected closed = false
  /**
   * The queue's length, kept here: the ready checks of a message crossing 1,000 rules read it for each rule, and a
   * field of the node is one memory access where the queue object and its array are two more.
   */
  private queueLength = 0
  /** Set once by the topology, to an array of exactly its size (one grown by push keeps room for 17). */
  outputs: Receiver[] = []
  /** The extension state of the node (source and sink contexts); checkpointed by default. */
  readonly extensionState = new KeyedState()
  /** Made on the first entry that has to wait (most nodes of a fan-out never queue). */
  private queue: Queue | undefined
  /** The longest the input queue has been (tests, diagnostics). */
  private peak = 0
  private drainWaiters: Drainable[] = []
  private barriers: BarrierHandler | undefined
  private acker: CheckpointAcker | undefined
  private waitingBarrier: Barrier | undefined

  constructor(
    readonly id: string,
    protected readonly capacity: number,
    protected readonly activity: Activity,
  ) {}

  /** Current input buffer length (the `buffer_length` metric). */
  get queued(): number {
    return this.queueLength
  }

  /** The longest the input queue has been since the node was created. */
  get peakQueued(): number {
    return this.peak
  }

  receive(item: Item): void {
    if (this.closed) return
    if (!this.busy && this.queueLength === 0 && this.ready()) {
      this.handle(item)
      return
    }
    this.enqueue(item)
  }

  receiveBarrier(barrier: Barrier): void {
    if (this.closed) return
    if (!this.busy && this.queueLength === 0 && this.ready()) {
      this.onBarrier(0, barrier)
      if (this.queueLength > 0) this.drain()
      return
    }
    this.enqueue(barrier)
  }

  /** @internal An item or barrier arriving through input `input` of a multi-input node (exactly-once alignment). */
  receiveFrom(input: number, entry: Item | Barrier): void {
    if (this.closed) return
    if (!this.busy && this.queueLength === 0 && this.ready()) {
      this.dispatch(input, entry)
      if (this.queueLength > 0) this.drain()
      return
    }
    this.enqueue(new PortEntry(input, entry))
  }

  /** @internal Takes part in checkpoints: `handler` decides when to snapshot, `acker` receives the snapshots. */
  enableCheckpoints(handler: BarrierHandler, acker: CheckpointAcker): void {
    this.barriers = handler
    this.acker = acker
  }

  /** @internal Restores what `snapshotState` returned, before the node opens. */
  restoreState(state: unknown): void {
    this.extensionState.restore((state as NodeStateSnapshot | undefined)?.state)
  }

  /** A checkpoint this node acknowledged has been stored. */
  onCheckpointComplete(_checkpointId: number): void {}

  /** The node's state for checkpoint `checkpointId`: plain data that `v8.serialize` takes. */
  protected snapshotState(_checkpointId: number): unknown {
    const state = this.extensionState.snapshot()
    return state === undefined ? undefined : ({ state } satisfies NodeStateSnapshot)
  }

  /**
   * False while items handled before the barrier are still being delivered (a sink's collects in flight): the
   * barrier then waits, holding back later entries, until the subclass calls `barrierSettled()`.
   */
  protected settledForBarrier(): boolean {
    return true
  }

  /** Subclasses call this when they may have become settled (see `settledForBarrier`). */
  protected barrierSettled(): void {
    const b = this.waitingBarrier
    if (b === undefined || !this.settledForBarrier()) return
    this.waitingBarrier = undefined
    this.busy = false
    this.completeBarrier(b)
    this.drain()
  }

  saturated(): boolean {
    return this.queueLength >= this.capacity
  }

  waitDrain(upstream: Drainable): void {
    if (!this.drainWaiters.includes(upstream)) this.drainWaiters.push(upstream)
  }

  /** Processes queued entries while the node may proceed. */
  drain(): void {
    while (!this.busy && !this.closed && this.queueLength > 0 && this.ready()) {
      const e = this.queue!.shift()!
      this.queueLength--
      if (e instanceof TimerTask) this.runTask(e.fn)
      else if (e instanceof Barrier) this.onBarrier(0, e)
      else if (e instanceof PortEntry) this.dispatch(e.input, e.entry)
      else this.handle(e)
      this.activity.dec()
    }
    if (this.drainWaiters.length > 0 && !this.saturated()) {
      const ws = this.drainWaiters
      this.drainWaiters = []
      for (const w of ws) w.drain()
    }
  }

  /** Runs a timer callback now when idle, else after the queued items. */
  protected schedule(fn: () => void): void {
    if (this.closed) return
    if (!this.busy && this.queueLength === 0) {
      this.runTask(fn)
      this.drain()
      return
    }
    this.enqueue(new TimerTask(fn))
  }

  /**
   * Drops the oldest queued data item to make room (a source that cannot stop reading, its queue full); false when
   * only barriers or timer tasks are queued.
   */
  protected dropOldest(): boolean {
    if (this.queue === undefined || !this.queue.dropOldestItem()) return false
    this.queueLength--
    this.activity.dec()
    return true
  }

  private enqueue(e: Entry): void {
    ;(this.queue ??= new Queue()).push(e)
    this.activity.inc()
    if (++this.queueLength > this.peak) this.peak = this.queueLength
  }

  /** Whether the node may process its next item: by default, when no output is saturated. */
  protected ready(): boolean {
    return outputsReady(this.outputs, this)
  }

  /** Sends an item to every output (1.0's Broadcast). */
  protected broadcast(item: Item): void {
    const outs = this.outputs
    for (let i = 0; i < outs.length; i++) outs[i]!.receive(item)
  }

  /** Drops queued work (rule stopped), including entries held back by a barrier alignment. */
  protected clearQueue(): void {
    while (this.queueLength > 0) {
      this.queue!.shift()
      this.queueLength--
      this.activity.dec()
    }
    const b = this.barriers
    if (b !== undefined) for (let n = b.clear(); n > 0; n--) this.activity.dec()
    this.waitingBarrier = undefined
  }

  /** Sends a barrier to every output. */
  protected broadcastBarrier(barrier: Barrier): void {
    const outs = this.outputs
    for (let i = 0; i < outs.length; i++) outs[i]!.receiveBarrier(barrier)
  }

  /** An entry of input `input`: held back while that input is blocked (exactly-once), else handled. */
  private dispatch(input: number, entry: Item | Barrier): void {
    const b = this.barriers
    if (b !== undefined && b.isBlocked(input)) {
      b.hold(input, entry)
      this.activity.inc()
      return
    }
    if (entry instanceof Barrier) this.onBarrier(input, entry)
    else this.handle(entry)
  }

  private onBarrier(input: number, barrier: Barrier): void {
    const b = this.barriers
    if (b === undefined) {
      this.broadcastBarrier(barrier)
      return
    }
    if (b.onBarrier(input, barrier)) {
      if (this.settledForBarrier()) this.completeBarrier(barrier)
      else {
        this.waitingBarrier = barrier
        this.busy = true
      }
    }
    const released = b.takeReleased()
    if (released.length > 0) {
      // Already counted in `activity` when they were held.
      ;(this.queue ??= new Queue()).prependAll(released.map(([i, e]) => new PortEntry(i, e as Item | Barrier)))
      this.queueLength += released.length
    }
  }

  private completeBarrier(barrier: Barrier): void {
    const acker = this.acker
    if (acker !== undefined) {
      let state: unknown
      try {
        state = this.snapshotState(barrier.checkpointId)
      } catch (err) {
        acker.decline(this.id, barrier.checkpointId, err)
        this.broadcastBarrier(barrier)
        return
      }
      acker.ack(this.id, barrier.checkpointId, state)
    }
    this.broadcastBarrier(barrier)
  }

  protected abstract handle(item: Item): void

  protected runTask(fn: () => void): void {
    fn()
  }
}

/** True when no receiver of `outs` is saturated; else `waiter` is woken when the first saturated one drains. */
function outputsReady(outs: readonly Receiver[], waiter: Drainable): boolean {
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i]!
    if (o.saturated()) {
      o.waitDrain(waiter)
      return false
    }
  }
  return true
}

/** Normalises anything thrown into the ErrorItem that travels downstream. */
export function toErrorItem(err: unknown): ErrorItem {
  return new ErrorItem(err instanceof Error ? err : new Error(String(err)))
}

/** What an operator node needs besides its operator. */
export interface OperatorNodeOptions {
  readonly ruleId: string
  /** Metric name: `filter`, `window`, `preprocessor_demo`. The node id is `op_<name>`. */
  readonly name: string
  readonly clock: Clock
  /** The topology's metric time (see MetricTime). */
  readonly time: MetricTime
  readonly fn: FunctionContext
  /** Input queue size (rule option bufferLength). */
  readonly bufferLength: number
  /** Operator instances (rule option concurrency; stateful operators use 1). */
  readonly concurrency: number
  /** Builds one operator instance; `stats` lets wrappers count extras (late rows). */
  readonly create: (instance: number, stats: StatManager) => Operator
}

/** One operator instance with its metrics, context and emit function (allocated once, not per row). */
class OperatorInstance implements OperatorContext {
  readonly ruleId: string
  readonly opName: string
  readonly clock: Clock
  readonly fn: FunctionContext
  /** State of the stateful functions of this instance (FunctionContext.state), checkpointed with the operator. */
  readonly functionState = new KeyedState()
  readonly stats: StatManager
  readonly op: Operator
  readonly out: Emit
  /** Timers armed by the operator (made on the first: stateless operators arm none). */
  private timers: Set<TimerHandle> | undefined

  constructor(
    private readonly node: OperatorNode,
    opts: OperatorNodeOptions,
    index: number,
  ) {
    this.ruleId = opts.ruleId
    this.opName = opts.name
    this.clock = opts.clock
    // Not `{ ...opts.fn, state }`: in kuiperd that spread gave each copy a hidden class of its own (~200 B a copy,
    // three copies a rule).
    this.fn = { clock: opts.fn.clock, state: this.functionState }
    this.stats = new StatManager('op', opts.name, index, opts.time)
    this.out = (item: Item): void => {
      if (item instanceof ErrorItem) this.stats.incExceptions()
      else this.stats.recordsOut++
      node.send(item)
    }
    this.op = opts.create(index, this.stats)
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = this.clock.setTimeout(() => {
      this.timers?.delete(handle)
      this.node.runTimer(this, fn)
    }, ms)
    ;(this.timers ??= new Set()).add(handle)
    return this.track(handle)
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const handle = this.clock.setInterval(() => this.node.runTimer(this, fn), ms)
    ;(this.timers ??= new Set()).add(handle)
    return this.track(handle)
  }

  cancelTimers(): void {
    for (const t of this.timers ?? []) t.cancel()
    this.timers = undefined
  }

  private track(handle: TimerHandle): TimerHandle {
    return {
      cancel: () => {
        this.timers?.delete(handle)
        handle.cancel()
      },
    }
  }
}

/** What an operator node checkpoints: per instance, the operator's own snapshot and its function state. */
export interface OperatorNodeSnapshot {
  readonly instances: readonly { readonly op: unknown; readonly fn: KeyedStateSnapshot | undefined }[]
}

/**
 * Drives an Operator: counts records in/out, turns throws into ErrorItems (exceptions metric) and forwards
 * incoming ErrorItems untouched, as every 1.0 operator does; timer callbacks run between items, never inside one.
 */
export class OperatorNode extends RuntimeNode {
  readonly name: string
  private readonly instances: OperatorInstance[]
  private readonly time: MetricTime
  private nextInstance = 0
  /** The next node of a stateless chain, handed each item directly (see `linkDirect`). */
  private direct: OperatorNode | undefined
  /** Head of a stateless chain: the outputs of the chain's last node, which decide when this node may proceed. */
  private chainOutputs: readonly Receiver[] | undefined
  /** Set while the rule is traced (Topology.setTracer); untraced, `handle` pays one undefined check. */
  tracer: RuleTracer | undefined = undefined

  constructor(opts: OperatorNodeOptions, activity: Activity) {
    super(`op_${opts.name}`, Math.max(1, opts.bufferLength), activity)
    this.name = opts.name
    this.time = opts.time
    const n = Math.max(1, opts.concurrency)
    const instances: OperatorInstance[] = []
    for (let i = 0; i < n; i++) instances.push(new OperatorInstance(this, opts, i))
    // A copy of exactly n entries: an array grown by push keeps room for 17 (136 bytes more, per node of every rule).
    this.instances = instances.slice()
  }

  open(): void {
    for (const inst of this.instances) inst.op.open?.(inst, inst.out)
  }

  close(): void {
    this.closed = true
    for (const inst of this.instances) {
      inst.cancelTimers()
      inst.op.close?.()
    }
    this.clearQueue()
  }

  /** Per instance: the operator's snapshot and its functions' state. */
  protected override snapshotState(): OperatorNodeSnapshot {
    return {
      instances: this.instances.map((i) => ({ op: i.op.snapshot?.(), fn: i.functionState.snapshot() })),
    }
  }

  override restoreState(state: unknown): void {
    const s = state as Partial<OperatorNodeSnapshot> | undefined
    this.instances.forEach((inst, i) => {
      const saved = s?.instances?.[i]
      if (saved?.op !== undefined) inst.op.restore?.(saved.op)
      inst.functionState.restore(saved?.fn)
    })
  }

  /** The operator of instance `i` (for snapshots and tests). */
  operator(i = 0): Operator | undefined {
    return this.instances[i]?.op
  }

  stats(): StatManager[] {
    return this.instances.map((i) => i.stats)
  }

  /**
   * @internal Links a stateless chain (qos 0, no timers; `next` reads only from this node, which feeds only it):
   * items go to `next.handle` directly, without its queue, ready check or broadcast. Each node still counts its own
   * records in/out, exceptions and latency, and stays the place where its input and output can be observed.
   * `head` is the chain's first node: it proceeds only while the outputs of the chain's last node have room.
   */
  linkDirect(next: OperatorNode, head: OperatorNode): void {
    this.direct = next
    let tail: OperatorNode = next
    while (tail.direct !== undefined) tail = tail.direct
    head.chainOutputs = tail.outputs
  }

  /** @internal Tells the operators that nothing downstream writes to what they emit (see Operator.shareOutput). */
  shareOutput(): void {
    for (const inst of this.instances) inst.op.shareOutput?.()
  }

  /**
   * @internal The chain from this node on (see linkDirect) as fused stages, when every node of it has one instance
   * whose operator has a `transform`; undefined otherwise.
   */
  fusedStages(): FusedStage[] | undefined {
    const inst = this.instances.length === 1 ? this.instances[0]! : undefined
    const op = inst?.op
    if (inst === undefined || op?.transform === undefined) return undefined
    const stage: FusedStage = { node: this, op: op as FusedStage['op'], ctx: inst, stats: inst.stats }
    if (this.direct === undefined) return [stage]
    const rest = this.direct.fusedStages()
    return rest === undefined ? undefined : [stage, ...rest]
  }

  /** @internal The outputs of the last node of this node's chain (its own when it heads no chain). */
  chainTailOutputs(): readonly Receiver[] {
    return this.chainOutputs ?? this.outputs
  }

  /** @internal The operator threw while a fused chain ran it: counted and sent downstream as `handle` does. */
  fail(err: unknown): void {
    this.pick().stats.incExceptions()
    this.send(toErrorItem(err))
  }

  /** @internal emit path of the instances */
  send(item: Item): void {
    const next = this.direct
    if (next === undefined) this.broadcast(item)
    else if (!next.closed) next.handle(item)
  }

  protected override ready(): boolean {
    const outs = this.chainOutputs
    return outs === undefined ? super.ready() : outputsReady(outs, this)
  }

  /** @internal a timer of `inst` fired */
  runTimer(inst: OperatorInstance, fn: () => void): void {
    this.time.refresh()
    this.schedule(() => this.guard(inst, fn))
  }

  protected handle(item: Item): void {
    const tracer = this.tracer
    if (tracer !== undefined) {
      this.handleTraced(item, tracer)
      return
    }
    const inst = this.pick()
    const stats = inst.stats
    stats.recordsIn++
    if (item instanceof ErrorItem) {
      stats.incExceptions()
      this.send(item)
      return
    }
    stats.processTimeStart()
    this.busy = true
    try {
      inst.op.process(item, inst.out, inst)
      stats.processTimeEnd()
    } catch (err) {
      stats.incExceptions()
      this.send(toErrorItem(err))
    } finally {
      this.busy = false
    }
  }

  /** `handle` of a traced rule: the same steps, the item's span recording what the operator emits. */
  private handleTraced(item: Item, tracer: RuleTracer): void {
    const span = tracer.begin(this.name, item)
    const inst = this.pick()
    const stats = inst.stats
    const out: Emit =
      span === undefined
        ? inst.out
        : (o) => {
            tracer.emitted(span, o)
            inst.out(o)
          }
    stats.recordsIn++
    if (item instanceof ErrorItem) {
      stats.incExceptions()
      if (span !== undefined) tracer.emitted(span, item)
      this.send(item)
      return
    }
    stats.processTimeStart()
    this.busy = true
    try {
      inst.op.process(item, out, inst)
      stats.processTimeEnd()
    } catch (err) {
      stats.incExceptions()
      const e = toErrorItem(err)
      if (span !== undefined) tracer.emitted(span, e)
      this.send(e)
    } finally {
      this.busy = false
      if (span !== undefined) tracer.end(span, item)
    }
  }

  protected override runTask(fn: () => void): void {
    this.busy = true
    try {
      fn()
    } finally {
      this.busy = false
    }
  }

  private guard(inst: OperatorInstance, fn: () => void): void {
    try {
      fn()
    } catch (err) {
      inst.stats.incExceptions()
      this.send(toErrorItem(err))
    }
  }

  private pick(): OperatorInstance {
    const insts = this.instances
    if (insts.length === 1) return insts[0]!
    const inst = insts[this.nextInstance]!
    this.nextInstance = (this.nextInstance + 1) % insts.length
    return inst
  }
}
