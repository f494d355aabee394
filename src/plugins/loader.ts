// Imports a plugin's entry module and turns its named exports into what the registries take: a SourceFactory,
// a SinkFactory, or FunctionDefs. A plugin implements the same contracts as the built-in connectors
// (connectors/api.ts) and functions (functions/define-function.ts). Each version is imported from its own folder,
// so an upgrade loads new modules instead of Node's cached ones.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ConnectorEnv, PayloadFormat, SinkFactory, SourceFactory } from '../connectors/api.js'
import type { SinkValidator, SourceValidator } from '../connectors/registry.js'
import { KuiperError, ValidationError, errorMessage } from '../core/errors.js'
import type { Value } from '../core/value.js'
import type { FunctionContext, FunctionDef, ScalarFunction } from '../functions/define-function.js'
import type { ConnectorLogger } from '../connectors/api.js'
import { consoleLogger } from '../connectors/api.js'
import type { IsolatedPlugin } from './isolation/worker-channel.js'
import { SyncFunctionHost } from './isolation/sync-function-host.js'
import { WorkerSink } from './isolation/worker-sink.js'
import { WorkerSource } from './isolation/worker-source.js'
import type { PluginManifest } from './manifest.js'
import { isolationTimeoutMs } from './manifest.js'

export interface LoadedSource {
  readonly kind: 'source'
  readonly factory: SourceFactory
  readonly validate?: SourceValidator
  /** The payload formats the module exports (`export const formats = [{ name, decode }]`), for FORMAT=<name>. */
  readonly formats: readonly PayloadFormat[]
}
export interface LoadedSink {
  readonly kind: 'sink'
  readonly factory: SinkFactory
  readonly validate?: SinkValidator
}
export interface LoadedFunctions {
  readonly kind: 'function'
  readonly functions: readonly FunctionDef[]
  /** Ends what the functions hold (the worker of an isolated plugin) when the plugin is removed or replaced. */
  readonly dispose?: () => void
}
export type LoadedPlugin = LoadedSource | LoadedSink | LoadedFunctions

type Module = Readonly<Record<string, unknown>>

function badPlugin(m: PluginManifest, message: string): KuiperError {
  return new KuiperError('BAD_REQUEST', `${m.kind} plugin ${m.name}: ${message}`)
}

function fn<T>(mod: Module, name: string): T | undefined {
  const f = mod[name]
  return typeof f === 'function' ? (f as T) : undefined
}

/** A factory whose throw names the plugin (a rule start then says which plugin failed). */
function guarded<A extends unknown[], R>(m: PluginManifest, f: (...a: A) => R): (...a: A) => R {
  return (...a) => {
    try {
      return f(...a)
    } catch (err) {
      if (err instanceof KuiperError) throw err
      throw new KuiperError('CONNECTOR_ERROR', `${m.kind} plugin ${m.name}: ${errorMessage(err)}`, { cause: err })
    }
  }
}

/** The argument expressions a function's `validate` checks (sql/ast Expr). */
type ArgExprs = Parameters<NonNullable<ScalarFunction['validate']>>[0]

type Exec = (args: readonly Value[] | readonly (readonly Value[])[], ctx: FunctionContext) => Value

/**
 * A function export: `export function countPlusOne(args, ctx) {...}` or
 * `export const countPlusOne = { exec(args, ctx) {...}, validate(argExprs) {...} }`.
 */
function functionDefs(m: PluginManifest, mod: Module, host: SyncFunctionHost | undefined): FunctionDef[] {
  return (m.functions ?? []).map((f) => {
    const exported = mod[f.name]
    let exec: Exec | undefined
    let validate: ((args: ArgExprs) => void) | undefined
    if (typeof exported === 'function') exec = exported as Exec
    else if (typeof exported === 'object' && exported !== null) {
      exec = fn<Exec>(exported as Module, 'exec')
      const v = fn<(args: ArgExprs) => void>(exported as Module, 'validate')
      if (v !== undefined) validate = v.bind(exported)
      if (exec !== undefined) exec = exec.bind(exported)
    }
    if (exec === undefined) throw badPlugin(m, `the module exports no function ${f.name} (a function or { exec })`)
    // Isolated: the module imported here only checks the exports and runs `validate`; calls go to the worker.
    const run: Exec = host !== undefined ? (args, ctx) => host.call(f.name, args, ctx) : exec
    const base = {
      name: f.name.toLowerCase(),
      arity: f.args ?? ([0, Infinity] as const),
      ...(f.description !== undefined ? { description: f.description } : {}),
      ...(validate !== undefined
        ? {
            validate: (args: ArgExprs) => {
              try {
                validate(args)
              } catch (err) {
                throw err instanceof ValidationError ? err : new ValidationError(`${f.name}: ${errorMessage(err)}`)
              }
            },
          }
        : {}),
    }
    // A throw inside exec becomes the rule's error for that message (`call func <name> error: ...`): see eval/call.ts.
    return f.kind === 'aggregate'
      ? {
          kind: 'aggregate' as const,
          ...base,
          exec: (args: readonly (readonly Value[])[], ctx: FunctionContext) => run(args, ctx),
        }
      : { kind: 'scalar' as const, ...base, exec: (args: readonly Value[], ctx: FunctionContext) => run(args, ctx) }
  })
}

