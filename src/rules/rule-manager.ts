// The rule manager of kuiperd (1.0 ruleManager.go + RuleProcessor): streams and rules on top of the Engine,
// persisted in the KvStore with their run state, so a restart brings every rule back as it was left.

import type { StreamDefinition } from '../catalog/stream-catalog.js'
import type { TimerHandle } from '../core/clock.js'
import type { TopoJson } from '../core/topology-spec.js'
import type { ConnectorProps } from '../connectors/api.js'
import { KuiperError, errorMessage } from '../core/errors.js'
import { DEFAULT_RULE_OPTIONS } from '../plan/options.js'
import type { RuleOptions } from '../plan/options.js'
import type { Metrics } from '../runtime/topology.js'
import type { SelectStatement } from '../sql/ast/statement.js'
import type { KvStore, KvTable } from '../state/kv-store.js'
import type { RuleDef } from './rule-def.js'
import type { RuleEngine } from './rule-engine.js'
import { parseRuleJson, parseRuleSql, ruleStreams } from './rule-json.js'
import type { RuleRecord } from './rule-json.js'
import { QueryManager } from './query-manager.js'
import { NO_RESTART, isTransientStartError } from './restart-strategy.js'
import type { RestartStrategy } from './restart-strategy.js'
import type { QueryOptions } from './query-manager.js'
import { StreamProcessor } from './stream-processor.js'

export interface RuleLogger {
  info(msg: string): void
  warn(msg: string): void
  error(msg: string): void
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
  readonly restartStrategy?: RestartStrategy
  readonly hooks?: RuleHooks
  readonly queries?: QueryOptions
}

export interface RuleStatusInfo {
  readonly status: string
  /** Present while running. */
  readonly metrics?: Metrics
}

interface Entry {
  record: RuleRecord
  /** Known to the engine (planned); false when planning failed at boot (e.g. its stream was dropped). */
  registered: boolean
  /** Status text when not registered or when the last start failed. */
  error: string | undefined
  /** The next start attempt after a transient failure (kept while that attempt runs). */
  retry: PendingRetry | undefined
  /** A retry's start attempt in flight: it runs outside the mutation queue, which must not wait for slow connects. */
  starting?: Promise<void> | undefined
}

interface PendingRetry {
  readonly timer: TimerHandle
  /** Clock time of the attempt. */
  readonly at: number
  /** 1 for the first retry. */
  readonly attempt: number
}

const STOPPED = 'Stopped: canceled manually or by error.'
const quietLogger: RuleLogger = { info: () => undefined, warn: () => undefined, error: () => undefined }

/** KvStore tables of the manager (1.0's data/stream and data/rule stores). */
export const STREAM_TABLE = 'stream'
export const RULE_TABLE = 'rule'

export class RuleManager {
  readonly streams: StreamProcessor
  /** Temporary SELECTs of `kuiper query`. */
  readonly queries: QueryManager
  private readonly engine: RuleEngine
  private readonly ruleTable: KvTable
  private readonly streamTable: KvTable
  private readonly entries = new Map<string, Entry>()
  private readonly defaults: RuleOptions
  private readonly log: RuleLogger
  private readonly restart: RestartStrategy
  private readonly hooks: RuleHooks
  private queue: Promise<unknown> = Promise.resolve()
  /** Set by close(): no retry starts any more. */
  private closing = false

  constructor(opts: RuleManagerOptions) {
    this.engine = opts.engine
    this.ruleTable = opts.store.table(RULE_TABLE)
    this.streamTable = opts.store.table(STREAM_TABLE)
    this.defaults = { ...DEFAULT_RULE_OPTIONS, ...(opts.ruleDefaults ?? {}) }
    this.log = opts.logger ?? quietLogger
    this.restart = opts.restartStrategy ?? NO_RESTART
    this.hooks = opts.hooks ?? {}
    this.streams = new StreamProcessor(
      this.engine.streams,
      {
        save: (def: StreamDefinition) => this.streamTable.set(def.name, { statement: def.sql }),
        remove: async (name: string) => void (await this.streamTable.delete(name)),
      },
      this.engine.functions,
    )
    this.queries = new QueryManager(
      this.engine,
      (sql) => this.checkStreams(parseRuleSql(sql, this.engine.functions)),
      opts.queries,
    )
  }

