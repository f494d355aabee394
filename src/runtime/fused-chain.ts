// A rule's stateless chain run as one step (qos 0): the source node hands a message to the chain's operators
// (preprocessor → filter → project, see Topology.linkStatelessChains) by calling their `transform` one after
// another, and the result to the chain's outputs (the sinks, or a window), without a node, queue, ready check, emit
// closure or metric call per operator. At 1,000 rules on one stream this runs 1,000 times per message, and its cost
// is mostly the memory reads of each rule's objects, so it reads as few of them as it can.
//
// The metrics stay exact: what went this way is counted in fields of the chain and added to the nodes' StatManagers
// when the metrics are read (`flush`). What is not the plain path goes through the nodes as before: an operator
// that throws hands the error to its node (which counts the exception and sends the error item downstream), and
// while an output is saturated or the chain's head node holds a queue, the item takes the nodes' path, queues and
// backpressure included, exactly as without the chain. A tracer that observes each operator's input and output
// turns the chain off (`enabled = false`): the nodes then see every item.
//
// A chain whose source node shares its tuples is also a member of its stream's fan-out step (stream-fanout.ts): the
// step calls `plainReady` and `take`/`takeTransformed` itself, and the source node's `ingest` (`emit`) otherwise.
//
// When the chain's one output is a sink node, the result is handed to it with `takeFused`, which delivers it as the
// node would (its collect called at once) and counts it in bulk as well, whenever the node would handle it at once
// and the result needs no encoding (see SinkNode.takeFused); else the node's `receive` takes it as before.

import type { Clock } from '../core/clock.js'
import type { Item } from '../core/collection.js'
import type { FanoutBuilder, FanoutMember } from '../core/fanout.js'
import type { Tuple } from '../core/row.js'
import type { ValueMap } from '../core/value.js'
import type { MetricTime, StatManager } from './metrics.js'
import type { OperatorNode, Receiver } from './node.js'
import type { Operator, OperatorContext } from './operator.js'
import { FAR, tickOf, timeOf } from './metric-ticks.js'

/** The part of a sink node a fused chain hands its results to (SinkNode). */
export interface FusedSink extends Receiver {
  /** Delivers `item` now, as `receive` would, counted in bulk; false when it must go through `receive`. */
  takeFused(item: Item, now: number): boolean
  /** Adds what `takeFused` delivered to the node's metrics. */
  flushFused(): void
  /** Items waiting in the node (its queue, its outbox). */
  readonly queued: number
}

/** One operator of a fused chain: its operator, the context it runs with, and the node it belongs to. */
export interface FusedStage {
  readonly node: OperatorNode
  readonly op: Operator & Required<Pick<Operator, 'transform'>>
  readonly ctx: OperatorContext
  readonly stats: StatManager
}

/** The stateless operator kinds are three (preprocessor, filter, project): a chain has at most that many. */
export const MAX_FUSED_STAGES = 3

export class FusedChain implements FanoutMember {
  // The fields read on every run come first, in as few cache lines as they fit: at 1,000 rules on a stream each is
  // read 1,000 times per message. The stages are fields, not arrays (each array would be two more objects to read).
  // The fan-out step reads the flags, the stream's fields and stage 0's key, then stage 1 (the filter) and its counts.
  private running = false
  /** Off while something observes the chain's operators one by one (a tracer): the nodes' path is taken. */
  enabled = true
  /**
   * Set while nothing can be waiting in the head node's queue or the sink's (a chain ending in a sink): those fill
   * only through the nodes' path, and every item sent that way clears it (`detour`) until `ready` has seen them
   * empty again. While set, `ready` reads none of the rule's nodes.
   */
  private clear = false
  /** Whether any item was taken since the last flush. */
  private dirty = false
  /** The stream of the source node and its clock (the fan-out step stamps the message for each). */
  stream = ''
  clock: Clock | undefined = undefined
  /** Stage 0's `sharedTransformKey`, read when the chain joins a fan-out (`join`). */
  key0: string | undefined = undefined
  /** The `sharedTransformKey`s of stages 1 and 2 (see `shared`). */
  private key1: string | undefined = undefined
  private key2: string | undefined = undefined
  // What went through each stage since the last flush: stage 0 took every item the source node handed on (its
  // records in and out), stage 1 what stage 0 passed on, stage 2 what stage 1 passed on.
  private in0 = 0
  private out0 = 0
  /** The tick (see metric-ticks.ts) at which each stage last took an item (its last_invocation). */
  private last0 = 0
  private last1 = 0
  private readonly op1: FusedStage['op'] | undefined
  private readonly ctx1: OperatorContext | undefined
  private out1 = 0
  private readonly op2: FusedStage['op'] | undefined
  private readonly ctx2: OperatorContext | undefined
  private out2 = 0
  private last2 = 0
  /** `outputs[0]` when it is the only output and a sink node: results are handed to it with `takeFused`. */
  private readonly sink: FusedSink | undefined
  readonly op0: FusedStage['op']
  readonly ctx0: OperatorContext
  /** The builder of the fan-out step (FanoutMember), set when the chain joins one. */
  fanout: FanoutBuilder = noFanout
  /** The source node's ingest: what the fan-out step calls when this chain is not `plainReady`. */
  emit: (message: ValueMap, meta?: ValueMap | null) => void = noEmit
  /** The exact times of FAR ticks. */
  private far0 = 0
  private far1 = 0
  private far2 = 0
  private readonly head: OperatorNode
  private readonly node1: OperatorNode | undefined
  private readonly node2: OperatorNode | undefined
  private readonly stats0: StatManager
  private readonly stats1: StatManager | undefined
  private readonly stats2: StatManager | undefined

