// The embedding API: an in-process Kuiper. Create streams and rules with 1.0's SQL, push rows into memory topics,
// read results from memory topics or callback sinks, and read each rule's status, metrics and topology.
// Rules with qos > 0 checkpoint into the state store and resume from their last completed checkpoint on start.

import { MemoryStreamCatalog, streamFromStatement } from './catalog/stream-catalog.js'
import type { StreamCatalog, StreamDefinition } from './catalog/stream-catalog.js'
import type { SourceProfiles } from './catalog/source-profiles.js'
import type { Clock } from './core/clock.js'
import { systemClock } from './core/clock.js'
import { KuiperError, errorMessage } from './core/errors.js'
import type { ValueMap } from './core/value.js'
import { consoleLogger, defaultDataDir } from './connectors/api.js'
import type { ConnectorEnv, ConnectorLogger, SinkFactory, SourceFactory } from './connectors/api.js'
import type { ConnectorAllowLists } from './core/allow-list.js'
import { MemoryBroker } from './connectors/memory/pubsub.js'
import { ConnectorRegistry } from './connectors/registry.js'
import type { FunctionCatalog } from './functions/define-function.js'
import { builtinFunctions } from './functions/registry.js'
import { explainTopology } from './plan/explain.js'
import type { RuleOptions } from './plan/options.js'
import { resolveRuleOptions } from './plan/options.js'
import { planRule } from './plan/planner.js'
import { buildTopology, checkConnectors } from './rules/build-topology.js'
import type { BuildDeps } from './rules/build-topology.js'
import type { RuleDef } from './rules/rule-def.js'
import { sinkSpecs } from './rules/rule-def.js'
import type { Metrics, Topology, TopologyCheckpointStatus } from './runtime/topology.js'
import { dropOutbox } from './runtime/sink/outbox.js'
import type { SinkSettings } from './runtime/sink-node.js'
import { CheckpointStore } from './state/checkpoint-store.js'
import type { KvStore } from './state/kv-store.js'
import { MemoryKvStore } from './state/memory-kv-store.js'
import type { TopoJson, TopologySpec } from './core/topology-spec.js'
import { topoJson } from './core/topology-spec.js'
import type { SelectStatement } from './sql/ast/statement.js'
import { toSql } from './sql/ast/to-sql.js'
import { parseSelect, parseStatement } from './sql/parser/index.js'

export interface EngineOptions {
  /** Time source of every rule (a ManualClock in tests). Default: the system clock. */
  readonly clock?: Clock
  readonly functions?: FunctionCatalog
  readonly streams?: StreamCatalog
  /** Extra or replacing source / sink types (`{ mqtt: myMqttSourceFactory }`). */
  readonly sources?: Readonly<Record<string, SourceFactory>>
  readonly sinks?: Readonly<Record<string, SinkFactory>>
  /**
   * Source properties from the configuration folder (`loadSourceProfiles(etcDir)`): each stream's source opens with
   * its type's `default` section overlaid by its CONF_KEY section. Without it sources get empty properties.
   */
  readonly sourceProfiles?: SourceProfiles
  /**
   * Where rules with qos > 0 keep their checkpoints and every sink its outbox of undelivered results (kuiperd: the
   * SQLite or Redis store of `etc/kuiper.yaml`). Default: an in-memory store, so state survives a stop/start of a
   * rule but not the process.
   */
  readonly stateStore?: KvStore
  /**
   * The data folder, where connectors keep the files they make (a `file` sink without `path` appends to
   * `<dataDir>/sink/<ruleId>_<sinkName>`). kuiperd: its `data/`. Default: defaultDataDir(), `<os temp dir>/kuiper`.
   */
  readonly dataDir?: string
  /**
   * Where connectors and sink nodes log; each rule's sources and sinks get it bound to `{ rule, connector }` (when
   * it has `child`, as a pino logger does). Default: consoleLogger (info to stdout, warnings and errors to stderr).
   */
  readonly logger?: ConnectorLogger
  /**
   * Every sink node's outbox bounds and stop grace (kuiperd: kuiper.yaml `sink.outboxMaxBytes`,
   * `sink.outboxMaxDiskPercent`, `sink.shutdownTimeout`). Default: 1 GiB, 90 % of the disk, 10 s.
   */
  readonly sinkSettings?: SinkSettings
  /** A checkpoint was abandoned or could not be stored (the rule keeps running). Default: ignored. */
  readonly onCheckpointError?: (ruleId: string, message: string, err: unknown) => void
  /**
   * The folders file connectors and the URL prefixes HTTP connectors may reach (kuiperd: kuiper.yaml
   * `connectors.fileAllowList` / `httpAllowList`). Default: open, any file and any URL, as 1.0.
   */
  readonly allow?: ConnectorAllowLists
}

