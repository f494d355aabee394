// The rule manager of kuiperd (1.0 ruleManager.go + RuleProcessor): streams and rules persisted in the KvStore with
// their run state, so a restart brings every rule back as it was left, and 1.0's REST texts. The rules themselves,
// their plans and their one status are the engine's RuleRegistry's; this adds the stored record and the order of
// requests.

import type { ConnectorDeclaration } from '../connectors/properties.js'
import type { StreamDefinition } from '../catalog/stream-catalog.js'
import type { Clock } from '../core/clock.js'
import type { TopoJson } from '../core/topology-spec.js'
import type { ConnectorProps } from '../connectors/api.js'
import { KuiperError, errorMessage } from '../core/errors.js'
import { letYoungGenerationGrow } from '../core/young-generation.js'
import type { FunctionCatalog } from '../functions/define-function.js'
import { DEFAULT_RULE_OPTIONS } from '../plan/options.js'
import type { RuleOptions } from '../plan/options.js'
import type { Metrics } from '../runtime/topology.js'
import type { StreamCatalog } from '../catalog/stream-catalog.js'
import type { KvStore, KvTable } from '../state/kv-store.js'
import type { RuleDef } from './rule-def.js'
import { parseRuleJson } from './rule-json.js'
import type { RuleRecord } from './rule-json.js'
import { RuleListing } from './rule-listing.js'
import type { ListedRule } from './rule-listing.js'
import { QueryManager } from './query-manager.js'
import type { QueryOptions } from './query-manager.js'
import { RuleTestManager } from './rule-test/rule-test-manager.js'
import type { RuleTestOptions } from './rule-test/rule-test-manager.js'
import { STOPPED_MANUALLY } from './rule-registry.js'
import type { RuleEntry } from './rule-entry.js'
import type { RuleLogger, RuleRegistry, RuleStatus } from './rule-registry.js'
import { StreamProcessor } from './stream-processor.js'
import { TRACE_STRATEGIES } from '../runtime/trace/rule-tracer.js'
import type { TraceStrategy } from '../runtime/trace/rule-tracer.js'
import type { SpanJson } from '../runtime/trace/span.js'

export type { RuleLogger } from './rule-registry.js'

/** What the manager needs of the Engine (src/engine.ts), so that rules/ does not import the entry-level Engine. */
export interface RuleEngine {
  readonly clock: Clock
  readonly functions: FunctionCatalog
  readonly streams: StreamCatalog
  readonly connectors: {
    sourceTypes(): string[]
    sinkTypes(): string[]
    sourceProperties(type: string): ConnectorDeclaration | undefined
    sinkProperties(type: string): ConnectorDeclaration | undefined
  }
  /** The payload formats a stream's FORMAT may name (checked at create); absent: any. */
  readonly formats?: { require(name: string | undefined): unknown }
  readonly rules: RuleRegistry
}

export interface RuleHooks {
  /** After a rule is dropped: clean what is keyed by it (sink caches, checkpoints). */
  onDrop?(record: RuleRecord): void | Promise<void>
}

export interface RuleManagerOptions {
  readonly engine: RuleEngine
  readonly store: KvStore
  /** kuiper.yaml `rule:` defaults. */
  readonly ruleDefaults?: Partial<RuleOptions>
  readonly logger?: RuleLogger
  readonly hooks?: RuleHooks
  readonly queries?: QueryOptions
  /** Rule test runs (kuiper.yaml `ruleTest:`). */
  readonly ruleTests?: RuleTestOptions
}

/** What a restore found and did. */
export interface RestoreSummary {
  readonly streams: number
  readonly rules: number
  /** Rules running once every first start attempt has settled. */
  readonly started: number
}

const quietLogger: RuleLogger = { info: () => undefined, warn: () => undefined, error: () => undefined }

/** Stored streams and rules read back per turn of the event loop at boot, so that `/ping` is answered meanwhile. */
const REGISTER_BATCH = 500

/** Stored rules from which a restore lets the young generation grow (see load). */
const LARGE_RESTORE = 2000

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** The id a rule validated without one is checked under (nothing is registered under it). */
const VALIDATED_RULE_ID = 'rule_to_validate'

/** KvStore tables of the manager (1.0's data/stream and data/rule stores). */
export const STREAM_TABLE = 'stream'
export const RULE_TABLE = 'rule'

