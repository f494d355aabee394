// A live rule topology built from a TopologySpec: source, operator and sink nodes wired by the spec's edges.
// It opens and closes them in 1.0's order, reports metrics by 1.0 names, and tells when all work has settled.
// With qos > 0 it runs a checkpoint coordinator and restores the nodes from a stored checkpoint before opening.

import type { Clock } from '../core/clock.js'
import { KuiperError } from '../core/errors.js'
import type { FunctionContext } from '../functions/define-function.js'
import { childLogger } from '../connectors/api.js'
import type { ConnectorLogger, Sink, Source } from '../connectors/api.js'
import type { PayloadFormat } from '../core/payload-format.js'
import { collectConnectionMetrics } from './connection-metrics.js'
import { MetricTime } from './metrics.js'
import type { StatManager } from './metrics.js'
import { Activity, OperatorNode } from './node.js'
import type { Receiver } from './node.js'
import type { Operator } from './operator.js'
import { QOS, toQos } from './checkpoint/barrier.js'
import type { Qos } from './checkpoint/barrier.js'
import { BarrierAligner, BarrierTracker } from './checkpoint/barrier-handler.js'
import { CheckpointCoordinator } from './checkpoint/coordinator.js'
import type { CheckpointStatus } from './checkpoint/coordinator.js'
import { InputPort } from './checkpoint/input-port.js'
import { FusedChain, MAX_FUSED_STAGES } from './fused-chain.js'
import { decodeState } from './checkpoint/state-codec.js'
import type { CheckpointStore, StoredCheckpoint } from '../state/checkpoint-store.js'
import type { KvStore } from '../state/kv-store.js'
import { SinkNode } from './sink-node.js'
import type { SinkSettings } from './sink-node.js'
import { SourceNode } from './source-node.js'
import type { NodeSpec, TopoJson, TopologySpec } from '../core/topology-spec.js'
import { topoJson } from '../core/topology-spec.js'
import { WatermarkOperator } from './watermark.js'
import type { RuleTracer } from './trace/rule-tracer.js'

/** Turns node specs into live parts; supplied by the composition root (registries of operators and connectors). */
export interface NodeResolver {
  source(spec: NodeSpec): Source
  /** The payload format of a source node's stream (FORMAT); JSON when the resolver has none. */
  format?(spec: NodeSpec): PayloadFormat | undefined
  sink(spec: NodeSpec): Sink
  /** A factory of operator instances for an `op` node. */
  operator(spec: NodeSpec): () => Operator
}

export interface TopologyEnv {
  readonly clock: Clock
  readonly fn: FunctionContext
  readonly resolver: NodeResolver
  /** Where sink outboxes are saved (undelivered results survive a restart); in memory when absent. */
  readonly sinkStore?: KvStore
  /** Outbox bounds and stop grace of every sink node. */
  readonly sinkSettings?: SinkSettings
  /** The engine's logger; each source and sink gets it bound to `{ rule, connector }`. Default: consoleLogger. */
  readonly logger?: ConnectorLogger
}

/** The action properties in a sink node's config (`{ type, props, index }` of the plan). */
function sinkProps(config: unknown): Readonly<Record<string, unknown>> {
  const p = (config as { props?: unknown } | undefined)?.props
  return typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : {}
}

/** The connector type in a source or sink node's config (`{ type }` of the plan); the node name otherwise. */
function connectorType(n: NodeSpec): string {
  const t = (n.config as { type?: unknown } | undefined)?.type
  return typeof t === 'string' ? t : n.name
}

export type Metrics = Record<string, number | string>

/** What a topology without fused chains holds (one array for all of them). */
const NO_FUSED_CHAINS: readonly FusedChain[] = []

/** Operator kinds without timers or state between items, which a chain may hand items to directly. */
const STATELESS_KINDS: ReadonlySet<string> = new Set(['preprocessor', 'filter', 'project'])

