// Temporary query rules for `kuiper query` (1.0's Server.CreateQuery / GetQueryResult): a SELECT runs with an
// in-memory sink whose payloads are kept until polled; a query not polled for a while is stopped and forgotten.

import type { Clock, TimerHandle } from '../core/clock.js'
import { KuiperError } from '../core/errors.js'
import { CallbackSink } from '../connectors/callback-sink.js'
import type { RuleRegistry } from './rule-registry.js'

interface Query {
  readonly id: string
  results: string[]
  lastPoll: number
}

export interface QueryOptions {
  /** Stop a query not polled for this long (1.0: 10 s). */
  readonly idleTimeout?: number
  /** How often idle queries are looked for (1.0: 5 s). */
  readonly checkEvery?: number
  /** Results kept per query between polls; older ones are dropped first. */
  readonly maxBuffered?: number
}

/** 1.0's temporary query rule id, made unique per query so that several consoles can run at once. */
export const QUERY_RULE_PREFIX = 'internal-xstream_query_rule'

export class QueryManager {
  private readonly queries = new Map<string, Query>()
  private timer: TimerHandle | undefined
  private seq = 0
  private readonly idleTimeout: number
  private readonly checkEvery: number
  private readonly maxBuffered: number

  constructor(
    private readonly rules: RuleRegistry,
    private readonly clock: Clock,
    opts: QueryOptions = {},
  ) {
    this.idleTimeout = opts.idleTimeout ?? 10_000
    this.checkEvery = opts.checkEvery ?? 5_000
    this.maxBuffered = opts.maxBuffered ?? 10_000
  }

  /**
   * Starts the SELECT as a temporary rule; returns its id. Refused as a rule would be (bad SQL, unknown stream or
   * source type), checked and planned once.
   */
  async create(sql: string): Promise<string> {
    const id = `${QUERY_RULE_PREFIX}_${this.seq + 1}`
    const q: Query = { id, results: [], lastPoll: this.clock.now() }
    const sink = new CallbackSink((payload) => {
      q.results.push(payload.text)
      if (q.results.length > this.maxBuffered) q.results.splice(0, q.results.length - this.maxBuffered)
    })
    const def = { id, sql, actions: [{ name: 'memory_log', sink }] }
    this.rules.add(def, { prepared: this.rules.prepare(def) })
    this.seq++
    this.queries.set(id, q)
    try {
      await this.rules.start(id)
    } catch (err) {
      this.queries.delete(id)
      await this.rules.remove(id)
      throw err
    }
    this.timer ??= this.clock.setInterval(() => void this.sweep(), this.checkEvery)
    return id
  }

  /** The payloads produced since the previous poll. */
  poll(id: string): string[] {
    const q = this.queries.get(id)
    if (q === undefined) throw new KuiperError('NOT_FOUND', `Query ${id} is not found.`)
    q.lastPoll = this.clock.now()
    const out = q.results
    q.results = []
    return out
  }

  async stop(id: string): Promise<void> {
    if (!this.queries.delete(id)) throw new KuiperError('NOT_FOUND', `Query ${id} is not found.`)
    await this.rules.remove(id)
  }

  async close(): Promise<void> {
    this.timer?.cancel()
    this.timer = undefined
    for (const id of [...this.queries.keys()]) await this.stop(id)
  }

  private async sweep(): Promise<void> {
    const now = this.clock.now()
    for (const q of [...this.queries.values()]) {
      if (now - q.lastPoll > this.idleTimeout) await this.stop(q.id).catch(() => undefined)
    }
    if (this.queries.size === 0) {
      this.timer?.cancel()
      this.timer = undefined
    }
  }
}
