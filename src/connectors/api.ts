// The connector contracts (eKuiper's contract/api source.go / sink.go, minimal for now): a Source pushes decoded
// messages into the rule, a Sink receives each result payload. The runtime nodes own queues, metrics and errors.

import type { ConnectorAllowLists } from '../core/allow-list.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '../core/clock.js'
import { KuiperError, errorMessage } from '../core/errors.js'
import { toJson } from '../core/json.js'
import type { PayloadFormat } from '../core/payload-format.js'
import type { FanoutMember } from '../core/fanout.js'
import type { ValueMap } from '../core/value.js'

export type { PayloadFormat } from '../core/payload-format.js'

export type ConnectorProps = Readonly<Record<string, unknown>>

export interface SourceContext {
  readonly ruleId: string
  /** The stream this source instance feeds. */
  readonly stream: string
  readonly clock: Clock
  /**
   * Counts an input the source could not turn into a message (a malformed payload) in the source node's
   * `exceptions_total` metric; the source logs it and goes on.
   */
  readonly error?: (err: unknown) => void
  /** The extension state of this source in this rule, checkpointed with qos > 0 (absent outside a rule). */
  readonly state?: ExtensionState
  /** Where the source logs: the engine's logger bound to `{ rule, connector }`. */
  readonly logger: ConnectorLogger
  /** Backpressure from the rule (absent outside a rule): see SourceFlow. */
  readonly flow?: SourceFlow
  /**
   * The stream's FORMAT from the engine's format registry (JSON, BINARY or a plugin's): a source that receives
   * bytes decodes them with it (see decodePayload), never by itself.
   */
  readonly format: PayloadFormat
  /**
   * Offered while the rule may take this stream's messages the plain way (core/fanout.ts): a connector handing a
   * decoded message to several rules may give it to the member's step instead of calling `emit`, when it would call
   * `emit` with the message unchanged (no copy, no per-message bookkeeping of its own).
   */
  readonly fanout?: FanoutMember | undefined
}

/**
 * The messages of one payload in the stream's FORMAT. A malformed payload gives none: it is counted as a source
 * exception and logged through `log` (rate-limited), and the source goes on.
 * @example for (const m of decodePayload(ctx, bytes, this.badPayloads)) emit(m, meta)
 */
export function decodePayload(ctx: SourceContext, payload: Uint8Array, log: ThrottledLog): readonly ValueMap[] {
  try {
    return ctx.format.decode(payload)
  } catch (err) {
    ctx.error?.(err)
    log.write(ctx.logger, decodeFailure(payload, ctx.format.name, err))
    return []
  }
}

/** 1.0's log text for a payload its format cannot decode (the payload cut at 200 bytes). */
export function decodeFailure(payload: Uint8Array, format: string, err: unknown): string {
  const text = Buffer.from(payload.subarray(0, 200)).toString() + (payload.length > 200 ? '...' : '')
  return `Invalid data format, cannot decode ${text} to ${format} format with error ${errorMessage(err)}`
}

/**
 * Backpressure: the rule's input queue holds at most `bufferLength` messages. A source that can stop reading (a
 * socket, a file, a poll) checks `isFull()` after emitting and, while full, stops and waits for `onRoom`. What a
 * source emits into a full queue replaces the oldest queued message (counted in the source's `dropped_total`).
 * @example
 * emit(message); if (ctx.flow?.isFull()) { this.paused = true; ctx.flow.onRoom(() => this.readMore()) }
 */
export interface SourceFlow {
  /** True while the rule's input queue is full. */
  isFull(): boolean
  /** Calls `resume` once, when the queue has room again (at once when it has room now, or the rule stops). */
  onRoom(resume: () => void): void
  /**
   * Set when `isFull` is false whenever `sourceBacklog.queues` is 0 (core/source-backlog.ts), as for a rule's source
   * node: a connector may then skip asking.
   */
  readonly backlogCounted?: boolean
}

