// The worker thread a plugin runs in when its manifest says `"isolation": "worker"`: it imports the plugin's module
// and serves kuiperd's requests (open, collect, close, call...) on one source, sink or function plugin. The context
// API is proxied: logs, input errors and state writes are posted to kuiperd; a state read waits for kuiperd's answer.
// A throw in a call is answered as an error; an uncaught error ends the worker, which kuiperd sees and handles.

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import type {
  ConnectorEnv,
  ConnectorLogger,
  ExtensionState,
  MemoryPubSub,
  Sink,
  SinkContext,
  Source,
  SourceConfig,
  SourceContext,
  SourceEmit,
} from '../../connectors/api.js'
import { SinkPayload, isRewindable } from '../../connectors/api.js'
import { systemClock } from '../../core/clock.js'
import { errorMessage } from '../../core/errors.js'
import type { Value, ValueMap } from '../../core/value.js'
import type { FunctionContext, FunctionState } from '../../functions/define-function.js'
import type { StateOp, WorkerBoot, WorkerMessage, WorkerRequest } from './worker-protocol.js'
import { SIGNAL_TO_MAIN, SIGNAL_TO_WORKER, stateOpAnswers } from './worker-protocol.js'

/** How long a state read waits for kuiperd (which answers at once unless it is itself stuck). */
const STATE_READ_TIMEOUT_MS = 30_000

const boot = workerData as WorkerBoot
const signals = new Int32Array(boot.signals)

function post(msg: WorkerMessage): void {
  boot.toMain.postMessage(msg)
  Atomics.add(signals, SIGNAL_TO_MAIN, 1)
  Atomics.notify(signals, SIGNAL_TO_MAIN)
}

function stateCall(op: StateOp): unknown {
  post({ kind: 'state', ...op })
  if (!stateOpAnswers(op.op)) return undefined
  Atomics.wait(signals, SIGNAL_TO_WORKER, 0, STATE_READ_TIMEOUT_MS)
  Atomics.store(signals, SIGNAL_TO_WORKER, 0)
  const answer = receiveMessageOnPort(boot.replies)
  if (answer === undefined) throw new Error(`state ${op.op}(${op.key}): kuiperd did not answer`)
  return answer.message
}

const extensionState: ExtensionState = {
  putState: (key, value) => void stateCall({ op: 'putState', key, value }),
  getState: (key) => stateCall({ op: 'getState', key }),
  deleteState: (key) => void stateCall({ op: 'deleteState', key }),
  incrCounter: (key, amount) => void stateCall({ op: 'incrCounter', key, amount }),
  getCounter: (key) => Number(stateCall({ op: 'getCounter', key })),
}

const functionState: FunctionState = {
  get: (key) => stateCall({ op: 'getState', key }) as Value,
  put: (key, value) => void stateCall({ op: 'putState', key, value }),
  delete: (key) => void stateCall({ op: 'deleteState', key }),
  incrCounter: extensionState.incrCounter,
  getCounter: extensionState.getCounter,
}

const logger: ConnectorLogger = {
  debug: (msg) => post({ kind: 'log', level: 'debug', msg }),
  info: (msg) => post({ kind: 'log', level: 'info', msg }),
  warn: (msg) => post({ kind: 'log', level: 'warn', msg }),
  error: (msg) => post({ kind: 'log', level: 'error', msg }),
}

const noMemoryBus = (): never => {
  throw new Error(`plugin ${boot.pluginName} runs in a worker: the in-process memory bus is not available there`)
}
const memory: MemoryPubSub = { publish: noMemoryBus, subscribe: noMemoryBus }

const env: ConnectorEnv = {
  clock: systemClock,
  memory,
  logger,
  ...(boot.etcDir !== undefined ? { etcDir: boot.etcDir } : {}),
  ...(boot.dataDir !== undefined ? { dataDir: boot.dataDir } : {}),
}

type Module = Readonly<Record<string, unknown>>
const mod = (await import(boot.entry)) as Module

let source: Source | undefined
let sourceCtx: SourceContext | undefined
let sink: Sink | undefined
let sinkCtx: SinkContext | undefined