export interface RuleStatus {
  /** `Running`, `Stopped: canceled manually or by error.`, or `Stopped: <error>.` */
  readonly status: string
  /** 1.0 metrics (`source_demo_0_records_in_total`...), present while running. */
  readonly metrics?: Metrics
}

interface RuleEntry {
  readonly def: RuleDef
  readonly statement: SelectStatement
  readonly options: RuleOptions
  spec: TopologySpec
  topology: Topology | undefined
  status: string
}

const STOPPED_MANUALLY = 'Stopped: canceled manually or by error.'

/**
 * @example
 * const engine = new Engine()
 * engine.createStream('CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="demo", TYPE="memory")')
 * await engine.createRule({ id: 'r1', sql: 'SELECT temp FROM demo WHERE temp > 20', actions: [{ memory: { topic: 'hot' } }] })
 * engine.subscribe('hot', (row) => console.log(row))
 * engine.publish('demo', { temp: 25 })
 */
export class Engine {
  readonly clock: Clock
  readonly functions: FunctionCatalog
  readonly streams: StreamCatalog
  readonly memory = new MemoryBroker()
  readonly connectors = new ConnectorRegistry()
  private readonly rules = new Map<string, RuleEntry>()
  private readonly env: ConnectorEnv
  private readonly sourceProfiles: SourceProfiles | undefined
  /** Completed checkpoints of every rule, by rule id. */
  readonly checkpoints: CheckpointStore
  /** Checkpoints and sink outboxes. */
  private readonly stateStore: KvStore
  private readonly onCheckpointError: EngineOptions['onCheckpointError']
  private readonly sinkSettings: SinkSettings | undefined

  constructor(opts: EngineOptions = {}) {
    this.stateStore = opts.stateStore ?? new MemoryKvStore()
    this.checkpoints = new CheckpointStore(this.stateStore)
    this.onCheckpointError = opts.onCheckpointError
    this.sinkSettings = opts.sinkSettings
    this.clock = opts.clock ?? systemClock
    this.functions = opts.functions ?? builtinFunctions
    this.streams = opts.streams ?? new MemoryStreamCatalog()
    for (const [type, f] of Object.entries(opts.sources ?? {})) this.connectors.registerSource(type, f)
    for (const [type, f] of Object.entries(opts.sinks ?? {})) this.connectors.registerSink(type, f)
    this.sourceProfiles = opts.sourceProfiles
    this.env = {
      clock: this.clock,
      memory: this.memory,
      logger: opts.logger ?? consoleLogger,
      dataDir: opts.dataDir ?? defaultDataDir(),
      ...(opts.allow !== undefined ? { allow: opts.allow } : {}),
      ...(opts.sourceProfiles !== undefined ? { etcDir: opts.sourceProfiles.etcDir } : {}),
    }
  }

  /** Runs a CREATE STREAM statement; returns 1.0's `Stream <name> is created.` */
  createStream(sql: string): string {
    const stmt = parseStatement(sql, { functions: this.functions })
    if (stmt.kind !== 'CreateStreamStatement')
      throw new KuiperError('BAD_REQUEST', `${sql} is not a CREATE STREAM statement.`)
    this.streams.put(streamFromStatement(stmt, sql))
    return `Stream ${stmt.name} is created.`
  }

