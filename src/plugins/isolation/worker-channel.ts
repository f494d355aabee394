// kuiperd's side of one plugin source or sink running in a worker thread: requests with a deadline, a heartbeat
// that notices a worker stuck between requests, and the plugin's state reads and writes served from the rule's
// state. A worker that crashes, exits or misses a deadline is terminated and reported once through `onFailure`.

import type { MessagePort, Worker } from 'node:worker_threads'
import type { ConnectorLogger, ExtensionState } from '../../connectors/api.js'
import type { StateOp, WorkerBoot, WorkerMessage, WorkerMode, WorkerRequest } from './worker-protocol.js'
import { SIGNAL_SLOTS, SIGNAL_TO_WORKER, stateOpAnswers, startPluginWorker } from './worker-protocol.js'
import { nodeWorkerThreads } from '../../core/lazy-builtins.js'

/** What kuiperd knows of a plugin it runs isolated. */
export interface IsolatedPlugin {
  readonly name: string
  /** file: URL of the entry module. */
  readonly entry: string
  /** A call (or heartbeat) unanswered this long ends the worker. */
  readonly timeoutMs: number
  readonly etcDir?: string
  readonly dataDir?: string
}

/** A message of the worker that is not a reply to a request nor a state operation. */
export type WorkerEvent = Extract<WorkerMessage, { kind: 'emit' | 'inputError' }>

export interface WorkerChannelOptions {
  readonly mode: WorkerMode
  readonly plugin: IsolatedPlugin
  /** Where the plugin's logger writes. */
  readonly logger: ConnectorLogger
  /** The state the plugin's context API reads and writes (undefined: writes dropped, reads empty). */
  readonly state: ExtensionState | undefined
  readonly onEvent: (e: WorkerEvent) => void
  /** The worker crashed, exited or stopped answering; called at most once, never after close(). */
  readonly onFailure: (err: Error) => void
}

/** How long a worker may take to load the plugin's module (a worker boots in about 200 ms on an idle machine). */
const STARTUP_MS = 10_000

type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never

interface Pending {
  readonly resolve: (v: unknown) => void
  readonly reject: (e: Error) => void
  readonly timer: NodeJS.Timeout
}

export class WorkerChannel {
  private readonly worker: Worker
  private readonly toMain: MessagePort
  private readonly replies: MessagePort
  private readonly signals: Int32Array
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private ended = false
  private heartbeat: NodeJS.Timeout | undefined
  private readonly ready: Promise<void>

  constructor(private readonly opts: WorkerChannelOptions) {
    const toMain = new (nodeWorkerThreads().MessageChannel)()
    const replies = new (nodeWorkerThreads().MessageChannel)()
    const signals = new SharedArrayBuffer(SIGNAL_SLOTS * Int32Array.BYTES_PER_ELEMENT)
    this.signals = new Int32Array(signals)
    this.toMain = toMain.port1
    this.replies = replies.port1
    const p = opts.plugin
    const boot: WorkerBoot = {
      mode: opts.mode,
      entry: p.entry,
      pluginName: p.name,
      signals,
      toMain: toMain.port2,
      replies: replies.port2,
      ...(p.etcDir !== undefined ? { etcDir: p.etcDir } : {}),
      ...(p.dataDir !== undefined ? { dataDir: p.dataDir } : {}),
    }
    this.worker = startPluginWorker(boot)
    let readyResolve!: () => void
    this.ready = new Promise((r) => (readyResolve = r))
    this.toMain.on('message', (m: WorkerMessage) => {
      if (m.kind === 'ready') readyResolve()
      else this.onMessage(m)
    })
    this.worker.on('error', (err) => this.fail(new Error(`${this.what()} crashed: ${err.message}`)))
    this.worker.on('exit', (code) => this.fail(new Error(`${this.what()} exited (code ${code})`)))
    // Neither keeps kuiperd alive: the rule closes them.
    this.worker.unref()
    this.toMain.unref()
  }

  /** Waits until the module is loaded (STARTUP_MS at least), then checks the worker every timeout period. */
  async start(): Promise<void> {
    await this.withDeadline(this.ready, 'load its module', Math.max(STARTUP_MS, this.opts.plugin.timeoutMs))
    const period = this.opts.plugin.timeoutMs
    this.heartbeat = setInterval(() => {
      if (this.pending.size === 0) this.request({ op: 'ping' }).catch(() => undefined)
    }, period)
    this.heartbeat.unref()
  }