  /** `stages`: one to MAX_FUSED_STAGES operators, in chain order. */
  constructor(
    /** The source node's metrics. */
    private readonly source: StatManager,
    stages: readonly FusedStage[],
    /** The outputs of the chain's last node. */
    private readonly outputs: readonly Receiver[],
    /** The rule's metric time (refreshed by the source node for each message). */
    private readonly time: MetricTime,
    /** `outputs[0]` when it is the only output and a sink node. */
    sink?: FusedSink,
  ) {
    if (stages.length < 1 || stages.length > MAX_FUSED_STAGES)
      throw new RangeError(`a fused chain has 1 to ${MAX_FUSED_STAGES} stages, not ${stages.length}`)
    this.op0 = stages[0]!.op
    this.op1 = stages[1]?.op
    this.op2 = stages[2]?.op
    this.ctx0 = stages[0]!.ctx
    this.ctx1 = stages[1]?.ctx
    this.ctx2 = stages[2]?.ctx
    this.sink = sink
    this.head = stages[0]!.node
    this.node1 = stages[1]?.node
    this.node2 = stages[2]?.node
    this.stats0 = stages[0]!.stats
    this.stats1 = stages[1]?.stats
    this.stats2 = stages[2]?.stats
  }

  /**
   * Whether the source node may hand its next item to the chain: enabled, not running already (a sink publishing
   * to a topic its own rule reads), nothing waiting in the head node's queue, every output with room. When not,
   * the item takes the nodes' path, where it waits in a queue as before.
   */
  ready(): boolean {
    if (!this.enabled || this.running) return false
    return this.clear || this.recheck()
  }

  private recheck(): boolean {
    if (this.head.queued > 0) return false
    const outs = this.outputs
    for (let i = 0; i < outs.length; i++) if (outs[i]!.saturated()) return false
    const sink = this.sink
    if (sink !== undefined && sink.queued === 0) this.clear = true
    return true
  }

  /**
   * Makes the chain a member of its stream's fan-out step (`fanout`): `emit` is its source node's ingest, `stream`
   * and `clock` what the node stamps a tuple with.
   */
  join(
    fanout: FanoutBuilder,
    emit: (message: ValueMap, meta?: ValueMap | null) => void,
    stream: string,
    clock: Clock,
  ): void {
    this.fanout = fanout
    this.emit = emit
    this.stream = stream
    this.clock = clock
    this.key0 = this.op0.sharedTransformKey?.()
    this.key1 = this.op1?.sharedTransformKey?.()
    this.key2 = this.op2?.sharedTransformKey?.()
  }

  /**
   * What `ready` answers without reading any node: true only while it would be true at no cost (see `clear`). When
   * false the fan-out step calls `emit`, which asks `ready` (and so rechecks the nodes).
   */
  plainReady(): boolean {
    return this.clear && this.enabled && !this.running
  }

  /** An item of the chain's source went the nodes' way (see `clear`). */
  detour(): void {
    this.clear = false
  }