/** The state of a connector's connection to its external system, as metrics `connection_*` show it. */
export interface ConnectionStatus {
  readonly state: 'connected' | 'connecting' | 'disconnected'
  /** Epoch ms of the last successful connection; undefined = never. */
  readonly lastConnectedAt: number | undefined
  /** Epoch ms the connection was last lost (or an attempt failed); undefined = never. */
  readonly lastDisconnectedAt: number | undefined
  /** Why it was last lost ('' = never). */
  readonly lastDisconnectedMessage: string
  /** Epoch ms of the last (re)connection attempt; undefined = never. */
  readonly lastTryAt: number | undefined
  /** Reconnection attempts since the connection was opened. */
  readonly reconnectAttempts: number
}

/** A source or sink that keeps a connection and tells its state (the runtime reports it in the rule's metrics). */
export interface ReportsConnection {
  connectionStatus(): ConnectionStatus | undefined
}

export function reportsConnection(x: object): x is ReportsConnection {
  return typeof (x as Partial<ReportsConnection>).connectionStatus === 'function'
}

/**
 * 1.0's extension state API (PutState/GetState/DeleteState/IncrCounter/GetCounter on a source, sink or function
 * context): state scoped to one node of one rule, saved in every checkpoint and restored when the rule restarts.
 * Values must be plain data (`v8.serialize` takes them: Kuiper values, maps, arrays, bigint, Date, Uint8Array).
 * @example
 * open(ctx, emit) { const seen = ctx.state?.getCounter('seen') ?? 0; ... ctx.state?.incrCounter('seen', 1) }
 */
export interface ExtensionState {
  putState(key: string, value: unknown): void
  /** undefined when absent. */
  getState(key: string): unknown
  deleteState(key: string): void
  incrCounter(key: string, amount: number): void
  /** 0 when never incremented. */
  getCounter(key: string): number
}

/**
 * A source that can resume from a saved position (1.0's api.Rewindable). With qos > 0 the runtime reads `offset()`
 * at every checkpoint and, when the rule restarts, calls `rewind(offset)` before `open`; messages after that
 * position are emitted again.
 * @example
 * class Lines implements Source, Rewindable {
 *   private next = 0
 *   offset() { return this.next }          // position after the last message handed to emit
 *   rewind(offset: unknown) { this.next = Number(offset) }
 * }
 */
export interface Rewindable {
  /** Plain data: the position after the last message handed to `emit`. */
  offset(): unknown
  rewind(offset: unknown): void | Promise<void>
}

export function isRewindable(s: object): s is Rewindable {
  const r = s as Partial<Rewindable>
  return typeof r.offset === 'function' && typeof r.rewind === 'function'
}

/** Pushes one decoded message (a map) with its metadata (`meta(topic)`...) into the rule. */
export type SourceEmit = (message: ValueMap, meta?: ValueMap | null) => void

/** How a stream's source is configured: the stream's WITH options plus its source properties. */
export interface SourceConfig {
  readonly stream: string
  /** TYPE option, lower-case (`mqtt` when absent, as 1.0). */
  readonly type: string
  /** DATASOURCE option: the topic / resource the source reads. */
  readonly datasource: string
  readonly format: string
  readonly confKey?: string
  /** Source properties (the `etc/sources/<type>.yaml` section); empty until source profiles exist. */
  readonly props: ConnectorProps
}

/**
 * A push source.
 * @example
 * class Counter implements Source {
 *   open(ctx, emit) { let i = 0; this.t = ctx.clock.setInterval(() => emit({ n: i++ }), 1000) }
 *   close() { this.t.cancel() }
 * }
 */
export interface Source {
  open(ctx: SourceContext, emit: SourceEmit): void | Promise<void>
  close(ctx: SourceContext): void | Promise<void>
}

export interface SinkContext {
  readonly ruleId: string
  /** Node name as in metrics (`mockSink`, `log_0`). */
  readonly sinkName: string
  readonly clock: Clock
  /** The extension state of this sink in this rule, checkpointed with qos > 0. */
  readonly state?: ExtensionState
  /** Where the sink logs: the engine's logger bound to `{ rule, connector }`. */
  readonly logger: ConnectorLogger
}