  dropStream(name: string): string {
    this.streams.delete(name)
    return `Stream ${name} is dropped.`
  }

  stream(name: string): StreamDefinition | undefined {
    return this.streams.get(name)
  }

  /**
   * Validates and plans the rule (see {@link checkRule}), then starts it unless `start: false`. Throws on SQL,
   * option, planning or connector property errors, registering nothing.
   */
  async createRule(def: RuleDef, opts: { start?: boolean } = {}): Promise<void> {
    if (this.rules.has(def.id)) throw new KuiperError('CONFLICT', `Item ${def.id} already exists`)
    const entry: RuleEntry = { def, ...this.prepare(def), topology: undefined, status: STOPPED_MANUALLY }
    this.rules.set(def.id, entry)
    if (opts.start !== false) await this.startRule(def.id)
  }

  /**
   * Everything createRule checks, without registering the rule: SQL, options, the plan, and every source's (conf
   * profile, DATASOURCE) and sink's properties against its connector, as the rule would be started. Throws the
   * first error (a connector's CONFIG_ERROR names the property).
   */
  checkRule(def: RuleDef): void {
    this.prepare(def)
  }

  /**
   * (Re)builds the topology from the current stream definitions and opens it. With qos > 0 the nodes are first
   * restored from the rule's last completed checkpoint (rewindable sources rewind to their saved offsets).
   */
  async startRule(id: string): Promise<void> {
    const entry = this.entry(id)
    if (entry.topology?.isOpen) return
    entry.spec = this.plan(entry.def, entry.statement, entry.options)
    const { bindings } = sinkSpecs(entry.def.actions)
    const topology = buildTopology(entry.spec, {
      clock: this.clock,
      functions: this.functions,
      connectors: this.connectors,
      env: this.env,
      bindings,
      sinkStore: this.stateStore,
      ...(this.sinkSettings !== undefined ? { sinkSettings: this.sinkSettings } : {}),
      ...this.sourcePropsDep(),
    })
    entry.topology = topology
    try {
      const { qos, checkpointInterval } = entry.options
      if (qos > 0) {
        const onError = this.onCheckpointError
        topology.enableCheckpoints({
          qos,
          interval: checkpointInterval,
          store: this.checkpoints,
          ...(onError !== undefined ? { onError: (msg: string, err: unknown) => onError(id, msg, err) } : {}),
        })
        const last = await this.checkpoints.latest(id)
        if (last !== undefined) topology.restore(last)
      }
      await topology.open()
      entry.status = 'Running'
    } catch (err) {
      entry.status = `Stopped: ${errorMessage(err)}.`
      throw err
    }
  }

  async stopRule(id: string): Promise<void> {
    const entry = this.entry(id)
    const t = entry.topology
    if (t === undefined || !t.isOpen) return
    await t.close()
    entry.status = STOPPED_MANUALLY
  }

  /** Stops the rule and deletes its checkpoints and sink outboxes: a new rule of the same name starts afresh. */
  async deleteRule(id: string): Promise<void> {
    await this.stopRule(id)
    await this.checkpoints.deleteRule(id)
    for (const spec of sinkSpecs(this.entry(id).def.actions).specs) await dropOutbox(this.stateStore, id, spec.name)
    this.rules.delete(id)
  }

  /** Checkpoint progress of a running rule with qos > 0 (completed, failed, last id, restored from); else undefined. */
  ruleCheckpoints(id: string): TopologyCheckpointStatus | undefined {
    const t = this.entry(id).topology
    return t !== undefined && t.isOpen ? t.checkpointStatus() : undefined
  }