  /**
   * An item the source node took in at metric time `now` and hands on at once: counted for the source as well. The
   * rule's MetricTime is not set on the plain path (one memory write less per rule and message): whatever leaves it
   * sets it first, as the nodes read it.
   */
  take(tuple: Tuple, now: number): void {
    this.running = true
    this.dirty = true
    const tick = tickOf(now)
    try {
      let out: Item | undefined
      this.in0++
      this.last0 = tick
      if (tick === FAR) this.far0 = now
      try {
        out = this.op0.transform(tuple, this.ctx0)
      } catch (err) {
        this.detourAt(now)
        this.head.fail(err)
        return
      }
      if (out !== undefined) this.after0(out, tick, now)
    } finally {
      this.running = false
    }
  }

  /**
   * `take` of an item whose stage-0 output is `out`, computed once for the chains of a fan-out that share stage 0's
   * `sharedTransformKey`: counted as if stage 0 had run here.
   */
  takeTransformed(out: Item, now: number): void {
    this.running = true
    this.dirty = true
    const tick = tickOf(now)
    try {
      this.in0++
      this.last0 = tick
      if (tick === FAR) this.far0 = now
      this.after0(out, tick, now)
    } finally {
      this.running = false
    }
  }

  /** The rest of `take` once stage 0 gave `out`. */
  private after0(item: Item, tick: number, now: number): void {
    let out: Item | undefined = item
    this.out0++
    const op1 = this.op1
    if (op1 !== undefined) {
      this.last1 = tick
      if (tick === FAR) this.far1 = now
      try {
        const key = this.key1
        out = key === undefined ? op1.transform(out, this.ctx1!) : shared.transform(key, op1, out, this.ctx1!)
      } catch (err) {
        this.detourAt(now)
        this.node1!.fail(err)
        return
      }
      if (out === undefined) return
      this.out1++
      const op2 = this.op2
      if (op2 !== undefined) {
        this.last2 = tick
        if (tick === FAR) this.far2 = now
        try {
          const key = this.key2
          out = key === undefined ? op2.transform(out, this.ctx2!) : shared.transform(key, op2, out, this.ctx2!)
        } catch (err) {
          this.detourAt(now)
          this.node2!.fail(err)
          return
        }
        if (out === undefined) return
        this.out2++
      }
    }
    const sink = this.sink
    if (sink !== undefined) {
      if (!sink.takeFused(out, now)) {
        this.detourAt(now)
        sink.receive(out)
      }
      return
    }
    this.time.value = now
    const outs = this.outputs
    for (let i = 0; i < outs.length; i++) outs[i]!.receive(out)
  }

  /** An item leaves the plain path at `now` for the nodes, which read the metric time (see `clear`). */
  private detourAt(now: number): void {
    this.clear = false
    this.time.value = now
  }

  /** Adds the counts since the last flush to the nodes' metrics (before they are read). */
  flush(): void {
    if (!this.dirty) return
    this.dirty = false
    const last0 = timeOf(this.last0, this.far0)
    // Every item taken reached stage 0 at once: the source's last invocation is stage 0's.
    this.source.addSynchronousRuns(this.in0, this.in0, last0)
    this.stats0.addSynchronousRuns(this.in0, this.out0, last0)
    if (this.stats1 !== undefined) this.stats1.addSynchronousRuns(this.out0, this.out1, timeOf(this.last1, this.far1))
    if (this.stats2 !== undefined) this.stats2.addSynchronousRuns(this.out1, this.out2, timeOf(this.last2, this.far2))
    this.sink?.flushFused()
    this.in0 = this.out0 = this.out1 = this.out2 = 0
  }
}

/**
 * The last output of an operator with a `sharedTransformKey`, for the next chain whose operator has the same key and
 * gets the same item (the rules of a stream get the same preprocessed tuple): one projection per message and SELECT
 * list, not one per rule. Keyed by the item itself, so it holds across deliveries only for the very same item.
 */
class SharedTransform {
  private key: string | undefined = undefined
  private input: Item | undefined = undefined
  private output: Item | undefined = undefined

  transform(key: string, op: FusedStage['op'], item: Item, ctx: OperatorContext): Item | undefined {
    if (key === this.key && item === this.input) return this.output
    // A throw leaves the last result as it was: the next rule computes (and throws) again, counting its exception
    const out = op.transform(item, ctx)
    this.key = key
    this.input = item
    this.output = out
    return out
  }
}

const shared = new SharedTransform()

function noFanout(): never {
  throw new Error('a fused chain joins a fan-out before it is handed to one')
}

function noEmit(): void {}
