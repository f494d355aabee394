// `rule` cases (FORMAT.md §4): replays the Go harness through the real Engine, planner and runtime on a ManualClock,
// with a mock source per stream emitting each event at its `emit_at` deadline and a recording `mockSink`.
// Checkpoint cases (§4.2) replay two phases: the rule is stopped at the `restart` step and started again, restoring
// its last completed checkpoint; the mock source rewinds to its saved offset.

import { ManualClock } from '../../../src/core/manual-clock.js'
import type { Value, ValueMap } from '../../../src/core/value.js'
import type {
  ConnectorEnv,
  Sink,
  SinkPayload,
  Source,
  SourceConfig,
  SourceContext,
  SourceEmit,
  Rewindable,
} from '../../../src/connectors/api.js'
import { Engine } from '../../../src/engine.js'
import type { RuleOptions } from '../../../src/plan/options.js'
import { goValueAt, jsonAt, jsonRoundtripDiff } from '../go-values.js'
import type { CaseOutcome, ConformanceCase, KindHandler } from '../types.js'
import { catalogWithPlugins } from '../plugins/sample-plugins.js'

interface ClockStep {
  readonly op: 'add' | 'set' | string
  readonly ms?: number
  readonly now: number
  readonly phase?: string
}

interface Replay {
  readonly clock_start: number
  readonly timer_origin: number
  readonly time_leap: number
  readonly clock_script: readonly ClockStep[]
  /** Absent in checkpoint cases: emission times then follow the mock source's algorithm (§4.1.3). */
  readonly emit_at?: readonly (readonly (number | null)[])[]
  readonly checkpoint?: {
    readonly expected_checkpoint_count: number
    readonly pause_metrics: Readonly<Record<string, number>> | null
  }
}

interface RuleCase extends ConformanceCase {
  readonly streams: readonly { readonly name: string; readonly sql: string }[]
  readonly inputs: readonly {
    readonly stream: string
    readonly metadata?: ValueMap
    readonly events: readonly unknown[]
  }[]
  readonly rule: { readonly id: string; readonly sql: string; readonly options: Partial<RuleOptions> }
  readonly sink: {
    readonly name: string
    readonly props: Record<string, unknown> | null
    readonly result_format?: string
  }
  readonly replay: Replay
  readonly expected: {
    readonly emissions: readonly unknown[]
    readonly metrics: Readonly<Record<string, number>> | null
    readonly topology: unknown
  }
  readonly requires_plugins?: readonly string[]
}

/**
 * The mock source of one stream (1.0's xstream/test/mock_source.go): event k is emitted at `emit_at[k]` (null:
 * never) or, without emit_at, after `timestamp_k − now` (`time_leap` when that is not positive). Rewindable: its
 * offset is the number of events emitted.
 */
class MockSource implements Source, Rewindable {
  private timer: { cancel(): void } | undefined
  private next = 0

  constructor(
    private readonly events: readonly ValueMap[],
    private readonly timestamps: readonly number[],
    private readonly emitAt: readonly (number | null)[] | undefined,
    private readonly timeLeap: number,
    private readonly meta: ValueMap | null,
  ) {}

  offset(): number {
    return this.next
  }

  rewind(offset: unknown): void {
    if (typeof offset === 'number') this.next = offset
  }

  open(ctx: SourceContext, emit: SourceEmit): void {
    this.schedule(ctx, emit)
  }

  close(): void {
    this.timer?.cancel()
    this.timer = undefined
  }

  private schedule(ctx: SourceContext, emit: SourceEmit): void {
    const k = this.next
    if (k >= this.events.length) return
    let wait: number
    if (this.emitAt !== undefined) {
      const at = this.emitAt[k]
      if (at === null || at === undefined) return
      wait = at - ctx.clock.now()
    } else {
      wait = this.timestamps[k]! - ctx.clock.now()
      if (wait <= 0) wait = this.timeLeap
    }
    this.timer = ctx.clock.setTimeout(() => {
      this.timer = undefined
      this.next++
      emit(this.events[k]!, this.meta === null ? null : { ...this.meta })
      this.schedule(ctx, emit)
    }, wait)
  }
}