/**
 * Where connectors and the sink pipeline log (kuiperd: its pino logger; embedded: `consoleLogger` unless the
 * Engine's `logger` option says otherwise). `child` adds bindings (`{ rule, connector }`) when the logger has them.
 */
export interface ConnectorLogger {
  debug(msg: string): void
  info(msg: string): void
  warn(msg: string): void
  error(msg: string): void
  child?(bindings: Readonly<Record<string, string>>): ConnectorLogger
}

/** The default logger: info to stdout, warnings and errors to stderr, debug dropped. */
export const consoleLogger: ConnectorLogger = {
  debug: () => {},
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
}

/** A logger that drops everything (tests). */
export const silentLogger: ConnectorLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

/** `logger` with `bindings` added when it supports them (pino children), else `logger` itself. */
export function childLogger(logger: ConnectorLogger, bindings: Readonly<Record<string, string>>): ConnectorLogger {
  return logger.child?.(bindings) ?? logger
}

/**
 * A log line that floods (malformed payloads, unconvertible readings) written at most once per interval, saying how
 * many similar lines were suppressed in between.
 * @example const bad = new ThrottledLog('error', 'errors'); bad.write(ctx.logger, `Invalid data format ...`)
 */
export class ThrottledLog {
  private last = -Infinity
  private suppressed = 0

  constructor(
    private readonly level: 'warn' | 'error',
    /** What the suppressed lines are called: `(3 similar errors suppressed)`. */
    private readonly noun: string,
    private readonly intervalMs = 10_000,
  ) {}

  write(logger: ConnectorLogger, msg: string, now: number = performance.now()): void {
    if (now - this.last < this.intervalMs) {
      this.suppressed++
      return
    }
    const extra = this.suppressed > 0 ? ` (${this.suppressed} similar ${this.noun} suppressed)` : ''
    this.suppressed = 0
    this.last = now
    logger[this.level](msg + extra)
  }
}

/**
 * A connector failure that says whether trying again can help (Arroyo's `ConnectorError { retry }`): `backoff` for
 * an unreachable or overloaded endpoint (the sink node keeps the message in its outbox and resends it later),
 * `none` for a message the endpoint will never accept (dropped, counted and logged). Other errors thrown by a sink
 * are retried, as 1.0 retried every failed Collect.
 * @example throw new ConnectorError('rest sink: connection refused', 'backoff')
 */
export class ConnectorError extends KuiperError {
  constructor(
    message: string,
    readonly retry: 'none' | 'backoff',
    options?: { cause?: unknown },
  ) {
    super('CONNECTOR_ERROR', message, options)
  }
}

/**
 * One message handed to a sink: result rows, or the error that replaced them. `text` is 1.0's payload bytes: the
 * JSON array of the rows, `[{"error":"<message>"}]` (message inserted verbatim), or what the sink node rendered
 * (`sendSingle` re-encodes each row, `dataTemplate` output); `templated` tells that `text` is a rendered template.
 */
export class SinkPayload {
  private encoded: string | undefined
  private readonly preset: boolean

  constructor(
    readonly rows: readonly ValueMap[] | undefined,
    readonly error?: string,
    text?: string,
    readonly templated: boolean = false,
  ) {
    this.encoded = text
    this.preset = text !== undefined
  }

  get isError(): boolean {
    return this.rows === undefined
  }

  get text(): string {
    if (this.encoded === undefined) {
      this.encoded = this.rows === undefined ? `[{"error":"${this.error ?? ''}"}]` : toJson(this.rows as ValueMap[])
    }
    return this.encoded
  }

  /** The text given to the constructor (sendSingle / dataTemplate output); undefined when derived from the rows. */
  get presetText(): string | undefined {
    return this.preset ? this.encoded : undefined
  }
}

/**
 * The rows a data sink (InfluxDB, TDengine...) writes: the result rows, or, after a dataTemplate, the rendered
 * text decoded as JSON (an object or an array of objects, numbers as float64, as 1.0 decoded the payload bytes).
 * Throws a non-retryable ConnectorError when the rendered text is not such JSON.
 */