/** A source module's `formats` export: an array of `{ name, decode(bytes) → messages, encode?(rows) → bytes }`. */
function formatsOf(m: PluginManifest, mod: Module): PayloadFormat[] {
  const f = mod['formats']
  if (f === undefined) return []
  const ok = (x: unknown): x is PayloadFormat => {
    const p = x as Partial<PayloadFormat> | null
    return (
      typeof p === 'object' &&
      p !== null &&
      typeof p.name === 'string' &&
      p.name.trim() !== '' &&
      typeof p.decode === 'function' &&
      (p.encode === undefined || typeof p.encode === 'function')
    )
  }
  if (!Array.isArray(f) || !f.every(ok))
    throw badPlugin(m, 'its formats export must be an array of { name, decode(bytes), encode?(rows) }')
  return f
}

/**
 * Imports `<folder>/<entry>` and checks that it exports what its kind needs. With `"isolation": "worker"` the
 * factories and functions returned run the plugin in worker threads (src/plugins/isolation); `logger` gets what
 * those workers report.
 */
export async function loadPlugin(
  folder: string,
  m: PluginManifest,
  logger: ConnectorLogger = consoleLogger,
): Promise<LoadedPlugin> {
  const entry = join(folder, m.entry)
  if (!existsSync(entry)) throw badPlugin(m, `its entry module ${m.entry} is not in the archive`)
  let mod: Module
  try {
    mod = (await import(pathToFileURL(entry).href)) as Module
  } catch (err) {
    throw badPlugin(m, `cannot load ${m.entry}: ${errorMessage(err)}`)
  }
  const isolated: IsolatedPlugin | undefined =
    m.isolation === 'worker'
      ? { name: m.name, entry: pathToFileURL(entry).href, timeoutMs: isolationTimeoutMs(m) }
      : undefined
  const dirs = (env: ConnectorEnv): Partial<IsolatedPlugin> => ({
    ...(env.etcDir !== undefined ? { etcDir: env.etcDir } : {}),
    ...(env.dataDir !== undefined ? { dataDir: env.dataDir } : {}),
  })
  switch (m.kind) {
    case 'source': {
      let factory = fn<SourceFactory>(mod, 'createSource')
      if (factory === undefined) throw badPlugin(m, 'the module exports no createSource(config, env) function')
      if (isolated !== undefined) factory = (config, env) => new WorkerSource(config, { ...isolated, ...dirs(env) })
      const validate = fn<SourceValidator>(mod, 'validateSource')
      return {
        kind: 'source',
        factory: guarded(m, factory),
        formats: formatsOf(m, mod),
        ...(validate !== undefined ? { validate } : {}),
      }
    }
    case 'sink': {
      let factory = fn<SinkFactory>(mod, 'createSink')
      if (factory === undefined) throw badPlugin(m, 'the module exports no createSink(props, env) function')
      if (isolated !== undefined) factory = (props, env) => new WorkerSink(props, { ...isolated, ...dirs(env) })
      const validate = fn<SinkValidator>(mod, 'validateSink')
      return { kind: 'sink', factory: guarded(m, factory), ...(validate !== undefined ? { validate } : {}) }
    }
    case 'function': {
      const host = isolated !== undefined ? new SyncFunctionHost(isolated, logger) : undefined
      const functions = functionDefs(m, mod, host)
      await host?.warmUp()
      return { kind: 'function', functions, ...(host !== undefined ? { dispose: () => host.dispose() } : {}) }
    }
  }
}