  /** Sends a request; rejects with the plugin's error, or when the worker fails or misses the deadline. */
  request(body: RequestBody): Promise<unknown> {
    if (this.ended) return Promise.reject(new Error(`${this.what()} is stopped`))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new Error(`${this.what()} did not answer ${body.op} within ${this.opts.plugin.timeoutMs} ms: it was stopped`),
        )
      }, this.opts.plugin.timeoutMs)
      this.pending.set(id, { resolve, reject, timer })
      this.worker.postMessage({ ...body, id } as WorkerRequest)
    })
  }

  /** Asks the plugin to close (bounded by the timeout), then ends the worker; no failure is reported after this. */
  async close(): Promise<void> {
    if (this.ended) return
    try {
      await this.request({ op: 'close' })
    } finally {
      this.end()
    }
  }

  /** Ends the worker without asking (no failure reported). */
  end(): void {
    if (this.ended) return
    this.ended = true
    this.stop(new Error(`${this.what()} is stopped`))
  }

  private what(): string {
    return `${this.opts.mode} plugin ${this.opts.plugin.name} (worker)`
  }

  private withDeadline(p: Promise<void>, what: string, ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const err = new Error(`${this.what()} did not ${what} within ${ms} ms`)
        this.fail(err)
        reject(err)
      }, ms)
      p.then(() => {
        clearTimeout(timer)
        if (this.ended) reject(new Error(`${this.what()} is stopped`))
        else resolve()
      }, reject)
      this.worker.once('exit', () => {
        clearTimeout(timer)
        reject(new Error(`${this.what()} exited while starting`))
      })
    })
  }

  private fail(err: Error): void {
    if (this.ended) return
    this.ended = true
    this.stop(err)
    this.opts.onFailure(err)
  }

  private stop(err: Error): void {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat)
    for (const p of this.pending.values()) {
      clearTimeout(p.timer)
      p.reject(err)
    }
    this.pending.clear()
    this.toMain.close()
    this.replies.close()
    void this.worker.terminate()
  }

  private onMessage(m: Exclude<WorkerMessage, { kind: 'ready' }>): void {
    switch (m.kind) {
      case 'reply': {
        const p = this.pending.get(m.id)
        if (p === undefined) return
        this.pending.delete(m.id)
        clearTimeout(p.timer)
        if (m.ok) p.resolve(m.value)
        else p.reject(new Error(m.error))
        return
      }
      case 'state':
        this.serveState(m)
        return
      case 'log':
        this.opts.logger[m.level](m.msg)
        return
      case 'exit':
        // The worker's 'exit' event follows and reports it.
        return
      default:
        this.opts.onEvent(m)
    }
  }

  private serveState(op: StateOp): void {
    let answer: unknown
    try {
      answer = applyStateOp(this.opts.state, op)
    } catch (err) {
      // A bad write (a counter increment that is not a number) is the plugin's fault, not kuiperd's.
      this.opts.logger.warn(`${this.what()}: state ${op.op}(${op.key}) failed: ${(err as Error).message}`)
      answer = stateOpAnswers(op.op) ? undefined : NO_ANSWER
    }
    if (answer === NO_ANSWER) return
    this.replies.postMessage(answer)
    Atomics.store(this.signals, SIGNAL_TO_WORKER, 1)
    Atomics.notify(this.signals, SIGNAL_TO_WORKER)
  }
}

/** Marks a state op that is a write (the worker does not wait for it). */
export const NO_ANSWER: unique symbol = Symbol('no answer')

/** Applies a state op of the worker to the rule's state; the value read, or NO_ANSWER for writes. */
export function applyStateOp(
  state: Pick<ExtensionState, 'putState' | 'getState' | 'deleteState' | 'incrCounter' | 'getCounter'> | undefined,
  op: StateOp,
): unknown {
  switch (op.op) {
    case 'putState':
      state?.putState(op.key, op.value)
      return NO_ANSWER
    case 'deleteState':
      state?.deleteState(op.key)
      return NO_ANSWER
    case 'incrCounter':
      state?.incrCounter(op.key, op.amount)
      return NO_ANSWER
    case 'getState':
      return state?.getState(op.key)
    case 'getCounter':
      return state?.getCounter(op.key) ?? 0
  }
}