export class RuleManager {
  readonly streams: StreamProcessor
  /** Temporary SELECTs of `kuiper query`. */
  readonly queries: QueryManager
  /** Rule test runs of `/ruletest`: never stored, never listed here. */
  readonly ruleTests: RuleTestManager
  private readonly engine: RuleEngine
  private readonly rules: RuleRegistry
  private readonly ruleTable: KvTable
  private readonly streamTable: KvTable
  private readonly defaults: RuleOptions
  private readonly log: RuleLogger
  private readonly hooks: RuleHooks
  private readonly listing: RuleListing
  private queue: Promise<unknown> = Promise.resolve()

  constructor(opts: RuleManagerOptions) {
    this.engine = opts.engine
    this.rules = opts.engine.rules
    this.ruleTable = opts.store.table(RULE_TABLE)
    this.streamTable = opts.store.table(STREAM_TABLE)
    this.defaults = { ...DEFAULT_RULE_OPTIONS, ...(opts.ruleDefaults ?? {}) }
    this.log = opts.logger ?? quietLogger
    this.hooks = opts.hooks ?? {}
    this.listing = new RuleListing(this.rules)
    this.streams = new StreamProcessor(
      this.engine.streams,
      {
        save: (def: StreamDefinition) => this.streamTable.set(def.name, { statement: def.sql }),
        remove: async (name: string) => void (await this.streamTable.delete(name)),
      },
      this.engine.functions,
      {
        ...(this.engine.formats !== undefined ? { formats: this.engine.formats } : {}),
        checkSource: (def) => this.rules.checkStreamSource(def),
      },
    )
    this.queries = new QueryManager(this.rules, this.engine.clock, opts.queries)
    this.ruleTests = new RuleTestManager(this.rules, this.engine.clock, opts.ruleTests)
  }

  /**
   * Boot recovery: every stored stream, then every stored rule. The rules are registered at once (listed, those
   * stored with `triggered` as `Starting`), then prepared and started in batches that yield to the event loop, so
   * REST answers meanwhile; a request that changes a rule waits only for that rule's own start. Resolves when
   * every first start attempt has settled; `registered` (if given) is called as soon as every rule is listed.
   */
  async load(opts: { readonly registered?: () => void; readonly batch?: number } = {}): Promise<RestoreSummary> {
    let endGrowth: (() => void) | undefined
    try {
      const { streams, ids, start } = await this.serial(async () => {
        const storedRules = await this.ruleTable.entries()
        // A large restore runs with the young generation free to grow (young-generation.ts): held, it cost more CPU
        // and left more promoted garbage than the room it saves.
        if (storedRules.length >= LARGE_RESTORE) endGrowth = letYoungGenerationGrow()
        return this.register(await this.streamTable.entries(), storedRules)
      })
      opts.registered?.()
      const { started } = await this.rules.startInBatches(ids, start, opts.batch)
      this.log.info(`restored ${streams} streams and ${ids.length} rules, ${started} started`)
      return { streams, rules: ids.length, started }
    } finally {
      endGrowth?.()
    }
  }

  private async register(
    storedStreams: readonly (readonly [string, unknown])[],
    storedRules: readonly (readonly [string, unknown])[],
  ): Promise<{ streams: number; ids: string[]; start: Set<string> }> {
    let streams = 0
    let n = 0
    for (const [name, v] of storedStreams) {
      if (++n % REGISTER_BATCH === 0) await yieldToEventLoop()
      const sql = (v as { statement?: unknown } | undefined)?.statement
      try {
        if (typeof sql !== 'string') throw new Error('no statement stored')
        await new StreamProcessor(this.engine.streams, undefined, this.engine.functions, { existing: true }).execStmt(
          sql,
        )
        streams++
      } catch (err) {
        this.log.error(`cannot restore stream ${name}: ${errorMessage(err)}`)
      }
    }
    const ids: string[] = []
    const start = new Set<string>()
    for (const [id, v] of storedRules) {
      if (++n % REGISTER_BATCH === 0) await yieldToEventLoop()
      let record: RuleRecord
      try {
        record = parseRuleJson(v, { name: id, defaults: this.defaults, existing: true })
        this.rules.add(engineRule(record), { record, starting: record.triggered })
      } catch (err) {
        this.log.error(`cannot restore rule ${id}: ${errorMessage(err)}`)
        continue
      }
      ids.push(id)
      if (record.triggered) start.add(id)
    }
    this.log.info(`restoring ${ids.length} rules (${start.size} to start) in the background`)
    return { streams, ids, start }
  }

  // ---- rules -------------------------------------------------------------------------------------------------

