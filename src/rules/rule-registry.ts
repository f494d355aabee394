// The one owner of the rule lifecycle: every rule's definition, its plan, its topology and its one status. The
// Engine (embedding API) and the RuleManager (kuiperd: persistence, REST texts) are views over it; neither keeps a
// map of rules or a status of its own.

import type { Clock } from '../core/clock.js'
import { KuiperError, errorMessage } from '../core/errors.js'
import { youngGenerationBurst } from '../core/young-generation.js'
import type { TopoJson, TopologySpec } from '../core/topology-spec.js'
import { topoJson } from '../core/topology-spec.js'
import type { ConnectorEnv } from '../connectors/api.js'
import { dropOutbox } from '../runtime/sink/outbox.js'
import type { SinkSettings } from '../runtime/sink-node.js'
import type { Metrics, Topology, TopologyCheckpointStatus } from '../runtime/topology.js'
import type { CheckpointStore } from '../state/checkpoint-store.js'
import type { KvStore } from '../state/kv-store.js'
import type { SelectStatement } from '../sql/ast/statement.js'
import { buildTopology, checkStreamSource } from './build-topology.js'
import type { StreamDefinition } from '../catalog/stream-catalog.js'
import { statOnce } from '../catalog/source-conf-overlay.js'
import { prepareRule, replanIfStale } from './prepare-rule.js'
import type { PrepareDeps, PrepareOptions, PreparedRule } from './prepare-rule.js'
import type { RuleDef } from './rule-def.js'
import { sinkSpecs } from './rule-def.js'
import type { SinkSpec } from '../plan/to-topology.js'
import type { RuleRecord } from './rule-json.js'
import { NO_RESTART, isTransientStartError } from './restart-strategy.js'
import { RuleTraces } from './rule-traces.js'
import type { TraceStrategy } from '../runtime/trace/rule-tracer.js'
import type { RestartStrategy } from './restart-strategy.js'
import { Revision, RuleEntry } from './rule-entry.js'
import type { RuleState } from './rule-entry.js'

export const STOPPED_MANUALLY = 'Stopped: canceled manually or by error.'
/** Status of a rule queued to start (at boot, while rules are restored in the background) or opening. */
export const STARTING = 'Starting'
export const RUNNING = 'Running'

export interface RuleStatus {
  /** `Running`, `Starting`, `Stopped: canceled manually or by error.`, or `Stopped: <error>.` (+ the next retry). */
  readonly status: string
  /** 1.0 metrics (`source_demo_0_records_in_total`...), present while running. */
  readonly metrics?: Metrics
}

export interface RuleLogger {
  info(msg: string): void
  warn(msg: string): void
  error(msg: string): void
}

export interface RegistryDeps extends PrepareDeps {
  readonly clock: Clock
  readonly env: ConnectorEnv
  /** Checkpoints and sink outboxes. */
  readonly stateStore: KvStore
  readonly checkpoints: CheckpointStore
  readonly sinkSettings?: SinkSettings
  readonly onCheckpointError?: (ruleId: string, message: string, err: unknown) => void
  /** A start that fails for a transient reason is retried on this schedule (NO_RESTART: never). */
  readonly restart?: RestartStrategy
  readonly log?: RuleLogger
  /** Traces kept per traced rule (kuiper.yaml `trace.ringSize`). Default: DEFAULT_TRACE_RING_SIZE. */
  readonly traceRingSize?: number
}

export interface StartOptions {
  /** Schedule retries per the restart strategy when the start fails for a transient reason (boot, create). */
  readonly retry?: boolean
}

/** What a background start of many rules did. */
export interface BatchStartResult {
  /** Rules running once every first attempt has settled. */
  readonly started: number
}

const quiet: RuleLogger = { info: () => undefined, warn: () => undefined, error: () => undefined }

/** Rules prepared and started per turn of the event loop when many start at once (boot). */
export const START_BATCH = 100