/** Checkpointing of a rule (rule options `qos`, `checkpointInterval`). */
export interface CheckpointOptions {
  /** 0 at-most-once (no checkpoints), 1 at-least-once, 2 exactly-once. */
  readonly qos: number
  /** ms between checkpoints; ≤ 0 means 5000 as in 1.0. */
  readonly interval: number
  readonly store: CheckpointStore
  /** A checkpoint was abandoned or not stored (the rule keeps running). */
  readonly onError?: (message: string, err: unknown) => void
}

export interface TopologyCheckpointStatus extends CheckpointStatus {
  readonly qos: Qos
  /** Id of the checkpoint the rule was restored from when it opened. */
  readonly restoredFrom: number | undefined
}

export class Topology {
  readonly ruleId: string
  private readonly activity = new Activity()
  private sources: SourceNode[] = []
  private ops: OperatorNode[] = []
  private sinks: SinkNode[] = []
  /**
   * Every node and its spec id, in spec order: two arrays of exactly their size rather than a Map (~260 B a rule);
   * a lookup by id scans the few nodes of a rule, and is needed only to build, checkpoint or restore it.
   */
  private nodeIds: string[] = []
  private nodes: (SourceNode | OperatorNode | SinkNode)[] = []
  private state: 'new' | 'open' | 'closed' = 'new'
  private readonly time: MetricTime
  private readonly clock: Clock
  private coordinator: CheckpointCoordinator | undefined
  private qos: Qos = QOS.atMostOnce
  private restoredFrom: number | undefined
  /**
   * The node specs (with their configs: the parsed statement, the stream definition...) are needed until open()
   * has linked the stateless chains, not while the rule runs: thousands of running rules do not hold them.
   */
  private nodeSpecs: readonly NodeSpec[] | undefined
  /** The stateless chains run as one step by their source nodes (qos 0); their counts are added before metrics. */
  private fused: readonly FusedChain[] = NO_FUSED_CHAINS
  /**
   * What `topo()` and the checkpoint wiring read. The edges are a Map, not the spec's object: keyed by node ids such as
   * `source_demo17`, each rule's object had hidden classes of its own (~600 B of maps and descriptors a rule).
   */
  private readonly wiring: {
    readonly sources: readonly string[]
    readonly edges: ReadonlyMap<string, readonly string[]>
  }

  constructor(spec: TopologySpec, env: TopologyEnv) {
    this.ruleId = spec.ruleId
    this.time = new MetricTime(env.clock)
    this.clock = env.clock
    this.nodeSpecs = spec.nodes
    this.wiring = { sources: spec.sources, edges: new Map(Object.entries(spec.edges)) }
    for (const n of spec.nodes) this.addNode(n, env, spec.bufferLength)
    // Arrays of exactly their size (one grown by push keeps room for 17 entries): a topology lives as long as its rule.
    this.sources = this.sources.slice()
    this.ops = this.ops.slice()
    this.sinks = this.sinks.slice()
    this.nodeIds = this.nodeIds.slice()
    this.nodes = this.nodes.slice()
    for (const [from, tos] of Object.entries(spec.edges)) {
      const src = this.byId(from)
      if (src === undefined || src instanceof SinkNode) throw new KuiperError('PLAN_ERROR', `invalid edge from ${from}`)
      src.outputs = tos.map((to) => this.receiver(from, to))
    }
  }

  /** The node of that spec id. */
  private byId(id: string): SourceNode | OperatorNode | SinkNode | undefined {
    const at = this.nodeIds.indexOf(id)
    return at < 0 ? undefined : this.nodes[at]
  }

  private receiver(from: string, to: string): Receiver {
    const dst = this.byId(to)
    if (dst === undefined || dst instanceof SourceNode)
      throw new KuiperError('PLAN_ERROR', `invalid edge ${from} -> ${to}`)
    return dst
  }

