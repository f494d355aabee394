// Rule test runs (later eKuiper's /ruletest): a rule made from a SELECT, mock rows for its streams and the common
// sink properties, run by the engine but never stored nor listed with the rules; its results, errors and end go to
// the run's event stream. A run stops by itself after a time limit, or once a mock data set that does not loop has
// been sent and handled; only so many run at once.

import type { Clock, TimerHandle } from '../../core/clock.js'
import { KuiperError, errorMessage } from '../../core/errors.js'
import { CallbackSink } from '../../connectors/callback-sink.js'
import type { Source } from '../../connectors/api.js'
import type { RuleDef } from '../rule-def.js'
import type { RuleRegistry } from '../rule-registry.js'
import { MockSource } from './mock-source.js'
import { parseRuleTestRequest } from './request.js'
import type { RuleTestRequest } from './request.js'
import { RuleTestRun } from './test-run.js'
import type { EndReason, RuleTestListener } from './test-run.js'

/** The engine id of a test rule: apart from the ids users may choose (as `kuiper query`'s rules are). */
export const RULE_TEST_PREFIX = 'internal-ruletest_'

export interface RuleTestOptions {
  /** ms a test rule exists, from its creation (kuiper.yaml `ruleTest.timeLimit`, eKuiper: 10 minutes). */
  readonly timeLimit?: number
  /** Test rules existing at once (kuiper.yaml `ruleTest.maxConcurrent`). */
  readonly maxConcurrent?: number
  /**
   * ms a run goes on after its last mock row was handled, for the windows of the rule to fire, before it ends
   * `done` (added to the longest window of the rule).
   */
  readonly settleDelay?: number
}

export const DEFAULT_RULE_TEST_TIME_LIMIT = 600_000
export const DEFAULT_RULE_TEST_MAX_CONCURRENT = 10

interface Entry {
  readonly run: RuleTestRun
  /** Mock sources that have not sent their last row (those that loop never do). */
  sourcesLeft: number
  /** The rule's longest window (ms): the run waits that long after its last row for the window to fire. */
  windowMs: number
  limit: TimerHandle | undefined
  settle: TimerHandle | undefined
}

const UNIT_MS = { DD: 86_400_000, HH: 3_600_000, MI: 60_000, SS: 1000, MS: 1 } as const

export class RuleTestManager {
  private readonly runs = new Map<string, Entry>()
  /** Ends started by a timer (time limit, data done), still removing their rule. */
  private readonly ending = new Set<Promise<void>>()
  private readonly timeLimit: number
  private readonly maxConcurrent: number
  private readonly settleDelay: number

  constructor(
    private readonly rules: RuleRegistry,
    private readonly clock: Clock,
    opts: RuleTestOptions = {},
  ) {
    this.timeLimit = opts.timeLimit ?? DEFAULT_RULE_TEST_TIME_LIMIT
    this.maxConcurrent = opts.maxConcurrent ?? DEFAULT_RULE_TEST_MAX_CONCURRENT
    this.settleDelay = opts.settleDelay ?? 1000
  }

  /**
   * Checks and plans the test rule (bad JSON, SQL, an unknown stream, mock data for a stream the SQL does not
   * read...: BAD_REQUEST) and registers it, not started. A run of the same id is replaced (eKuiper overwrote it).
   */
  async create(body: string): Promise<{ id: string }> {
    const req = parseRuleTestRequest(body)
    const old = this.runs.get(req.id)
    const live = [...this.runs.values()].filter((e) => e.run.ended === undefined && e !== old).length
    if (live >= this.maxConcurrent)
      throw new KuiperError(
        'TOO_MANY_REQUESTS',
        `Too many rule tests: ${live} are running, at most ${this.maxConcurrent} (kuiper.yaml ruleTest.maxConcurrent); delete one first.`,
      )
    const fields = sinkFields(req.sinkProps)
    const sendSingle = req.sinkProps['sendSingle'] === true
    const run = new RuleTestRun(req.id, `${RULE_TEST_PREFIX}${req.id}`, fields, sendSingle)
    const entry: Entry = { run, sourcesLeft: 0, windowMs: 0, limit: undefined, settle: undefined }
    const sources = new Map<string, Source>()
    for (const [stream, spec] of req.mockSource) {
      if (!spec.loop) entry.sourcesLeft++
      sources.set(stream, new MockSource(spec, () => this.sourceEnded(entry)))
    }
    const def = this.ruleOf(req, run, sources)
    const prepared = this.prepare(def, req)
    if (old !== undefined) await this.end(old, 'stopped', true)
    this.rules.add(def, { prepared })
    this.runs.set(req.id, entry)
    this.forgetOldEnded()
    // A stream read from its real source never ends: the run then lasts until its time limit or DELETE.
    const streams = new Set(prepared.streams.map((s) => s.name))
    if ([...streams].some((s) => !req.mockSource.has(s))) entry.sourcesLeft = Number.POSITIVE_INFINITY
    entry.windowMs = longestWindow(prepared.statement)
    entry.limit = this.clock.setTimeout(() => this.endLater(entry, 'timeout'), this.timeLimit)
    return { id: req.id }
  }

  async start(id: string): Promise<void> {
    const entry = this.entry(id)
    const run = entry.run
    if (run.ended !== undefined) throw new KuiperError('BAD_REQUEST', `Rule test ${id} has ended (${run.ended}).`)
    if (run.started) return
    run.started = true
    try {
      await this.rules.start(run.ruleId)
    } catch (err) {
      run.error(errorMessage(err))
      await this.end(entry, 'stopped', false)
      throw new KuiperError('RULE_ERROR', `Rule test ${id} cannot start: ${errorMessage(err)}`, { cause: err })
    }
  }

