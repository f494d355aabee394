// The connector registry: type name → source and/or sink factory, the check of their properties and their
// declarations. A factory is given directly (tests, plugins) or deferred: its module is imported when a rule first
// starts one (the built-ins, builtin-connectors.ts), so that an idle kuiperd loads no connector implementation.

import { KuiperError } from '../core/errors.js'
import type { ConnectorEnv, ConnectorProps, SinkFactory, SourceConfig, SourceFactory } from './api.js'
import { builtinConnectors } from './builtin-connectors.js'
import type { ConnectorDeclaration } from './properties.js'

/**
 * Checks a source's configuration (its conf profile and the stream's DATASOURCE) with the parser its factory uses,
 * connecting nothing: throws the connector's CONFIG_ERROR, which names the property.
 */
export type SourceValidator = (config: SourceConfig, env: ConnectorEnv) => void

/**
 * Checks an action's properties with the parser the sink factory uses, connecting nothing; `env` carries what the
 * check depends on besides them (the connectors.* allow-lists).
 */
export type SinkValidator = (props: ConnectorProps, env: ConnectorEnv) => void

/**
 * A factory whose module is imported on first use: `load` imports it (once; the registry keeps what it resolves to).
 * @example const mqttSource: DeferredFactory<SourceFactory> = { load: async () => (await import('./mqtt/source.js')).createMqttSource }
 */
export interface DeferredFactory<F> {
  readonly load: () => Promise<F>
}

export interface ConnectorEntry {
  readonly source?: SourceFactory | DeferredFactory<SourceFactory>
  readonly sink?: SinkFactory | DeferredFactory<SinkFactory>
  /**
   * The checks beyond the declared properties (a file that must exist, a URL inside the allow-list); absent: the
   * declaration is the whole check. They run at rule create, before any implementation is loaded.
   */
  readonly validateSource?: SourceValidator
  readonly validateSink?: SinkValidator
  /** The declared properties: checked at rule create, served by /metadata, listed in docs/connectors.md. */
  readonly sourceProperties?: ConnectorDeclaration
  readonly sinkProperties?: ConnectorDeclaration
}

/** A factory given directly, or deferred until `load()`; one load at a time, and none again once it succeeded. */
class Implementation<F> {
  private factory: F | undefined
  private loading: Promise<F> | undefined

  constructor(private readonly from: F | DeferredFactory<F>) {
    if (typeof from === 'function') this.factory = from
  }

  get loaded(): F | undefined {
    return this.factory
  }

  load(): Promise<F> {
    if (this.factory !== undefined) return Promise.resolve(this.factory)
    const deferred = this.from as DeferredFactory<F>
    // A failed import is not kept: the next start of a rule tries again.
    this.loading ??= deferred.load().then(
      (f) => (this.factory = f),
      (err: unknown) => {
        this.loading = undefined
        throw err
      },
    )
    return this.loading
  }
}

interface Registered<F, V> {
  readonly implementation: Implementation<F>
  readonly validate: V | undefined
  readonly properties: ConnectorDeclaration | undefined
}

/** Source and sink lookups over the built-ins plus per-engine additions (tests, plugins). */
export class ConnectorRegistry {
  private readonly sources = new Map<string, Registered<SourceFactory, SourceValidator>>()
  private readonly sinks = new Map<string, Registered<SinkFactory, SinkValidator>>()

  constructor(entries: Readonly<Record<string, ConnectorEntry>> = builtinConnectors) {
    for (const [name, e] of Object.entries(entries)) {
      if (e.source !== undefined) this.registerSource(name, e.source, e.validateSource, e.sourceProperties)
      if (e.sink !== undefined) this.registerSink(name, e.sink, e.validateSink, e.sinkProperties)
    }
  }

  /**
   * Adds or replaces a source type; a replaced built-in loses its check and declaration unless given again.
   * `properties` (a plugin's declareConnector) are checked at rule create and served by /metadata.
   */
  registerSource(
    type: string,
    factory: SourceFactory | DeferredFactory<SourceFactory>,
    validate?: SourceValidator,
    properties?: ConnectorDeclaration,
  ): void {
    this.sources.set(type.toLowerCase(), { implementation: new Implementation(factory), validate, properties })
  }