  /**
   * Creates, persists and starts a rule. Everything is checked (and the rule planned, once) before anything is
   * stored: bad JSON or SQL, unknown stream, source or sink type, duplicate id, every source's and action's
   * properties. Returns the start error text when the rule was created but could not start (1.0 answers that text
   * with 201).
   */
  async createRule(body: unknown, name?: string): Promise<{ record: RuleRecord; startError?: string }> {
    const { record, started } = await this.serial(async () => {
      const parsed = this.parse(body, name)
      const record: RuleRecord = { ...parsed, triggered: true }
      if (this.rules.has(record.id)) throw new KuiperError('CONFLICT', `Item ${record.id} already exists`)
      const def = engineRule(record)
      const prepared = this.rules.prepare(def)
      if (!(await this.ruleTable.setIfAbsent(record.id, record))) {
        throw new KuiperError('CONFLICT', `Item ${record.id} already exists`)
      }
      this.rules.add(def, { prepared, record, starting: true })
      this.log.info(`Rule ${record.id} is created.`)
      // The start goes on outside the request queue: a broker slow to answer holds up this request only.
      return { record, started: this.rules.startDetached(record.id) }
    })
    if (await started) return { record }
    return { record, startError: this.rules.find(record.id)?.error ?? STOPPED_MANUALLY }
  }

  /** Replaces a rule's definition (1.1's PUT); it keeps its run state: a running rule restarts with the new one. */
  updateRule(id: string, body: unknown): Promise<RuleRecord> {
    return this.serial(async () => {
      const entry = this.entry(id)
      const parsed = this.parse(body, id, true)
      const record: RuleRecord = { ...parsed, triggered: entry.record!.triggered }
      const def = engineRule(record)
      // The whole check and plan before the running rule is touched.
      const prepared = this.rules.prepare(def)
      await this.rules.redefine(id, def, prepared, record)
      await this.ruleTable.set(id, record)
      if (record.triggered) await this.rules.start(id, { retry: true }).catch(() => undefined)
      this.log.info(`Rule ${id} was updated.`)
      return record
    })
  }

  /**
   * Checks a rule as `createRule` would (JSON, SQL, streams, actions, options, the plan, every connector's
   * properties) and creates nothing. The id may be left out; an id already taken is not a fault here.
   */
  validateRule(body: unknown): void {
    const parsed = this.parse(body)
    this.rules.prepare(engineRule(parsed.id === '' ? { ...parsed, id: VALIDATED_RULE_ID } : parsed))
  }

  getRule(id: string): RuleRecord {
    return this.entry(id).record!
  }

  /** Every stored rule with its status, by id; no metrics (they cost tens of microseconds a rule). */
  listRules(): ListedRule[] {
    return this.listing.list()
  }

  /** `JSON.stringify(listRules())` in UTF-8, kept between calls while no listed status changes (`GET /rules`). */
  listRulesJson(): Buffer {
    return this.listing.json()
  }

  ruleIds(): string[] {
    return this.rules.ids().filter((id) => this.rules.find(id)?.record !== undefined)
  }

  /** The status text and, while the rule runs, its metrics (unless `{ metrics: false }`). */
  ruleStatus(id: string, opts: { readonly metrics?: boolean } = {}): RuleStatus {
    this.entry(id)
    return this.rules.status(id, opts)
  }

  ruleTopo(id: string): TopoJson {
    this.entry(id)
    return this.rules.topo(id)
  }

  /** `Rule <id> was started`; the start error (400) otherwise. Persists `triggered: true` on success. */
  startRule(id: string): Promise<string> {
    return this.serial(async () => {
      const entry = this.entry(id)
      try {
        await this.rules.start(id)
      } catch (err) {
        throw startError(err)
      }
      await this.setTriggered(entry, true)
      return `Rule ${id} was started`
    })
  }

  /** `Rule <id> was stopped.`; persists `triggered: false`. */
  stopRule(id: string): Promise<string> {
    return this.serial(async () => {
      const entry = this.entry(id)
      await this.rules.stop(id)
      await this.setTriggered(entry, false)
      return `Rule ${id} was stopped.`
    })
  }

  async restartRule(id: string): Promise<string> {
    await this.stopRule(id)
    await this.startRule(id)
    return `Rule ${id} was restarted`
  }

  /** Stops and forgets a rule: `Rule <id> is dropped.` (plus 1.0's cleanup warnings). */
  deleteRule(id: string): Promise<string> {
    return this.serial(async () => {
      const entry = this.rules.find(id)
      if (entry?.record === undefined) throw new KuiperError('NOT_FOUND', `${id} is not found`)
      const record = entry.record
      await this.rules.remove(id)
      await this.ruleTable.delete(id)
      let result = `Rule ${id} is dropped.`
      try {
        await this.hooks.onDrop?.(record)
      } catch (err) {
        result = `${result} Clean sink cache or checkpoint failed: ${errorMessage(err)}.`
      }
      this.log.info(`Rule ${id} is dropped.`)
      return result
    })
  }