  /** Stops the run (event `end`, reason `stopped`) and forgets it. */
  async delete(id: string): Promise<void> {
    const entry = this.entry(id)
    await this.end(entry, 'stopped', true)
  }

  /** Listens to a run's events (its backlog first); returns the unsubscribe. */
  listen(id: string, listener: RuleTestListener): () => void {
    return this.entry(id).run.listen(listener)
  }

  /** Whether the run has ended (its event stream closes after the `end` event). */
  ended(id: string): boolean {
    return this.entry(id).run.ended !== undefined
  }

  /** Resolves once the runs a timer ended have removed their rules and sent `end` (tests on a manual clock). */
  async idle(): Promise<void> {
    while (this.ending.size > 0) await Promise.all([...this.ending])
  }

  async close(): Promise<void> {
    for (const e of [...this.runs.values()]) await this.end(e, 'stopped', true)
  }

  private ruleOf(req: RuleTestRequest, run: RuleTestRun, sources: ReadonlyMap<string, Source>): RuleDef {
    const sink = new CallbackSink((payload) => run.onPayload(payload))
    const props = { ...req.sinkProps }
    delete props['fields']
    return { id: run.ruleId, sql: req.sql, actions: [{ name: 'ruletest', sink, props }], sources }
  }

  /** The test rule checked and planned; a stream the SQL does not read may not have mock data. */
  private prepare(def: RuleDef, req: RuleTestRequest): ReturnType<RuleRegistry['prepare']> {
    let prepared
    try {
      prepared = this.rules.prepare(def)
    } catch (err) {
      // An unknown stream is a fault of this request (400), not a missing test rule (404).
      if (err instanceof KuiperError && err.code === 'NOT_FOUND')
        throw new KuiperError('BAD_REQUEST', err.message, { cause: err })
      throw err
    }
    const read = new Set(prepared.streams.map((s) => s.name))
    for (const stream of req.mockSource.keys()) {
      if (!read.has(stream))
        throw new KuiperError(
          'BAD_REQUEST',
          `Invalid rule test: mockSource names stream ${stream}, which the SQL does not read.`,
        )
    }
    return prepared
  }

  /** A mock source sent its last row: once all have, and the rule has handled them, the run ends `done`. */
  private sourceEnded(entry: Entry): void {
    if (--entry.sourcesLeft > 0) return
    const topology = this.rules.topology(entry.run.ruleId)
    void (topology?.idle() ?? Promise.resolve()).then(() => {
      if (entry.run.ended !== undefined) return
      entry.settle = this.clock.setTimeout(() => this.endLater(entry, 'done'), this.settleDelay + entry.windowMs)
    })
  }

  /**
   * Ended runs keep their events for a late reader, until deleted or their time limit; beyond `maxConcurrent` of
   * them the oldest are forgotten, so that short runs created one after another do not pile up for ten minutes.
   */
  private forgetOldEnded(): void {
    const ended = [...this.runs.values()].filter((e) => e.run.ended !== undefined)
    for (const e of ended.slice(0, Math.max(0, ended.length - this.maxConcurrent))) {
      e.limit?.cancel()
      this.runs.delete(e.run.id)
    }
  }

  private endLater(entry: Entry, reason: EndReason): void {
    const p = this.end(entry, reason, false).finally(() => this.ending.delete(p))
    this.ending.add(p)
  }

  /** Ends a run: its rule removed, event `end`; `forget` drops it too (else its events stay readable until DELETE). */
  private async end(entry: Entry, reason: EndReason, forget: boolean): Promise<void> {
    const run = entry.run
    entry.settle?.cancel()
    entry.settle = undefined
    if (forget || reason === 'timeout') {
      entry.limit?.cancel()
      entry.limit = undefined
      if (this.runs.get(run.id) === entry) this.runs.delete(run.id)
    }
    if (run.ended !== undefined) return
    if (this.rules.has(run.ruleId)) {
      await this.rules.remove(run.ruleId).catch((err: unknown) => run.error(errorMessage(err)))
    }
    run.end(reason)
  }

  private entry(id: string): Entry {
    const e = this.runs.get(id)
    if (e === undefined) throw new KuiperError('NOT_FOUND', `Rule test ${id} is not found.`)
    return e
  }
}

/** `sinkProps.fields`: the columns to send, applied to the rows before they are encoded. */
function sinkFields(props: Readonly<Record<string, unknown>>): string[] | undefined {
  const f = props['fields']
  if (f === undefined || f === null) return undefined
  if (!Array.isArray(f) || !f.every((x) => typeof x === 'string'))
    throw new KuiperError('BAD_REQUEST', 'Invalid rule test: sinkProps.fields must be an array of column names.')
  if (props['dataTemplate'] !== undefined && props['dataTemplate'] !== '')
    throw new KuiperError('BAD_REQUEST', 'Invalid rule test: sinkProps.fields and dataTemplate cannot be combined.')
  return f as string[]
}

/** The length of the rule's window in ms (0 without one, or for count windows). */
function longestWindow(stmt: ReturnType<RuleRegistry['prepare']>['statement']): number {
  let ms = 0
  for (const d of stmt.dimensions) {
    const w = d.expr
    if (w.kind === 'Window' && w.unit !== undefined) ms = Math.max(ms, w.length * UNIT_MS[w.unit])
  }
  return ms
}