export class RuleRegistry {
  /** Per-operator traces of the rules (kept until a rule is dropped). */
  readonly traces: RuleTraces
  private readonly entries = new Map<string, RuleEntry>()
  /**
   * The entries and their ids in id order, rebuilt only after an add or a removal: a listing of 10,000 rules does not
   * sort each time.
   */
  private sorted: RuleEntry[] | undefined
  private sortedIds: string[] | undefined
  private readonly restart: RestartStrategy
  private readonly log: RuleLogger
  /** See {@link revision}. */
  private readonly changes = new Revision()
  /** Set by close(): no retry or background start begins any more. */
  private closing = false

  constructor(private readonly deps: RegistryDeps) {
    this.restart = deps.restart ?? NO_RESTART
    this.log = deps.log ?? quiet
    this.traces = new RuleTraces(deps.traceRingSize)
  }

  /** Traces the rule's messages from now on (its running topology at once, and each one it opens later). */
  startTrace(id: string, strategy: TraceStrategy): void {
    const entry = this.get(id)
    const tracer = this.traces.start(id, strategy)
    entry.topology?.setTracer(tracer)
  }

  /** Stops tracing the rule; the traces kept stay readable. */
  stopTrace(id: string): void {
    const entry = this.get(id)
    this.traces.stop(id)
    entry.topology?.setTracer(undefined)
  }

  /** Checks and plans a rule, registering nothing (see prepareRule for the checks and their codes). */
  prepare(def: RuleDef, statement?: SelectStatement): PreparedRule {
    return prepareRule(def, this.deps, statement)
  }

  /** Checks a new stream's source conf against its connector's declared properties (checkStreamSource). */
  checkStreamSource(def: StreamDefinition): void {
    checkStreamSource(def, this.deps)
  }

  /**
   * Registers a rule: `prepared` is the plan from {@link prepare} (planned once; without it a restored rule is
   * prepared when it first starts). `starting` shows the rule as `Starting` until its start is attempted.
   */
  add(
    def: RuleDef,
    opts: { readonly prepared?: PreparedRule; readonly record?: RuleRecord; readonly starting?: boolean } = {},
  ): RuleEntry {
    if (this.entries.has(def.id)) throw new KuiperError('CONFLICT', `Item ${def.id} already exists`)
    const state: RuleState = opts.starting === true ? 'starting' : 'stopped'
    const entry = new RuleEntry(def.id, def, { record: opts.record, prepared: opts.prepared, state }, this.changes)
    this.entries.set(def.id, entry)
    this.membershipChanged()
    return entry
  }

  has(id: string): boolean {
    return this.entries.has(id)
  }

  find(id: string): RuleEntry | undefined {
    return this.entries.get(id)
  }

  get(id: string): RuleEntry {
    const e = this.entries.get(id)
    if (e === undefined) throw new KuiperError('NOT_FOUND', `Rule ${id} is not found.`)
    return e
  }

  /**
   * Moves on each change of what a listing of the rules shows: a rule added or removed, a state, error or retry
   * changed (RuleEntry.setStatus, the only way to change those, moves it). Whoever keeps something derived from the
   * statuses (RuleListing) knows that it is stale when this moved.
   */
  get revision(): number {
    return this.changes.value
  }

  /** Every rule id, sorted. The array is shared: do not change it. */
  ids(): readonly string[] {
    return (this.sortedIds ??= this.ordered().map((e) => e.id))
  }

  /**
   * Every entry, sorted by id (as {@link ids}). The array is shared and stays the same object until a rule is added
   * or removed: a caller may keep what it derived from it while it is the same array.
   */
  ordered(): readonly RuleEntry[] {
    return (this.sorted ??= [...this.entries.values()].sort(byId))
  }

  all(): IterableIterator<RuleEntry> {
    return this.entries.values()
  }

  /**
   * Starts the rule: the topology is built from its plan (planned again only when a stream it reads was replaced)
   * and opened; with qos > 0 its nodes are first restored from the last completed checkpoint. Throws the start
   * error, after recording it as the status; with `retry`, a transient failure is retried per the restart strategy.
   */
  async start(id: string, opts: StartOptions = {}): Promise<void> {
    const entry = this.get(id)
    await this.settle(entry)
    if (this.entries.get(id) !== entry) throw new KuiperError('NOT_FOUND', `Rule ${id} is not found.`)
    if (entry.state === 'running') return
    await this.attempt(entry, 0, opts.retry === true)
  }