/** Messages emitted in this turn, posted together with the source's offset after them (so a checkpoint between them and their offset cannot happen on kuiperd's side). */
let emitted: [ValueMap, ValueMap | null][] | undefined
const emit: SourceEmit = (message, meta) => {
  if (emitted === undefined) {
    emitted = []
    queueMicrotask(postEmitted)
  }
  emitted.push([message, meta ?? null])
}
function postEmitted(): void {
  const messages = emitted ?? []
  emitted = undefined
  const offset = source !== undefined && isRewindable(source) ? { value: source.offset() } : undefined
  post({ kind: 'emit', messages, ...(offset !== undefined ? { offset } : {}) })
}

function factory<T>(name: string): T {
  const f = mod[name]
  if (typeof f !== 'function') throw new Error(`the module exports no ${name} function`)
  return f as T
}

type Exec = (args: unknown, ctx: FunctionContext) => Value

function exportedFunction(name: string): Exec {
  const e = mod[name]
  if (typeof e === 'function') return e as Exec
  const exec = (e as { exec?: unknown } | undefined)?.exec
  if (typeof exec === 'function') return (exec as Exec).bind(e)
  throw new Error(`the module exports no function ${name}`)
}

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'ping':
      return undefined
    case 'openSource': {
      const config = req.config as SourceConfig
      source = factory<(c: SourceConfig, e: ConnectorEnv) => Source>('createSource')(config, env)
      sourceCtx = {
        ruleId: req.ruleId,
        stream: config.stream,
        clock: systemClock,
        state: extensionState,
        logger,
        error: (err) => post({ kind: 'inputError', msg: errorMessage(err) }),
        // The format registry stays in kuiperd: a source in a worker emits decoded messages.
        format: {
          name: config.format,
          decode: () => {
            throw new Error(
              `plugin ${boot.pluginName} runs in a worker: it emits decoded messages, not ${config.format} bytes`,
            )
          },
        },
      }
      const rewindable = isRewindable(source)
      if (req.rewind !== undefined && isRewindable(source)) await source.rewind(req.rewind.offset)
      await source.open(sourceCtx!, emit)
      return { rewindable }
    }
    case 'openSink': {
      sink = factory<(p: unknown, e: ConnectorEnv) => Sink>('createSink')(req.props, env)
      sinkCtx = { ruleId: req.ruleId, sinkName: req.sinkName, clock: systemClock, state: extensionState, logger }
      await sink.open?.(sinkCtx)
      return { flush: typeof sink.flush === 'function' }
    }
    case 'collect': {
      if (sink === undefined || sinkCtx === undefined) throw new Error('collect before open')
      const payload = new SinkPayload(req.rows as ValueMap[] | undefined, req.error, req.text, req.templated)
      await sink.collect(sinkCtx, payload)
      return undefined
    }
    case 'flush':
      if (sink !== undefined && sinkCtx !== undefined) await sink.flush?.(sinkCtx)
      return undefined
    case 'close':
      if (source !== undefined && sourceCtx !== undefined) await source.close(sourceCtx)
      if (sink !== undefined && sinkCtx !== undefined) await sink.close?.(sinkCtx)
      return undefined
    case 'call':
      return call(req)
  }
}

/** A function call is synchronous (kuiperd waits for it): answered in the same turn. */
function call(req: Extract<WorkerRequest, { op: 'call' }>): Value {
  return exportedFunction(req.fn)(req.args, { clock: systemClock, ...(req.hasState ? { state: functionState } : {}) })
}

parentPort!.on('message', (req: WorkerRequest) => {
  const answer = (value: unknown): void => post({ kind: 'reply', id: req.id, ok: true, value })
  const fail = (err: unknown): void => post({ kind: 'reply', id: req.id, ok: false, error: errorMessage(err) })
  if (req.op !== 'call') {
    handle(req).then(answer, fail)
    return
  }
  let value: Value
  try {
    value = call(req)
  } catch (err) {
    fail(err)
    return
  }
  answer(value)
})

process.on('exit', (code) => post({ kind: 'exit', code }))
post({ kind: 'ready' })