  /** Opens sinks, then operators (timers start now), then sources, as 1.0's Topo.Open. */
  async open(): Promise<void> {
    if (this.state !== 'new') throw new KuiperError('RULE_ERROR', `topology of rule ${this.ruleId} was already opened`)
    this.state = 'open'
    this.time.refresh()
    // Checkpoint barriers travel the nodes' queues: chains are linked only when there are none (qos 0).
    if (this.coordinator === undefined) this.linkStatelessChains(this.nodeSpecs ?? [])
    this.nodeSpecs = undefined
    try {
      for (const s of this.sinks) await s.open()
      for (const o of this.ops) o.open()
      for (const s of this.sources) await s.open()
      this.coordinator?.start()
    } catch (err) {
      await this.close()
      throw err
    }
  }

  /** Stops sources first, then operators (cancelling their timers) and sinks. Idempotent. */
  async close(): Promise<void> {
    if (this.state === 'closed') return
    this.state = 'closed'
    await this.coordinator?.stop()
    for (const s of this.sources) await s.close()
    for (const o of this.ops) o.close()
    // Together: each sink's stop is bounded by its grace, and so is the rule's.
    await Promise.all(this.sinks.map((s) => s.close()))
  }

  /**
   * Turns checkpointing on (before `open`): every node gets a barrier tracker (qos 1) or aligner (qos 2, whose
   * multi-input nodes see each input through its own port) and acknowledges to one coordinator.
   */
  enableCheckpoints(opts: CheckpointOptions): void {
    if (this.state !== 'new') throw new KuiperError('RULE_ERROR', `topology of rule ${this.ruleId} was already opened`)
    const qos = toQos(opts.qos)
    if (qos === QOS.atMostOnce || this.coordinator !== undefined) return
    this.qos = qos
    const nodes = [...this.nodes]
    const coordinator = new CheckpointCoordinator({
      ruleId: this.ruleId,
      interval: opts.interval,
      clock: this.clock,
      store: opts.store,
      sources: this.sources,
      participants: nodes,
      activity: this.activity,
      ...(opts.onError !== undefined ? { onError: opts.onError } : {}),
    })
    const upstreams = new Map<string, string[]>()
    for (const [from, tos] of this.wiring.edges) {
      for (const to of tos) upstreams.set(to, [...(upstreams.get(to) ?? []), from])
    }
    for (const [i, node] of this.nodes.entries()) {
      const id = this.nodeIds[i]!
      const ups = upstreams.get(id) ?? []
      const n = Math.max(1, ups.length)
      node.enableCheckpoints(qos === QOS.exactlyOnce ? new BarrierAligner(n) : new BarrierTracker(n), coordinator)
      if (qos !== QOS.exactlyOnce || ups.length < 2) continue
      ups.forEach((up, input) => {
        const outs = this.byId(up)!.outputs
        const at = outs.indexOf(node)
        if (at >= 0) outs[at] = new InputPort(node, input)
      })
    }
    this.coordinator = coordinator
  }

  /** Restores every node from a stored checkpoint (before `open`); states of unknown nodes are ignored. */
  restore(checkpoint: StoredCheckpoint): void {
    if (this.state !== 'new') throw new KuiperError('RULE_ERROR', `topology of rule ${this.ruleId} was already opened`)
    for (const [id, bytes] of Object.entries(checkpoint.states)) {
      this.byId(id)?.restoreState(decodeState(bytes, checkpoint.segments))
    }
    this.restoredFrom = checkpoint.id
  }

  /** Checkpointing progress; undefined at qos 0. */
  checkpointStatus(): TopologyCheckpointStatus | undefined {
    const c = this.coordinator
    if (c === undefined) return undefined
    return { qos: this.qos, restoredFrom: this.restoredFrom, ...c.status() }
  }

  /** Starts a checkpoint now, besides the ticker (tests, shutdown); returns its id, undefined at qos 0. */
  triggerCheckpoint(): number | undefined {
    return this.isOpen ? this.coordinator?.trigger() : undefined
  }

  /** Resolves once every checkpoint completed so far is stored. */
  async checkpointsFlushed(): Promise<void> {
    await this.coordinator?.flushed()
  }