export function payloadRows(payload: SinkPayload, sinkType: string): readonly ValueMap[] {
  if (!payload.templated) return payload.rows ?? [{ error: payload.error ?? '' }]
  let v: unknown
  try {
    v = JSON.parse(payload.text)
  } catch (err) {
    throw new ConnectorError(`${sinkType} sink: payload is not JSON: ${(err as Error).message}`, 'none')
  }
  const isObj = (x: unknown): x is ValueMap => typeof x === 'object' && x !== null && !Array.isArray(x)
  if (isObj(v)) return [v]
  if (Array.isArray(v) && v.every(isObj)) return v
  throw new ConnectorError(`${sinkType} sink: payload is not a JSON object or array of objects`, 'none')
}

/**
 * A sink. `collect` may return a promise; the sink node then keeps at most `concurrency` collects in flight.
 * @example
 * class LogSink implements Sink {
 *   collect(ctx, payload) { ctx.logger.info(`${ctx.sinkName}: ${payload.text}`) }
 * }
 */
export interface Sink {
  open?(ctx: SinkContext): void | Promise<void>
  collect(ctx: SinkContext, payload: SinkPayload): void | Promise<void>
  /**
   * Writes out whatever `collect` accepted but only buffered (the file sink's `interval`). The sink node awaits it
   * before it acknowledges a checkpoint barrier, so a checkpoint never completes past rows that a crash would lose;
   * a throw fails that checkpoint. Sinks that write within `collect` leave it out.
   */
  flush?(ctx: SinkContext): void | Promise<void>
  close?(ctx: SinkContext): void | Promise<void>
}

/** What connector factories may use besides their properties. */
export interface ConnectorEnv {
  readonly clock: Clock
  /** The engine's in-process pub/sub (memory source and sink). */
  readonly memory: MemoryPubSub
  /** The engine's logger (not bound to a rule: for what a connector shares between rules, e.g. MQTT connections). */
  readonly logger: ConnectorLogger
  /** The configuration folder (`etc/`), when the engine has one: sources read side files (KubeEdge models) there. */
  readonly etcDir?: string
  /**
   * The data folder, where connectors keep the files they make (the file sink's default file): kuiperd's `data/`,
   * an embedded Engine's `dataDir` option (default: defaultDataDir()). Always set by the Engine.
   */
  readonly dataDir?: string
  /**
   * The folders and URL prefixes connectors may reach (kuiper.yaml `connectors:`); absent or a list absent: open,
   * as 1.0. Checked when a rule is created and again when its connectors open.
   */
  readonly allow?: ConnectorAllowLists
}

/**
 * The data folder of an Engine created without `dataDir`: `<os temp dir>/kuiper`, so an embedding application never
 * finds files in its working directory; like the default in-memory state store, it is not meant to last.
 */
export function defaultDataDir(): string {
  return join(tmpdir(), 'kuiper')
}

/** The in-process topic bus behind the memory connector (kept here so connectors depend on api only). */
export interface MemoryPubSub {
  publish(topic: string, message: ValueMap, meta?: ValueMap | null): void
  /** `filter` may use MQTT wildcards `+` and `#`. Returns the unsubscribe function. */
  subscribe(
    filter: string,
    handler: (message: ValueMap, meta: ValueMap, topic: string) => void,
    /** Given when `handler` only emits the message to this member's rule (see SourceContext.fanout). */
    member?: FanoutMember,
  ): () => void
  /** Retaining topics keep what is published to them: the number of messages so far; undefined for other topics. */
  logLength?(topic: string): number | undefined
  /** The retained messages of `topic` from position `from` on (what a rewound memory source replays). */
  readLog?(topic: string, from: number): readonly RetainedMessage[]
}

export interface RetainedMessage {
  readonly message: ValueMap
  readonly meta: ValueMap
}

export type SourceFactory = (config: SourceConfig, env: ConnectorEnv) => Source
export type SinkFactory = (props: ConnectorProps, env: ConnectorEnv) => Sink
