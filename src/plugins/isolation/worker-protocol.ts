// The messages between kuiperd and a plugin running in a worker thread (manifest `"isolation": "worker"`), and the
// two signal slots of the SharedArrayBuffer that make the synchronous parts work: a function call (kuiperd waits with
// Atomics.wait) and a state read from the plugin (the worker waits while kuiperd answers).

import { fileURLToPath } from 'node:url'
import type { MessagePort, Worker } from 'node:worker_threads'
import { nodeWorkerThreads } from '../../core/lazy-builtins.js'

/** What runs in the worker. */
export type WorkerMode = 'source' | 'sink' | 'function'

/** What the worker is started with (`workerData`). */
export interface WorkerBoot {
  readonly mode: WorkerMode
  /** file: URL of the plugin's entry module. */
  readonly entry: string
  readonly pluginName: string
  /** Int32Array slots, see SIGNAL_TO_MAIN / SIGNAL_TO_WORKER. */
  readonly signals: SharedArrayBuffer
  /** Everything the worker says goes here (ordered: a state write always arrives before a later read). */
  readonly toMain: MessagePort
  /** The answers to the worker's synchronous state reads, read with receiveMessageOnPort. */
  readonly replies: MessagePort
  /** The folders a connector's env carries. */
  readonly etcDir?: string
  readonly dataDir?: string
}

/** Incremented by the worker after each message it posts to `toMain` (kuiperd may be waiting on it). */
export const SIGNAL_TO_MAIN = 0
/** Set by kuiperd after it posted the answer to a state read on `replies`. */
export const SIGNAL_TO_WORKER = 1
export const SIGNAL_SLOTS = 2

/**
 * A request kuiperd sends the worker; each is answered by one `reply` with the same id. `openSource` answers
 * `{ rewindable }`, `openSink` answers `{ flush }`: which optional methods the plugin's object has.
 */
export type WorkerRequest =
  | { readonly id: number; readonly op: 'ping' }
  | {
      readonly id: number
      readonly op: 'openSource'
      readonly ruleId: string
      readonly config: unknown
      readonly rewind?: { readonly offset: unknown }
    }
  | {
      readonly id: number
      readonly op: 'openSink'
      readonly ruleId: string
      readonly sinkName: string
      readonly props: unknown
    }
  | {
      readonly id: number
      readonly op: 'collect'
      readonly rows: unknown
      readonly error: string | undefined
      readonly text: string | undefined
      readonly templated: boolean
    }
  | { readonly id: number; readonly op: 'flush' | 'close' }
  | {
      readonly id: number
      readonly op: 'call'
      readonly fn: string
      readonly args: unknown
      /** Whether the call has a rule state (FunctionContext.state). */
      readonly hasState: boolean
    }

/** The state operations of 1.0's context API, done on kuiperd's side (so they are checkpointed there). */
export type StateOp =
  | { readonly op: 'putState'; readonly key: string; readonly value: unknown }
  | { readonly op: 'deleteState'; readonly key: string }
  | { readonly op: 'incrCounter'; readonly key: string; readonly amount: number }
  | { readonly op: 'getState'; readonly key: string }
  | { readonly op: 'getCounter'; readonly key: string }

/** The state ops whose answer the worker waits for. */
export function stateOpAnswers(op: StateOp['op']): boolean {
  return op === 'getState' || op === 'getCounter'
}

export type WorkerMessage =
  /** The module is loaded. */
  | { readonly kind: 'ready' }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: string }
  /** Messages a source emitted in one turn of the worker's event loop, and its offset after them. */
  | {
      readonly kind: 'emit'
      readonly messages: readonly (readonly [unknown, unknown])[]
      readonly offset?: { readonly value: unknown }
    }
  | { readonly kind: 'log'; readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly msg: string }
  /** SourceContext.error: an input the source could not use. */
  | { readonly kind: 'inputError'; readonly msg: string }
  | ({ readonly kind: 'state' } & StateOp)
  /** The plugin called process.exit(): said before the thread ends, for kuiperd waiting on a function call. */
  | { readonly kind: 'exit'; readonly code: number }

/**
 * Starts the worker module: the compiled .js beside this file, or, when this runs from its .ts source (tests under
 * tsx), the .ts source with tsx loaded in the worker too.
 */
export function startPluginWorker(boot: WorkerBoot): Worker {
  const options = { workerData: boot, transferList: [boot.toMain, boot.replies] }
  if (!import.meta.url.endsWith('.ts'))
    return new (nodeWorkerThreads().Worker)(fileURLToPath(new URL('./plugin-worker.js', import.meta.url)), options)
  // A worker does not inherit tsx's loader: it registers it before importing the source.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const script = JSON.stringify(new URL('./plugin-worker.ts', import.meta.url).href)
  return new (nodeWorkerThreads().Worker)(`import(${tsx}).then((t) => { t.register(); return import(${script}) })`, {
    ...options,
    eval: true,
  })
}