  /** Traces the rule's messages through every node (`undefined`: tracing off, the nodes pay one check each). */
  setTracer(tracer: RuleTracer | undefined): void {
    for (const n of this.nodes) n.tracer = tracer
    // A fused chain skips the nodes the tracer observes: traced rules run node by node.
    this.setFusedChains(tracer === undefined)
  }

  /** Whether any item is queued or any async sink write is in flight. */
  get isBusy(): boolean {
    return this.activity.busy
  }

  get isOpen(): boolean {
    return this.state === 'open'
  }

  /** Resolves when every queue is empty and no async collect is in flight. */
  idle(): Promise<void> {
    return this.activity.idle()
  }

  /** `{"source_demo_0_records_in_total": 5, ...}`: sources, operators, then sinks, each in 1.0's metric order. */
  metrics(): Metrics {
    for (const f of this.fused) f.flush()
    const out: Metrics = {}
    for (const s of this.sources) {
      this.collectStats([s.stats], s.queued, out)
      out[s.stats.prefix + 'last_exception'] = s.lastException
      const conn = s.connectionStatus()
      if (conn !== undefined) collectConnectionMetrics(s.stats.prefix, conn, out)
    }
    for (const o of this.ops) this.collectStats(o.stats(), o.queued, out)
    for (const s of this.sinks) {
      this.collectStats([s.stats], s.queued, out)
      const conn = s.connectionStatus()
      if (conn !== undefined) collectConnectionMetrics(s.stats.prefix, conn, out)
    }
    return out
  }

  topo(): TopoJson {
    return topoJson({ sources: this.wiring.sources, edges: Object.fromEntries(this.wiring.edges) })
  }

  sourceNode(stream: string): SourceNode | undefined {
    return this.sources.find((s) => s.stream === stream)
  }

  operatorNode(name: string): OperatorNode | undefined {
    return this.ops.find((o) => o.name === name)
  }

  /** The longest any queue of the rule has been (source, operator and sink inputs). */
  peakQueued(): number {
    let peak = 0
    for (const n of this.nodes) peak = Math.max(peak, n.peakQueued)
    return peak
  }

  /**
   * Links each run of stateless operators (preprocessor → filter → project: no timers, no state) so that an item
   * crosses it in one call instead of one queue hop per operator (see OperatorNode.linkDirect). Only a node feeding
   * exactly one node, which has no other input, is linked to it.
   */
  private linkStatelessChains(nodes: readonly NodeSpec[]): void {
    const specs = new Map(nodes.map((n) => [n.id, n]))
    const inputs = new Map<string, number>()
    for (const tos of this.wiring.edges.values()) for (const to of tos) inputs.set(to, (inputs.get(to) ?? 0) + 1)
    const stateless = (id: string): OperatorNode | undefined => {
      const node = this.byId(id)
      const kind = specs.get(id)?.kind
      return kind !== undefined && STATELESS_KINDS.has(kind) && node instanceof OperatorNode ? node : undefined
    }
    const nextOf = (id: string): OperatorNode | undefined => {
      const outs = this.wiring.edges.get(id)
      return outs?.length === 1 && inputs.get(outs[0]!) === 1 ? stateless(outs[0]!) : undefined
    }
    const linkedInto = new Set<string>()
    for (const n of nodes) {
      const next = stateless(n.id) !== undefined ? nextOf(n.id) : undefined
      if (next !== undefined) linkedInto.add(next.id)
    }
    for (const n of nodes) {
      const head = stateless(n.id)
      if (head === undefined || linkedInto.has(n.id)) continue
      let node = head
      const chain = [head]
      for (let next = nextOf(node.id); next !== undefined; next = nextOf(node.id)) {
        node.linkDirect(next, head)
        node = next
        chain.push(node)
      }
      // A projection emits new rows: nothing after it writes to what the chain passes along, so rules may share it.
      if (specs.get(node.id)?.kind === 'project') for (const c of chain) c.shareOutput()
    }
    // Preprocessors only read their input: the sources feeding nothing else may share one tuple between rules.
    for (const n of nodes) {
      const source = this.byId(n.id)
      const outs = this.wiring.edges.get(n.id) ?? []
      const onlyPreprocessors = outs.length > 0 && outs.every((id) => specs.get(id)?.kind === 'preprocessor')
      if (source instanceof SourceNode && onlyPreprocessors) source.shareTuples()
      // A source feeding only the head of a stateless chain runs it as one step.
      const head = outs.length === 1 ? stateless(outs[0]!) : undefined
      const stages = head !== undefined && inputs.get(head.id) === 1 ? head.fusedStages() : undefined
      if (source instanceof SourceNode && stages !== undefined && stages.length <= MAX_FUSED_STAGES) {
        const outputs = head!.chainTailOutputs()
        const sink = outputs.length === 1 && outputs[0] instanceof SinkNode ? outputs[0] : undefined
        const chain = new FusedChain(source.stats, stages, outputs, this.time, sink)
        source.fuse(chain)
        // concat, not a spread: the spread's array keeps room for 17 chains, for as long as the rule runs.
        this.fused = this.fused.concat(chain)
      }
    }
  }