  /**
   * Boot recovery: every stored stream, then every stored rule; rules with `triggered` are started. Runs in the
   * mutation queue, so requests that change rules wait until every rule is back.
   */
  load(): Promise<{ streams: number; rules: number; started: number }> {
    return this.serial(() => this.restore())
  }

  private async restore(): Promise<{ streams: number; rules: number; started: number }> {
    let streams = 0
    for (const [name, v] of await this.streamTable.entries()) {
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
    let started = 0
    const stored = await this.ruleTable.entries()
    for (const [id, v] of stored) {
      let record: RuleRecord
      try {
        record = parseRuleJson(v, { name: id, defaults: this.defaults, existing: true })
      } catch (err) {
        this.log.error(`cannot restore rule ${id}: ${errorMessage(err)}`)
        continue
      }
      const entry: Entry = { record, registered: false, error: undefined, retry: undefined }
      this.entries.set(id, entry)
      try {
        await this.register(entry)
      } catch (err) {
        entry.error = `Stopped: ${errorMessage(err)}.`
        this.log.warn(`rule ${id} cannot be planned: ${errorMessage(err)}`)
        continue
      }
      if (record.triggered && (await this.tryStart(entry, 0))) started++
    }
    this.log.info(`restored ${streams} streams and ${this.entries.size} rules, ${started} started`)
    return { streams, rules: this.entries.size, started }
  }

  // ---- rules -------------------------------------------------------------------------------------------------

  /**
   * Creates, persists and starts a rule. Everything is checked before anything is stored: bad JSON or SQL,
   * unknown stream, source or sink type, duplicate id, and (as register plans the rule) every source's and action's
   * properties. Returns the start error text when the rule was created but
   * could not start (1.0 answers that text with 201).
   */
  createRule(body: unknown, name?: string): Promise<{ record: RuleRecord; startError?: string }> {
    return this.serial(async () => {
      const record = this.parse(body, name)
      if (this.entries.has(record.id)) throw new KuiperError('CONFLICT', `Item ${record.id} already exists`)
      this.checkReferences(record)
      const entry: Entry = {
        record: { ...record, triggered: true },
        registered: false,
        error: undefined,
        retry: undefined,
      }
      await this.register(entry)
      if (!(await this.ruleTable.setIfAbsent(record.id, entry.record))) {
        await this.engine.deleteRule(record.id)
        throw new KuiperError('CONFLICT', `Item ${record.id} already exists`)
      }
      this.entries.set(record.id, entry)
      this.log.info(`Rule ${record.id} is created.`)
      const ok = await this.tryStart(entry, 0)
      return ok ? { record: entry.record } : { record: entry.record, startError: entry.error ?? STOPPED }
    })
  }

  /** Replaces a rule's definition (1.1's PUT); it keeps its run state: a running rule restarts with the new one. */
  updateRule(id: string, body: unknown): Promise<RuleRecord> {
    return this.serial(async () => {
      const entry = this.entry(id)
      const parsed = this.parse(body, id, true)
      this.checkReferences(parsed)
      // The whole engine check before the running rule is touched (a create gets it from register, storing nothing).
      this.engine.checkRule(engineRule(parsed))
      const old = entry.record
      const record: RuleRecord = { ...parsed, triggered: old.triggered }
      await this.settleRetry(entry)
      if (entry.registered) await this.engine.deleteRule(id)
      entry.registered = false
      entry.record = record
      try {
        await this.register(entry)
      } catch (err) {
        entry.record = old
        await this.register(entry).catch(() => undefined)
        if (old.triggered && entry.registered) await this.tryStart(entry, 0)
        throw err
      }
      await this.ruleTable.set(id, record)
      entry.error = undefined
      if (record.triggered) await this.tryStart(entry, 0)
      this.log.info(`Rule ${id} was updated.`)
      return record
    })
  }

  getRule(id: string): RuleRecord {
    return this.entry(id).record
  }

  listRules(): { id: string; status: string }[] {
    // The status only: building every rule's metrics made GET /rules cost tens of microseconds a rule.
    return [...this.entries.keys()].sort().map((id) => ({ id, status: this.ruleStatus(id, { metrics: false }).status }))
  }

  ruleIds(): string[] {
    return [...this.entries.keys()].sort()
  }

  /** The status text and, while the rule runs, its metrics (unless `{ metrics: false }`). */
  ruleStatus(id: string, opts: { readonly metrics?: boolean } = {}): RuleStatusInfo {
    const entry = this.entry(id)
    if (!entry.registered) return { status: entry.error ?? STOPPED }
    const s = this.engine.ruleStatus(id, opts)
    // While a retry connects, the engine already calls the rule running.
    const failed = s.status !== 'Running' || entry.starting !== undefined
    if (failed && entry.error !== undefined) return { status: this.failedStatus(entry) }
    return s
  }

  /** `Stopped: <error>.`, plus `Retrying in 4s (attempt 3).` while a retry is pending. */
  private failedStatus(entry: Entry): string {
    const error = entry.error ?? STOPPED
    const r = entry.retry
    if (r === undefined) return error
    const wait = r.at - this.engine.clock.now()
    return `${error} ${wait > 0 || entry.starting === undefined ? retryText(wait, r.attempt) : `Retrying now (attempt ${r.attempt}).`}`
  }

  ruleTopo(id: string): TopoJson {
    const entry = this.entry(id)
    if (!entry.registered) throw new KuiperError('RULE_ERROR', entry.error ?? `Rule ${id} cannot be planned.`)
    return this.engine.ruleTopo(id)
  }

  /** `Rule <id> was started`; the start error (400) otherwise. Persists `triggered: true` on success. */
  startRule(id: string): Promise<string> {
    return this.serial(async () => {
      const entry = this.entry(id)
      await this.settleRetry(entry)
      if (!entry.registered) await this.register(entry)
      try {
        await this.engine.startRule(id)
      } catch (err) {
        entry.error = `Stopped: ${errorMessage(err)}.`
        throw err
      }
      entry.error = undefined
      await this.setTriggered(entry, true)
      return `Rule ${id} was started`
    })
  }

  /** `Rule <id> was stopped.`; persists `triggered: false`. */
  stopRule(id: string): Promise<string> {
    return this.serial(async () => {
      const entry = this.entry(id)
      await this.stopEntry(entry)
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
      const entry = this.entries.get(id)
      if (entry === undefined) throw new KuiperError('NOT_FOUND', `${id} is not found`)
      await this.stopEntry(entry)
      if (entry.registered) await this.engine.deleteRule(id)
      await this.ruleTable.delete(id)
      this.entries.delete(id)
      let result = `Rule ${id} is dropped.`
      try {
        await this.hooks.onDrop?.(entry.record)
      } catch (err) {
        result = `${result} Clean sink cache or checkpoint failed: ${errorMessage(err)}.`
      }
      this.log.info(`Rule ${id} is dropped.`)
      return result
    })
  }

  /** Metrics of every running rule (Prometheus). */
  runningMetrics(): { ruleId: string; metrics: Metrics }[] {
    const out: { ruleId: string; metrics: Metrics }[] = []
    for (const [id, e] of this.entries) {
      if (!e.registered) continue
      const s = this.engine.ruleStatus(id)
      if (s.metrics !== undefined) out.push({ ruleId: id, metrics: s.metrics })
    }
    return out
  }

  sourceTypes(): string[] {
    return this.engine.connectors.sourceTypes().sort()
  }

  sinkTypes(): string[] {
    return this.engine.connectors.sinkTypes().sort()
  }

  /** Stops every rule (their sinks flush on close) without changing their persisted run state. */
  async close(): Promise<void> {
    this.closing = true
    await this.queries.close()
    // All at once: each sink's stop is bounded by the shutdown grace, so the whole stop is too, however many rules.
    await this.serial(() =>
      Promise.all(
        [...this.entries.values()].map(async (e) => {
          await this.settleRetry(e)
          if (e.registered) await this.engine.stopRule(e.record.id).catch(() => undefined)
        }),
      ),
    )
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private parse(body: unknown, name?: string, existing = false): RuleRecord {
    return parseRuleJson(body, {
      defaults: this.defaults,
      functions: this.engine.functions,
      existing,
      ...(name !== undefined ? { name } : {}),
    })
  }

  /** The streams a rule reads must exist, and every source and sink type it uses must be known. */
  private checkReferences(record: RuleRecord): void {
    this.checkStreams(parseRuleSql(record.sql, this.engine.functions))
    record.actions.forEach((action) => {
      for (const [type, props] of Object.entries(action)) {
        if (typeof props !== 'object' || props === null || Array.isArray(props)) {
          throw new KuiperError(
            'BAD_REQUEST',
            `expect map[string]interface{} type for the action properties, but found ${JSON.stringify(props)}`,
          )
        }
        if (this.engine.connectors.sink(type) === undefined) {
          throw new KuiperError('BAD_REQUEST', `sink type ${type} is not found`)
        }
      }
    })
  }

  private checkStreams(stmt: SelectStatement): void {
    for (const name of ruleStreams(stmt)) {
      const def = this.engine.streams.get(name)
      if (def === undefined) {
        throw new KuiperError('NOT_FOUND', `fail to get stream ${name}, please check if stream is created`)
      }
      const type = (def.options['TYPE'] ?? 'mqtt').toLowerCase()
      if (this.engine.connectors.source(type) === undefined) {
        throw new KuiperError('BAD_REQUEST', `source type ${type} of stream ${name} is not found`)
      }
    }
  }

  private async register(entry: Entry): Promise<void> {
    await this.engine.createRule(engineRule(entry.record), { start: false })
    entry.registered = true
    entry.error = undefined
  }

  /**
   * Starts a registered rule (`attempt` 0 the first time, n for the n-th retry); on failure records the status and,
   * for a transient error (its broker or endpoint not up), schedules the next try per the restart strategy.
   */
  private async tryStart(entry: Entry, attempt: number): Promise<boolean> {
    const id = entry.record.id
    try {
      await this.engine.startRule(id)
      entry.error = undefined
      entry.retry = undefined
      if (attempt > 0) this.log.info(`rule ${id} started at retry ${attempt}`)
      return true
    } catch (err) {
      entry.error = `Stopped: ${errorMessage(err)}.`
      const next = attempt + 1
      const delay = isTransientStartError(err) ? this.restart.nextDelay(next, err) : undefined
      if (delay === undefined) {
        this.log.error(`rule ${id} failed to start: ${errorMessage(err)}`)
        return false
      }
      this.log.warn(`rule ${id} failed to start: ${errorMessage(err)}; ${retryText(delay, next).toLowerCase()}`)
      const timer = this.engine.clock.setTimeout(() => {
        if (entry.retry?.timer !== timer || this.closing) return
        if (this.entries.get(id) !== entry || !entry.record.triggered || !entry.registered) {
          entry.retry = undefined
          return
        }
        // Not in the mutation queue (a connect may take its timeout); mutations of this rule wait for it instead.
        entry.starting = this.tryStart(entry, next).then(
          () => void (entry.starting = undefined),
          () => void (entry.starting = undefined),
        )
      }, delay)
      entry.retry = { timer, at: this.engine.clock.now() + delay, attempt: next }
      return false
    }
  }

  private async stopEntry(entry: Entry): Promise<void> {
    await this.settleRetry(entry)
    if (entry.registered) await this.engine.stopRule(entry.record.id)
  }

  private cancelRetry(entry: Entry): void {
    entry.retry?.timer.cancel()
    entry.retry = undefined
  }

  /** Waits for a retry's start attempt in flight, then cancels the next one: the rule is the caller's to change. */
  private async settleRetry(entry: Entry): Promise<void> {
    while (entry.starting !== undefined) await entry.starting
    this.cancelRetry(entry)
  }

  private async setTriggered(entry: Entry, triggered: boolean): Promise<void> {
    if (entry.record.triggered === triggered) return
    entry.record = { ...entry.record, triggered }
    await this.ruleTable.set(entry.record.id, entry.record)
  }

  private entry(id: string): Entry {
    const e = this.entries.get(id)
    if (e === undefined) throw new KuiperError('NOT_FOUND', `Rule ${id} is not found.`)
    return e
  }

  /** Mutations run one at a time, so that concurrent requests never see a half-made rule. */
  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f, f)
    this.queue = run.catch(() => undefined)
    return run
  }
}

/** The engine's view of a stored rule. */
function engineRule(r: RuleRecord): RuleDef {
  const actions = r.actions as readonly Readonly<Record<string, ConnectorProps>>[]
  return { id: r.id, sql: r.sql, actions, options: r.options }
}

/** `Retrying in 4s (attempt 3).`: whole seconds, rounded up. */
function retryText(ms: number, attempt: number): string {
  return `Retrying in ${Math.max(0, Math.ceil(ms / 1000))}s (attempt ${attempt}).`
}