  // ---- traces ------------------------------------------------------------------------------------------------

  /** Traces the rule's messages (`{"strategy": "always" | "head"}`, always when the body is empty). */
  startTrace(id: string, body: string): string {
    this.entry(id)
    const strategy = traceStrategy(body)
    this.rules.startTrace(id, strategy)
    this.log.info(`Rule ${id} is traced (strategy ${strategy}).`)
    return `Rule ${id} is traced with strategy ${strategy}.`
  }

  stopTrace(id: string): string {
    this.entry(id)
    this.rules.stopTrace(id)
    return `Rule ${id} is no longer traced.`
  }

  /** The ids of the rule's kept traces, newest first. */
  traceIds(id: string): string[] {
    this.entry(id)
    return this.rules.traces.ids(id)
  }

  trace(traceId: string): SpanJson {
    const t = this.rules.traces.get(traceId)
    if (t === undefined) throw new KuiperError('NOT_FOUND', `Trace ${traceId} is not found.`)
    return t
  }

  /** Metrics of every running rule (Prometheus). */
  runningMetrics(): { ruleId: string; metrics: Metrics }[] {
    const out: { ruleId: string; metrics: Metrics }[] = []
    for (const e of this.rules.all()) {
      if (e.record === undefined || e.state !== 'running') continue
      const s = this.rules.status(e.id)
      if (s.metrics !== undefined) out.push({ ruleId: e.id, metrics: s.metrics })
    }
    return out
  }

  sourceTypes(): string[] {
    return this.engine.connectors.sourceTypes().sort()
  }

  sinkTypes(): string[] {
    return this.engine.connectors.sinkTypes().sort()
  }

  /** The declared properties of a source or sink type (/metadata); undefined when it declares none. */
  connectorProperties(kind: 'source' | 'sink', type: string): ConnectorDeclaration | undefined {
    const c = this.engine.connectors
    return kind === 'source' ? c.sourceProperties(type) : c.sinkProperties(type)
  }

  /** Stops every rule (their sinks flush on close) without changing their persisted run state. */
  async close(): Promise<void> {
    await this.queries.close()
    await this.ruleTests.close()
    await this.serial(() => this.rules.close())
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private parse(body: unknown, name?: string, existing = false): RuleRecord {
    return parseRuleJson(body, { defaults: this.defaults, existing, ...(name !== undefined ? { name } : {}) })
  }

  private async setTriggered(entry: RuleEntry, triggered: boolean): Promise<void> {
    const record = entry.record!
    if (record.triggered === triggered) return
    entry.record = { ...record, triggered }
    await this.ruleTable.set(entry.id, entry.record)
  }

  /** A stored rule (temporary query rules are the engine's, not listed here). */
  private entry(id: string): RuleEntry {
    const e = this.rules.find(id)
    if (e?.record === undefined) throw new KuiperError('NOT_FOUND', `Rule ${id} is not found.`)
    return e
  }

  /** Mutations run one at a time, so that concurrent requests never see a half-made rule. */
  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f, f)
    this.queue = run.catch(() => undefined)
    return run
  }
}

/**
 * A rule that cannot start answers 400 with the start error: a NOT_FOUND there is the stream the rule reads, and
 * a 404 would say that the rule itself is missing.
 */
function startError(err: unknown): unknown {
  if (!(err instanceof KuiperError) || err.code !== 'NOT_FOUND') return err
  return new KuiperError('RULE_ERROR', err.message, { cause: err })
}

/** The strategy of a trace start body; BAD_REQUEST naming the choices otherwise. */
function traceStrategy(body: string): TraceStrategy {
  if (body.trim() === '') return 'always'
  let raw: unknown
  try {
    raw = JSON.parse(body)
  } catch (err) {
    throw new KuiperError('BAD_REQUEST', `Invalid trace start: the body is not JSON: ${errorMessage(err)}`)
  }
  const s = (raw as { strategy?: unknown } | null)?.strategy ?? 'always'
  if (typeof s !== 'string' || !(TRACE_STRATEGIES as readonly string[]).includes(s))
    throw new KuiperError('BAD_REQUEST', `Invalid trace strategy ${JSON.stringify(s)}: expected "always" or "head".`)
  return s as TraceStrategy
}

/** The engine's view of a stored rule. */
function engineRule(r: RuleRecord): RuleDef {
  const actions = r.actions as readonly Readonly<Record<string, ConnectorProps>>[]
  return { id: r.id, sql: r.sql, actions, options: r.options }
}