  /** Adds or replaces a sink type; a replaced built-in loses its check and declaration unless given again. */
  registerSink(
    type: string,
    factory: SinkFactory | DeferredFactory<SinkFactory>,
    validate?: SinkValidator,
    properties?: ConnectorDeclaration,
  ): void {
    this.sinks.set(type, { implementation: new Implementation(factory), validate, properties })
  }

  /** Removes a source type (an uninstalled plugin); rules already running keep the instances they made. */
  unregisterSource(type: string): void {
    this.sources.delete(type.toLowerCase())
  }

  unregisterSink(type: string): void {
    this.sinks.delete(type)
  }

  hasSource(type: string): boolean {
    return this.sources.has(type.toLowerCase())
  }

  hasSink(type: string): boolean {
    return this.sinks.has(type)
  }

  /** Whether `loadSource` has nothing left to import (the type is loaded, given directly, or unknown). */
  sourceLoaded(type: string): boolean {
    const s = this.sources.get(type.toLowerCase())
    return s === undefined || s.implementation.loaded !== undefined
  }

  sinkLoaded(type: string): boolean {
    const s = this.sinks.get(type)
    return s === undefined || s.implementation.loaded !== undefined
  }

  /** The factory of a source type, its module imported first when deferred; undefined for an unknown type. */
  async loadSource(type: string): Promise<SourceFactory | undefined> {
    return this.sources.get(type.toLowerCase())?.implementation.load()
  }

  async loadSink(type: string): Promise<SinkFactory | undefined> {
    return this.sinks.get(type)?.implementation.load()
  }

  /**
   * The factory of a source type once loaded (loadSource; at once when it was given directly); undefined for an
   * unknown type. A deferred one asked for before it is loaded is a fault of the caller (INTERNAL).
   */
  source(type: string): SourceFactory | undefined {
    const s = this.sources.get(type.toLowerCase())
    return s === undefined ? undefined : loadedOrThrow(s.implementation, `source ${type}`)
  }

  sink(type: string): SinkFactory | undefined {
    const s = this.sinks.get(type)
    return s === undefined ? undefined : loadedOrThrow(s.implementation, `sink ${type}`)
  }

  /** The declared properties of a source type; undefined for an unknown type or one that declares none. */
  sourceProperties(type: string): ConnectorDeclaration | undefined {
    return this.sources.get(type.toLowerCase())?.properties
  }

  sinkProperties(type: string): ConnectorDeclaration | undefined {
    return this.sinks.get(type)?.properties
  }

  /**
   * Checks what a source of `type` would be created with: its declared properties, then its own check; PLAN_ERROR
   * for an unknown type. `config` is only built (its conf profile read) when there is something to check.
   */
  validateSource(type: string, config: () => SourceConfig, env: ConnectorEnv): void {
    const s = this.sources.get(type.toLowerCase())
    if (s === undefined) throw new KuiperError('PLAN_ERROR', `source type ${type} is not found`)
    if (s.validate === undefined && (s.properties?.properties.length ?? 0) === 0) return
    const c = config()
    s.properties?.parse(c.props)
    s.validate?.(c, env)
  }

  /** Checks the properties a sink of `type` would be created with; PLAN_ERROR for an unknown type. */
  validateSink(type: string, props: ConnectorProps, env: ConnectorEnv): void {
    const s = this.sinks.get(type)
    if (s === undefined) throw new KuiperError('PLAN_ERROR', `sink type ${type} is not found`)
    s.properties?.parse(props)
    s.validate?.(props, env)
  }

  sourceTypes(): string[] {
    return [...this.sources.keys()]
  }

  sinkTypes(): string[] {
    return [...this.sinks.keys()]
  }
}

function loadedOrThrow<F>(implementation: Implementation<F>, what: string): F {
  const f = implementation.loaded
  if (f === undefined) throw new KuiperError('INTERNAL', `the ${what} is used before its implementation is loaded`)
  return f
}