export const ruleHandler: KindHandler = async (raw) => {
  const c = raw as RuleCase
  const functions = await catalogWithPlugins(c.requires_plugins ?? [])
  if (functions === undefined) return skip(`requires plugin functions: ${c.requires_plugins!.join(', ')}`)
  const props = c.sink.props ?? {}

  const clock = new ManualClock(c.replay.clock_start)
  const sources = new Map<string, MockSource>()
  c.inputs.forEach((input, i) => {
    const events = input.events.map((_, k) => goValueAt(c, `/inputs/${i}/events/${k}/payload`) as ValueMap)
    const timestamps = input.events.map((e) => (e as { timestamp: number }).timestamp)
    const emitAt = c.replay.emit_at === undefined ? undefined : (c.replay.emit_at[i] ?? [])
    sources.set(input.stream, new MockSource(events, timestamps, emitAt, c.replay.time_leap, input.metadata ?? null))
  })
  const mockSourceFactory = (config: SourceConfig, _env: ConnectorEnv): Source => {
    const s = sources.get(config.stream)
    if (s === undefined) throw new Error(`no mock input for stream ${config.stream}`)
    return s
  }
  const types = new Set(['mqtt'])
  for (const s of c.streams) {
    const m = /TYPE\s*=\s*"([^"]*)"/i.exec(s.sql)
    if (m !== null) types.add(m[1]!.toLowerCase())
  }
  const engine = new Engine({
    clock,
    functions,
    sources: Object.fromEntries([...types].map((t) => [t, mockSourceFactory])),
  })

  const emissions: Value[] = []
  const format = c.sink.result_format ?? 'json_array_per_emission'
  const sink: Sink = {
    collect: (_ctx, payload: SinkPayload) => {
      // The sink node applied sendSingle / dataTemplate (props): the mock sink records the payload bytes.
      if (format === 'raw_string_per_emission') emissions.push(payload.text)
      else if (format === 'json_object_per_emission') emissions.push(JSON.parse(payload.text) as ValueMap)
      else emissions.push(payload.rows === undefined ? [{ error: payload.error ?? '' }] : (payload.rows as ValueMap[]))
    },
  }
  for (const s of c.streams) engine.createStream(s.sql)
  await engine.createRule(
    { id: c.rule.id, sql: c.rule.sql, actions: [{ name: c.sink.name, sink, props }], options: c.rule.options },
    { start: false },
  )

  const settle = (): Promise<void> => engine.idle()
  let started = false
  const startIfDue = async (): Promise<void> => {
    if (!started && clock.now() >= c.replay.timer_origin) {
      started = true
      await engine.startRule(c.rule.id)
    }
  }
  await startIfDue()
  const diffs: string[] = []
  for (const step of c.replay.clock_script) {
    if (step.op === 'restart') {
      diffs.push(...(await restart(engine, c)))
      continue
    }
    if (step.op === 'add') await clock.advance(step.ms ?? 0, settle)
    else if (step.op === 'set') await clock.set(step.now, settle)
    else return { status: 'fail', diff: `unknown clock step ${step.op}` }
    if (clock.now() !== step.now) return { status: 'fail', diff: `clock at ${clock.now()} after a step to ${step.now}` }
    await startIfDue()
  }
  await engine.idle()

  const d = jsonRoundtripDiff(emissions, jsonAt(c, '/expected/emissions'))
  if (d !== undefined) diffs.push(`emissions: ${d}`)
  if (c.expected.topology !== null && c.expected.topology !== undefined) {
    const got = JSON.stringify(sortKeys(engine.ruleTopo(c.rule.id)))
    const want = JSON.stringify(sortKeys(c.expected.topology))
    if (got !== want) diffs.push(`topology: expected ${want}, got ${got}`)
  }
  diffs.push(...metricDiffs(engine, c.rule.id, c.expected.metrics, ''))
  await engine.close()
  return diffs.length === 0 ? { status: 'pass' } : { status: 'fail', diff: diffs.join('; ') }
}

/** End of phase 1 (§4.2): the checkpoints and metrics the Go test waited for, then cancel and reopen the rule. */
async function restart(engine: Engine, c: RuleCase): Promise<string[]> {
  const diffs: string[] = []
  const cp = c.replay.checkpoint
  if (cp !== undefined) {
    const done = engine.ruleCheckpoints(c.rule.id)?.completed ?? 0
    if (done !== cp.expected_checkpoint_count) {
      diffs.push(`phase 1: expected ${cp.expected_checkpoint_count} completed checkpoints, got ${done}`)
    }
    diffs.push(...metricDiffs(engine, c.rule.id, cp.pause_metrics, 'phase 1 '))
  }
  await engine.stopRule(c.rule.id)
  await engine.startRule(c.rule.id)
  await engine.idle()
  return diffs
}

/** Expected metrics are a subset; `process_latency_ms` values are lower bounds. */
function metricDiffs(
  engine: Engine,
  ruleId: string,
  expected: Readonly<Record<string, number>> | null,
  prefix: string,
): string[] {
  if (expected === null) return []
  const metrics = engine.ruleStatus(ruleId).metrics ?? {}
  const diffs: string[] = []
  for (const [k, want] of Object.entries(expected)) {
    const got = metrics[k]
    const ok = k.endsWith('process_latency_ms') ? typeof got === 'number' && got >= want : got === want
    if (!ok) diffs.push(`${prefix}metric ${k}: expected ${want}, got ${String(got)}`)
  }
  return diffs
}

function skip(reason: string): CaseOutcome {
  return { status: 'skip', reason }
}

/** Object keys sorted (map equality), arrays kept in order (edge lists are ordered). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k])
    return out
  }
  return v
}
