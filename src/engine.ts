// The embedding API: an in-process Kuiper. Create streams and rules with 1.0's SQL, push rows into memory topics,
// read results from memory topics or callback sinks, and read each rule's status, metrics and topology.
// Rules with qos > 0 checkpoint into the state store and resume from their last completed checkpoint on start.

import { MemoryStreamCatalog, streamFromStatement } from './catalog/stream-catalog.js'
import { FormatRegistry } from './formats/registry.js'
import type { StreamCatalog, StreamDefinition } from './catalog/stream-catalog.js'
import type { SourceProfiles } from './catalog/source-profiles.js'
import type { Clock } from './core/clock.js'
import { systemClock } from './core/clock.js'
import { KuiperError } from './core/errors.js'
import type { ValueMap } from './core/value.js'
import { consoleLogger, defaultDataDir } from './connectors/api.js'
import type { ConnectorEnv, ConnectorLogger, SinkFactory, SourceFactory } from './connectors/api.js'
import type { ConnectorAllowLists } from './core/allow-list.js'
import { MemoryBroker } from './connectors/memory/pubsub.js'
import { ConnectorRegistry } from './connectors/registry.js'
import type { FunctionCatalog } from './functions/define-function.js'
import { builtinFunctions } from './functions/registry.js'
import { explainTopology } from './plan/explain.js'
import type { RestartStrategy } from './rules/restart-strategy.js'
import type { RuleDef } from './rules/rule-def.js'
import { RuleRegistry } from './rules/rule-registry.js'
import type { RuleLogger, RuleStatus } from './rules/rule-registry.js'
import { checkStreamDefinition } from './rules/stream-processor.js'
import type { TopologyCheckpointStatus } from './runtime/topology.js'
import type { SinkSettings } from './runtime/sink-node.js'
import { CheckpointStore } from './state/checkpoint-store.js'
import type { KvStore } from './state/kv-store.js'
import { MemoryKvStore } from './state/memory-kv-store.js'
import type { TopoJson, TopologySpec } from './core/topology-spec.js'
import { toSql } from './sql/ast/to-sql.js'
import { parseStatement } from './sql/parser/index.js'

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
  /**
   * When a start fails for a transient reason (its broker or endpoint is not up) at creation or at boot, the next
   * try is scheduled on this (kuiperd: kuiper.yaml `rule.restartStrategy`). Default: no retry, as 1.0.
   */
  readonly restartStrategy?: RestartStrategy
  /** Where rule start failures and retries are logged. Default: nowhere. */
  readonly ruleLogger?: RuleLogger
  /** Traces kept per traced rule (kuiperd: kuiper.yaml `trace.ringSize`). Default: 100. */
  readonly traceRingSize?: number
}