  /** Starts a checkpoint of a running rule now, besides its ticker; resolves once it is stored (or abandoned). */
  async checkpointRule(id: string): Promise<number | undefined> {
    const t = this.entry(id).topology
    if (t === undefined || !t.isOpen) return undefined
    const cp = t.triggerCheckpoint()
    await t.idle()
    await t.checkpointsFlushed()
    return cp
  }

  ruleIds(): string[] {
    return [...this.rules.keys()].sort()
  }

  /**
   * The rule's status and, while it runs, its metrics; `{ metrics: false }` skips building them (a listing of many
   * rules needs the status only, and the metrics cost tens of microseconds a rule).
   */
  ruleStatus(id: string, opts: { readonly metrics?: boolean } = {}): RuleStatus {
    const entry = this.entry(id)
    const t = entry.topology
    if (t !== undefined && t.isOpen)
      return opts.metrics === false ? { status: 'Running' } : { status: 'Running', metrics: t.metrics() }
    return { status: entry.status }
  }

  /** 1.0's `GET /rules/{id}/topo`. */
  ruleTopo(id: string): TopoJson {
    return topoJson(this.entry(id).spec)
  }

  /** The rule's plan, one node per line. */
  explainRule(id: string): string {
    return explainTopology(this.entry(id).spec, toSql)
  }

  /** The plan as data. */
  ruleSpec(id: string): TopologySpec {
    return this.entry(id).spec
  }

  /** Publishes rows to a memory topic (what a `TYPE="memory"` stream reads). */
  publish(topic: string, rows: ValueMap | readonly ValueMap[]): void {
    if (Array.isArray(rows)) for (const r of rows as readonly ValueMap[]) this.memory.publish(topic, r)
    else this.memory.publish(topic, rows as ValueMap)
  }

  /** Receives rows published to a memory topic (e.g. by a `memory` sink); wildcards allowed. Returns unsubscribe. */
  subscribe(filter: string, handler: (row: ValueMap, topic: string) => void): () => void {
    return this.memory.subscribe(filter, (message, _meta, topic) => handler(message, topic))
  }

  /** Resolves when every running rule has processed everything handed to it (queues empty, no sink write pending). */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...this.rules.values()]
        .map((e) => e.topology)
        .filter((t): t is Topology => t !== undefined && t.isOpen)
      await Promise.all(busy.map((t) => t.idle()))
      // An async sink may have fed another rule through memory: check again until nothing moved.
      await Promise.resolve()
      if (busy.every((t) => !t.isBusy)) return
    }
  }

  /** Stops every rule. */
  async close(): Promise<void> {
    for (const id of this.rules.keys()) await this.stopRule(id)
  }

  private prepare(def: RuleDef): { statement: SelectStatement; options: RuleOptions; spec: TopologySpec } {
    if (def.id === '') throw new KuiperError('RULE_ERROR', 'Missing rule id.')
    if (def.sql === '') throw new KuiperError('RULE_ERROR', 'Missing rule SQL.')
    const statement = parseSelect(def.sql, { functions: this.functions })
    const options = resolveRuleOptions(def.options)
    const spec = this.plan(def, statement, options)
    checkConnectors(spec, { connectors: this.connectors, env: this.env, ...this.sourcePropsDep() })
    return { statement, options, spec }
  }

  /** The source profiles' lookup, as buildTopology and checkConnectors take it. */
  private sourcePropsDep(): Pick<BuildDeps, 'sourceProps'> {
    const profiles = this.sourceProfiles
    return profiles !== undefined ? { sourceProps: profiles.sourceProps.bind(profiles) } : {}
  }

  private plan(def: RuleDef, statement: SelectStatement, options: RuleOptions): TopologySpec {
    const { specs } = sinkSpecs(def.actions)
    return planRule(
      { id: def.id, statement, options, sinks: specs },
      { catalog: this.streams, functions: this.functions },
    ).topology
  }

  private entry(id: string): RuleEntry {
    const e = this.rules.get(id)
    if (e === undefined) throw new KuiperError('NOT_FOUND', `Rule ${id} is not found.`)
    return e
  }
}