  /** Stops the rule (waiting for a start attempt in flight, cancelling the next retry). */
  async stop(id: string): Promise<void> {
    const entry = this.get(id)
    await this.settle(entry)
    await this.closeTopology(entry)
    // A rule that failed to start keeps its error as status (without the retry, now cancelled).
    if (entry.state !== 'failed') entry.setStatus({ state: 'stopped' })
  }

  /**
   * Gives a stopped rule a new definition, planned beforehand: its checkpoints and sink outboxes are deleted, as
   * the new plan's nodes may not match them.
   */
  async redefine(id: string, def: RuleDef, prepared: PreparedRule, record?: RuleRecord): Promise<void> {
    const entry = this.get(id)
    await this.stop(id)
    await this.dropState(entry)
    entry.def = def
    entry.prepared = prepared
    entry.record = record
    entry.setStatus({ state: 'stopped', error: undefined })
  }

  /** Stops and forgets the rule, deleting its checkpoints and sink outboxes: a new rule of that id starts afresh. */
  async remove(id: string): Promise<RuleEntry> {
    const entry = this.get(id)
    await this.stop(id)
    await this.dropState(entry)
    this.traces.drop(id)
    this.entries.delete(id)
    this.membershipChanged()
    return entry
  }

  /** The one status of the rule; its metrics too while it runs, unless `{ metrics: false }` (a listing). */
  status(id: string, opts: { readonly metrics?: boolean } = {}): RuleStatus {
    const entry = this.get(id)
    const t = entry.topology
    if (entry.state === 'running' && t !== undefined && opts.metrics !== false) {
      return { status: RUNNING, metrics: t.metrics() }
    }
    return { status: this.statusText(entry) }
  }

  statusText(entry: RuleEntry): string {
    switch (entry.state) {
      case 'running':
        return RUNNING
      case 'starting':
        return STARTING
      case 'stopped':
        return STOPPED_MANUALLY
      case 'failed': {
        const error = entry.error ?? STOPPED_MANUALLY
        const r = entry.retry
        if (r === undefined) return error
        const wait = r.at - this.deps.clock.now()
        return wait > 0 || entry.pending === undefined
          ? `${error} ${retryText(wait, r.attempt)}`
          : `${error} Retrying now (attempt ${r.attempt}).`
      }
    }
  }

  /** The plan, preparing a restored rule now if needed; RULE_ERROR with the status when it cannot be planned. */
  spec(id: string): TopologySpec {
    const entry = this.get(id)
    try {
      // A running rule keeps no plan (see RuleEntry.prepared): its spec is planned again, and not kept.
      if (entry.topology !== undefined && entry.prepared === undefined) {
        return prepareRule(entry.def, this.deps, undefined, { connectors: false }).spec
      }
      if (entry.prepared === undefined) this.ensurePrepared(entry)
    } catch (err) {
      throw new KuiperError('RULE_ERROR', `Stopped: ${errorMessage(err)}.`, { cause: err })
    }
    return entry.prepared!.spec
  }

  /** `GET /rules/{id}/topo`: a running rule's from its topology, without planning it again. */
  topo(id: string): TopoJson {
    const t = this.get(id).topology
    return t !== undefined ? t.topo() : topoJson(this.spec(id))
  }

  topology(id: string): Topology | undefined {
    const t = this.get(id).topology
    return t !== undefined && t.isOpen ? t : undefined
  }