export type { RuleStatus } from './rules/rule-registry.js'

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
  /** The payload formats a stream's FORMAT may name: JSON, BINARY, and what `formats.register` adds (plugins). */
  readonly formats = new FormatRegistry()
  /** Every rule, its plan, topology and status: the one owner of the rule lifecycle (kuiperd's RuleManager uses it too). */
  readonly rules: RuleRegistry
  /** Completed checkpoints of every rule, by rule id. */
  readonly checkpoints: CheckpointStore

  constructor(opts: EngineOptions = {}) {
    const stateStore = opts.stateStore ?? new MemoryKvStore()
    this.checkpoints = new CheckpointStore(stateStore)
    this.clock = opts.clock ?? systemClock
    this.functions = opts.functions ?? builtinFunctions
    this.streams = opts.streams ?? new MemoryStreamCatalog()
    for (const [type, f] of Object.entries(opts.sources ?? {})) this.connectors.registerSource(type, f)
    for (const [type, f] of Object.entries(opts.sinks ?? {})) this.connectors.registerSink(type, f)
    const profiles = opts.sourceProfiles
    const env: ConnectorEnv = {
      clock: this.clock,
      memory: this.memory,
      logger: opts.logger ?? consoleLogger,
      dataDir: opts.dataDir ?? defaultDataDir(),
      ...(opts.allow !== undefined ? { allow: opts.allow } : {}),
      ...(profiles !== undefined ? { etcDir: profiles.etcDir } : {}),
    }
    this.rules = new RuleRegistry({
      clock: this.clock,
      functions: this.functions,
      catalog: this.streams,
      connectors: this.connectors,
      formats: this.formats,
      env,
      stateStore,
      checkpoints: this.checkpoints,
      ...(profiles !== undefined ? { sourceProps: profiles.sourceProps.bind(profiles) } : {}),
      ...(opts.sinkSettings !== undefined ? { sinkSettings: opts.sinkSettings } : {}),
      ...(opts.onCheckpointError !== undefined ? { onCheckpointError: opts.onCheckpointError } : {}),
      ...(opts.restartStrategy !== undefined ? { restart: opts.restartStrategy } : {}),
      ...(opts.ruleLogger !== undefined ? { log: opts.ruleLogger } : {}),
      ...(opts.traceRingSize !== undefined ? { traceRingSize: opts.traceRingSize } : {}),
    })
  }

  /** Runs a CREATE STREAM statement; returns 1.0's `Stream <name> is created.` */
  createStream(sql: string): string {
    const stmt = parseStatement(sql, { functions: this.functions })
    if (stmt.kind !== 'CreateStreamStatement')
      throw new KuiperError('BAD_REQUEST', `${sql} is not a CREATE STREAM statement.`)
    const def = streamFromStatement(stmt, sql)
    checkStreamDefinition(def, { formats: this.formats, checkSource: (d) => this.rules.checkStreamSource(d) })
    this.streams.put(def)
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
   * Checks and plans the rule once (see {@link checkRule}), registers it with that plan, then starts it unless
   * `start: false`. Throws on SQL, option, planning or connector property errors, registering nothing; a start
   * error leaves the rule registered with the error as its status.
   */
  async createRule(def: RuleDef, opts: { start?: boolean } = {}): Promise<void> {
    if (this.rules.has(def.id)) throw new KuiperError('CONFLICT', `Item ${def.id} already exists`)
    this.rules.add(def, { prepared: this.rules.prepare(def) })
    if (opts.start !== false) await this.rules.start(def.id, { retry: true })
  }

  /**
   * Everything createRule checks, without registering the rule: SQL, options, the streams, the plan, and every
   * source's (conf profile, DATASOURCE) and sink's properties against its connector. Throws the first error (a
   * connector's CONFIG_ERROR names the property). Codes: see prepareRule (src/rules/prepare-rule.ts).
   */
  checkRule(def: RuleDef): void {
    this.rules.prepare(def)
  }

  /**
   * Builds the topology from the rule's plan (planned again only when a stream it reads was replaced) and opens
   * it. With qos > 0 the nodes are first restored from the rule's last completed checkpoint (rewindable sources
   * rewind to their saved offsets).
   */
  async startRule(id: string): Promise<void> {
    await this.rules.start(id)
  }

  async stopRule(id: string): Promise<void> {
    await this.rules.stop(id)
  }

  /** Stops the rule and deletes its checkpoints and sink outboxes: a new rule of the same name starts afresh. */
  async deleteRule(id: string): Promise<void> {
    await this.rules.remove(id)
  }

  /** Checkpoint progress of a running rule with qos > 0 (completed, failed, last id, restored from); else undefined. */
  ruleCheckpoints(id: string): TopologyCheckpointStatus | undefined {
    return this.rules.checkpointStatus(id)
  }

  /** Starts a checkpoint of a running rule now, besides its ticker; resolves once it is stored (or abandoned). */
  async checkpointRule(id: string): Promise<number | undefined> {
    const t = this.rules.topology(id)
    if (t === undefined) return undefined
    const cp = t.triggerCheckpoint()
    await t.idle()
    await t.checkpointsFlushed()
    return cp
  }

  ruleIds(): string[] {
    return [...this.rules.ids()]
  }

  /**
   * The rule's status and, while it runs, its metrics; `{ metrics: false }` skips building them (a listing of many
   * rules needs the status only, and the metrics cost tens of microseconds a rule).
   */
  ruleStatus(id: string, opts: { readonly metrics?: boolean } = {}): RuleStatus {
    return this.rules.status(id, opts)
  }

  /** 1.0's `GET /rules/{id}/topo`. */
  ruleTopo(id: string): TopoJson {
    return this.rules.topo(id)
  }

  /** The rule's plan, one node per line. */
  explainRule(id: string): string {
    return explainTopology(this.rules.spec(id), toSql)
  }

  /** The plan as data. */
  ruleSpec(id: string): TopologySpec {
    return this.rules.spec(id)
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
    await this.rules.idle()
  }

  /** Stops every rule. */
  async close(): Promise<void> {
    await this.rules.close()
  }
}
