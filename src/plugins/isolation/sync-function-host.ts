// The worker thread of a function plugin marked `"isolation": "worker"`. SQL functions are synchronous, so a call
// posts the arguments and blocks kuiperd's thread on Atomics.wait until the answer, for at most the plugin's timeout;
// while waiting it also serves the function's state reads and writes. A call past the deadline (an endless loop)
// terminates the worker and throws: the row gets the error, like any function error, and a new worker is started
// for the next calls. One worker serves every rule; each call carries its rule's state.

import type { MessagePort, Worker } from 'node:worker_threads'
import type { ConnectorLogger } from '../../connectors/api.js'
import type { Value } from '../../core/value.js'
import type { FunctionContext } from '../../functions/define-function.js'
import type { IsolatedPlugin } from './worker-channel.js'
import { NO_ANSWER, applyStateOp } from './worker-channel.js'
import type { WorkerBoot, WorkerMessage } from './worker-protocol.js'
import { SIGNAL_SLOTS, SIGNAL_TO_MAIN, SIGNAL_TO_WORKER, startPluginWorker } from './worker-protocol.js'
import { nodeWorkerThreads } from '../../core/lazy-builtins.js'

/** How long warmUp waits for a worker to load the plugin's module. */
const STARTUP_MS = 10_000

interface RunningWorker {
  readonly worker: Worker
  readonly toMain: MessagePort
  readonly replies: MessagePort
  readonly signals: Int32Array
  ready: boolean
  /** Set (from the event loop) when the worker exited or crashed. */
  dead: string | undefined
}

export class SyncFunctionHost {
  private current: RunningWorker | undefined
  private nextId = 1
  private disposed = false

  constructor(
    private readonly plugin: IsolatedPlugin,
    private readonly logger: ConnectorLogger,
  ) {}

  /**
   * Starts the worker ahead of the first call and resolves once its module is loaded (or after STARTUP_MS), so that
   * no call waits for a worker to boot (about 200 ms).
   */
  async warmUp(): Promise<void> {
    if (this.disposed) return
    const w = (this.current ??= this.spawn())
    const deadline = performance.now() + STARTUP_MS
    for (;;) {
      // Before any call the worker only says `ready` (and logs).
      for (
        let got = nodeWorkerThreads().receiveMessageOnPort(w.toMain);
        got !== undefined;
        got = nodeWorkerThreads().receiveMessageOnPort(w.toMain)
      ) {
        const m = got.message as WorkerMessage
        if (m.kind === 'ready') w.ready = true
        else if (m.kind === 'log') this.logger[m.level](m.msg)
      }
      if (w.ready || w.dead !== undefined || performance.now() > deadline) return
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  /** Ends the worker for good (the plugin was removed or upgraded). */
  dispose(): void {
    this.disposed = true
    this.kill()
  }

  /** Calls function `fn` of the plugin with `args`; throws its error, or when the worker fails or times out. */
  call(fn: string, args: unknown, ctx: FunctionContext): Value {
    if (this.disposed) throw new Error(`function plugin ${this.plugin.name} was removed`)
    if (this.current?.dead !== undefined) this.current = undefined
    const w = (this.current ??= this.spawn())
    const id = this.nextId++
    const timeout = this.plugin.timeoutMs
    const deadline = performance.now() + timeout
    w.worker.postMessage({ op: 'call', id, fn, args, hasState: ctx.state !== undefined })
    for (;;) {
      const got = nodeWorkerThreads().receiveMessageOnPort(w.toMain)
      if (got !== undefined) {
        const m = got.message as WorkerMessage
        if (m.kind === 'ready') w.ready = true
        else if (m.kind === 'state') this.serveState(w, m, ctx)
        else if (m.kind === 'log') this.logger[m.level](m.msg)
        else if (m.kind === 'exit') {
          this.kill()
          throw new Error(`function plugin ${this.plugin.name}: its worker exited (code ${m.code}) in ${fn}`)
        } else if (m.kind === 'reply' && m.id === id) {
          if (m.ok) return m.value as Value
          throw new Error(m.error)
        }
        continue
      }
      const left = deadline - performance.now()
      if (left <= 0) break
      Atomics.wait(w.signals, SIGNAL_TO_MAIN, 0, left)
      Atomics.store(w.signals, SIGNAL_TO_MAIN, 0)
    }
    // Past the deadline: a worker still loading its module is left to finish; one that was running the call is stuck.
    if (w.dead !== undefined) throw new Error(`function plugin ${this.plugin.name}: its worker ${w.dead}`)
    if (!w.ready) throw new Error(`function plugin ${this.plugin.name}: its worker is not ready yet (${timeout} ms)`)
    this.kill()
    const why = `function plugin ${this.plugin.name}: ${fn} did not return within ${timeout} ms; its worker was stopped`
    this.logger.error(why)
    throw new Error(why)
  }

  private spawn(): RunningWorker {
    const toMain = new (nodeWorkerThreads().MessageChannel)()
    const replies = new (nodeWorkerThreads().MessageChannel)()
    const signals = new SharedArrayBuffer(SIGNAL_SLOTS * Int32Array.BYTES_PER_ELEMENT)
    const p = this.plugin
    const boot: WorkerBoot = {
      mode: 'function',
      entry: p.entry,
      pluginName: p.name,
      signals,
      toMain: toMain.port2,
      replies: replies.port2,
    }
    const worker = startPluginWorker(boot)
    const w: RunningWorker = {
      worker,
      toMain: toMain.port1,
      replies: replies.port1,
      signals: new Int32Array(signals),
      ready: false,
      dead: undefined,
    }
    const died = (why: string): void => {
      if (w.dead !== undefined) return
      w.dead = why
      if (this.current === w && !this.disposed) this.logger.error(`function plugin ${p.name}: its worker ${why}`)
    }
    worker.on('error', (err) => died(`crashed: ${err.message}`))
    worker.on('exit', (code) => died(`exited (code ${code})`))
    worker.unref()
    return w
  }

  private serveState(w: RunningWorker, op: Extract<WorkerMessage, { kind: 'state' }>, ctx: FunctionContext): void {
    const s = ctx.state
    let answer: unknown
    try {
      answer = applyStateOp(
        s && {
          putState: (k: string, v: unknown) => s.put(k, v as Value),
          getState: (k: string) => s.get(k),
          deleteState: (k: string) => s.delete(k),
          incrCounter: (k: string, n: number) => s.incrCounter(k, n),
          getCounter: (k: string) => s.getCounter(k),
        },
        op,
      )
    } catch (err) {
      this.logger.warn(
        `function plugin ${this.plugin.name}: state ${op.op}(${op.key}) failed: ${(err as Error).message}`,
      )
      answer = op.op === 'getState' || op.op === 'getCounter' ? undefined : NO_ANSWER
    }
    if (answer === NO_ANSWER) return
    w.replies.postMessage(answer)
    Atomics.store(w.signals, SIGNAL_TO_WORKER, 1)
    Atomics.notify(w.signals, SIGNAL_TO_WORKER)
  }

  private kill(): void {
    const w = this.current
    this.current = undefined
    if (w === undefined) return
    w.dead ??= 'stopped'
    w.toMain.close()
    w.replies.close()
    void w.worker.terminate()
    // The next worker boots now, in parallel, rather than on the next call.
    if (!this.disposed) this.current = this.spawn()
  }
}