  /**
   * Prepares and starts many rules without holding the event loop: `batch` rules per turn, then a yield
   * (setImmediate) so that REST requests are answered meanwhile. Each start runs on its own (one whose source is
   * slow to connect delays no other) and is the rule's pending attempt, which changes of that rule wait for.
   * Rules not in `start` are only prepared, so that a plan error shows as their status.
   */
  async startInBatches(
    ids: readonly string[],
    start: ReadonlySet<string>,
    batch = START_BATCH,
  ): Promise<BatchStartResult> {
    const attempts: Promise<boolean>[] = []
    for (let i = 0; i < ids.length && !this.closing; i += batch) {
      // Each start builds its topology before its first await: the batch reads its sources' files once.
      statOnce(() => {
        for (const id of ids.slice(i, i + batch)) {
          const entry = this.entries.get(id)
          if (entry === undefined || entry.pending !== undefined) continue
          if (!start.has(id)) {
            if (entry.prepared === undefined && entry.state === 'stopped') this.prepareQuietly(entry)
            continue
          }
          // Started, stopped or changed by a request meanwhile: that request decided.
          if (entry.state !== 'starting') continue
          attempts.push(this.begin(entry))
        }
      })
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    const results = await Promise.all(attempts)
    return { started: results.filter(Boolean).length }
  }

  /**
   * Starts a rule in the background (retries on): the attempt becomes its pending one, which changes of the rule
   * wait for, while the caller goes on. Resolves to whether the rule runs; never rejects (the error is the status).
   */
  startDetached(id: string): Promise<boolean> {
    const entry = this.get(id)
    if (entry.pending !== undefined) throw new KuiperError('RULE_ERROR', `Rule ${id} is already starting.`)
    return this.begin(entry)
  }

  private begin(entry: RuleEntry): Promise<boolean> {
    const run = this.attempt(entry, 0, true).then(
      () => true,
      () => false,
    )
    entry.pending = run
    return run.finally(() => {
      if (entry.pending === run) entry.pending = undefined
    })
  }

  /** Resolves when every running rule has processed everything handed to it. */
  async idle(): Promise<void> {
    for (;;) {
      const busy: Topology[] = []
      for (const e of this.entries.values()) if (e.topology?.isOpen === true) busy.push(e.topology)
      await Promise.all(busy.map((t) => t.idle()))
      // An async sink may have fed another rule through memory: check again until nothing moved.
      await Promise.resolve()
      if (busy.every((t) => !t.isBusy)) return
    }
  }

  /** Stops every rule at once (each sink's stop is bounded by its grace, so the whole stop is too). */
  async close(): Promise<void> {
    this.closing = true
    await Promise.all(
      [...this.entries.values()].map(async (e) => {
        await this.settle(e)
        await this.closeTopology(e).catch(() => undefined)
        if (e.state === 'running' || e.state === 'starting') e.setStatus({ state: 'stopped' })
      }),
    )
  }

  /** Checkpoint progress of a running rule with qos > 0. */
  checkpointStatus(id: string): TopologyCheckpointStatus | undefined {
    return this.topology(id)?.checkpointStatus()
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  /**
   * One start attempt (`attempt` 0 the first time, n for the n-th retry). On failure the error becomes the status;
   * with `retry` and a transient error, the next attempt is scheduled.
   */
  private async attempt(entry: RuleEntry, attempt: number, retry: boolean): Promise<void> {
    const id = entry.id
    if (entry.topology?.isOpen === true) return
    // A retry keeps its failed state until it succeeds; its status text turns to `Retrying now (attempt n).`
    entry.setStatus(attempt === 0 ? { state: 'starting' } : {})
    try {
      // The build below creates every source and sink, which checks their properties: no separate check.
      this.ensurePrepared(entry, { connectors: false })
      await this.open(entry)
      // The running topology holds what it needs; the next start prepares the rule again from its definition.
      entry.prepared = undefined
      entry.setStatus({ state: 'running', error: undefined, retry: undefined })
      if (attempt > 0) this.log.info(`rule ${id} started at retry ${attempt}`)
    } catch (err) {
      entry.setStatus({ state: 'failed', error: `Stopped: ${errorMessage(err)}.` })
      const next = attempt + 1
      const delay = retry && isTransientStartError(err) ? this.restart.nextDelay(next, err) : undefined
      if (delay === undefined) {
        entry.setStatus({ retry: undefined })
        if (retry) this.log.error(`rule ${id} failed to start: ${errorMessage(err)}`)
      } else {
        this.log.warn(`rule ${id} failed to start: ${errorMessage(err)}; ${retryText(delay, next).toLowerCase()}`)
        this.scheduleRetry(entry, next, delay)
      }
      throw err
    }
  }

  private scheduleRetry(entry: RuleEntry, attempt: number, delay: number): void {
    const timer = this.deps.clock.setTimeout(() => {
      if (entry.retry?.timer !== timer || this.closing) return
      if (this.entries.get(entry.id) !== entry || entry.state !== 'failed') {
        entry.setStatus({ retry: undefined })
        return
      }
      // Not in any request queue (a connect may take its timeout); changes of this rule wait for it instead.
      const run = this.attempt(entry, attempt, true).catch(() => undefined)
      entry.pending = run
      void run.finally(() => {
        if (entry.pending === run) entry.pending = undefined
      })
    }, delay)
    entry.setStatus({ retry: { timer, at: this.deps.clock.now() + delay, attempt } })
  }

  private ensurePrepared(entry: RuleEntry, opts: PrepareOptions = {}): void {
    entry.prepared =
      entry.prepared === undefined
        ? prepareRule(entry.def, this.deps, undefined, opts)
        : replanIfStale(entry.prepared, entry.id, this.deps, opts)
  }

  /** A rule restored stopped: its plan error, if any, becomes its status. */
  private prepareQuietly(entry: RuleEntry): void {
    try {
      this.ensurePrepared(entry)
    } catch (err) {
      entry.setStatus({ state: 'failed', error: `Stopped: ${errorMessage(err)}.` })
    }
  }

  private async open(entry: RuleEntry): Promise<void> {
    const prepared = entry.prepared!
    const d = this.deps
    // A rule's objects are long-lived: V8 would read them as a reason to grow its young generation for good.
    youngGenerationBurst()
    const topology = await buildTopology(prepared.spec, {
      clock: d.clock,
      functions: d.functions,
      connectors: d.connectors,
      ...(d.formats !== undefined ? { formats: d.formats } : {}),
      env: d.env,
      bindings: prepared.bindings,
      ...(prepared.sources !== undefined ? { sources: prepared.sources } : {}),
      sinkStore: d.stateStore,
      ...(d.sinkSettings !== undefined ? { sinkSettings: d.sinkSettings } : {}),
      ...(d.sourceProps !== undefined ? { sourceProps: d.sourceProps } : {}),
    })
    entry.topology = topology
    const tracer = this.traces.active(entry.id)
    if (tracer !== undefined) topology.setTracer(tracer)
    const { qos, checkpointInterval } = prepared.options
    if (qos > 0) {
      const onError = d.onCheckpointError
      topology.enableCheckpoints({
        qos,
        interval: checkpointInterval,
        store: d.checkpoints,
        ...(onError !== undefined ? { onError: (msg: string, err: unknown) => onError(entry.id, msg, err) } : {}),
      })
      const last = await d.checkpoints.latest(entry.id)
      if (last !== undefined) topology.restore(last)
    }
    await topology.open()
  }

  private async closeTopology(entry: RuleEntry): Promise<void> {
    const t = entry.topology
    entry.topology = undefined
    if (t !== undefined && t.isOpen) await t.close()
  }

  private async dropState(entry: RuleEntry): Promise<void> {
    await this.deps.checkpoints.deleteRule(entry.id)
    for (const spec of entry.prepared?.sinks ?? sinksOf(entry.def)) {
      await dropOutbox(this.deps.stateStore, entry.id, spec.name)
    }
  }

  /** Waits for a start attempt in flight, then cancels the next retry: the rule is the caller's to change. */
  private async settle(entry: RuleEntry): Promise<void> {
    while (entry.pending !== undefined) await entry.pending
    const retry = entry.retry
    if (retry === undefined) return
    retry.timer.cancel()
    entry.setStatus({ retry: undefined })
  }

  /** A rule was added or removed: the sorted views are made again, and the listing with them. */
  private membershipChanged(): void {
    this.sorted = this.sortedIds = undefined
    this.changes.bump()
  }
}

/** Ids compare as the default sort compares strings (UTF-16 code units). */
function byId(a: RuleEntry, b: RuleEntry): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The sinks of a rule that could not be prepared, when its actions still name some. */
function sinksOf(def: RuleDef): readonly SinkSpec[] {
  try {
    return sinkSpecs(def.actions).specs
  } catch {
    return []
  }
}

/** `Retrying in 4s (attempt 3).`: whole seconds, rounded up. */
function retryText(ms: number, attempt: number): string {
  return `Retrying in ${Math.max(0, Math.ceil(ms / 1000))}s (attempt ${attempt}).`
}