  /**
   * Whether the rule's stateless chains run as one step (the default at qos 0). A tracer that observes each
   * operator's input and output turns it off, so that every item crosses the operator nodes.
   */
  setFusedChains(enabled: boolean): void {
    for (const f of this.fused) f.enabled = enabled
  }

  /** How many of the rule's stateless chains run as one step (diagnostics, tests). */
  get fusedChains(): number {
    return this.fused.length
  }

  private collectStats(stats: readonly StatManager[], queued: number, out: Metrics): void {
    for (const st of stats) {
      st.bufferLength = queued
      st.collect(out)
    }
  }

  private addById(id: string, node: SourceNode | OperatorNode | SinkNode): void {
    this.nodeIds.push(id)
    this.nodes.push(node)
  }

  private addNode(n: NodeSpec, env: TopologyEnv, bufferLength: number): void {
    if (this.nodeIds.includes(n.id)) throw new KuiperError('PLAN_ERROR', `duplicate node ${n.id}`)
    // Each node's options are one literal with every property present: object spreads here cost a clone per node in
    // V8's generic path (a tenth of a 10,000-rule restore) and gave each copy a hidden class of its own.
    const { clock } = env
    const ruleId = this.ruleId
    const time = this.time
    const logger =
      env.logger !== undefined && n.type !== 'op'
        ? childLogger(env.logger, { rule: ruleId, connector: connectorType(n) })
        : undefined
    switch (n.type) {
      case 'source': {
        const source = env.resolver.source(n)
        const format = env.resolver.format?.(n)
        const node = new SourceNode(
          { ruleId, clock, time, bufferLength, logger, stream: n.name, source, format },
          this.activity,
        )
        this.sources.push(node)
        this.addById(n.id, node)
        return
      }
      case 'sink': {
        const sink = env.resolver.sink(n)
        const settings = env.sinkSettings
        const node = new SinkNode(
          {
            ruleId,
            clock,
            time,
            bufferLength,
            logger,
            name: n.name,
            sink,
            concurrency: n.concurrency ?? 1,
            props: sinkProps(n.config),
            store: env.sinkStore,
            outboxLimits: settings?.outboxLimits,
            closeGrace: settings?.closeGrace,
          },
          this.activity,
        )
        this.sinks.push(node)
        this.addById(n.id, node)
        return
      }
      case 'op': {
        const make = env.resolver.operator(n)
        const wm = n.watermark
        const create =
          wm === undefined
            ? (): Operator => make()
            : (_i: number, stats: StatManager): Operator => {
                stats.incExtra('late_records_total', 0)
                return new WatermarkOperator(make(), wm, () => stats.incExtra('late_records_total'))
              }
        const node = new OperatorNode(
          { ruleId, clock, time, bufferLength, name: n.name, fn: env.fn, concurrency: n.concurrency ?? 1, create },
          this.activity,
        )
        this.ops.push(node)
        this.addById(n.id, node)
        return
      }
    }
  }
}
