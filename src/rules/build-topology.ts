// The composition root of a rule: TopologySpec + registries (operators, connectors) → live Topology.

import type { Clock } from '../core/clock.js'
import { KuiperError } from '../core/errors.js'
import { silentLogger } from '../connectors/api.js'
import type { ConnectorEnv, PayloadFormat, Sink, Source, SourceConfig } from '../connectors/api.js'
import type { ConnectorRegistry } from '../connectors/registry.js'
import type { StreamDefinition } from '../catalog/stream-catalog.js'
import type { FunctionCatalog, FunctionContext } from '../functions/define-function.js'
import type { SinkNodeConfig, SourceNodeConfig } from '../plan/node-config.js'
import type { Operator } from '../runtime/operator.js'
import { parseSinkConf } from '../runtime/sink/conf.js'
import type { SinkSettings } from '../runtime/sink-node.js'
import { Topology } from '../runtime/topology.js'
import type { NodeResolver } from '../runtime/topology.js'
import type { NodeSpec, TopologySpec } from '../core/topology-spec.js'
import type { KvStore } from '../state/kv-store.js'
import type { FormatRegistry } from '../formats/registry.js'
import { buildOperator } from './operator-builders.js'
import { BINDING_SINK_TYPE } from './rule-def.js'

export interface BuildDeps {
  readonly clock: Clock
  readonly functions: FunctionCatalog
  readonly connectors: ConnectorRegistry
  /** The payload formats a stream's FORMAT may name; absent: JSON for every source (tests). */
  readonly formats?: FormatRegistry
  readonly env: ConnectorEnv
  /** Live sinks of SinkBinding actions, by sink node name. */
  readonly bindings: ReadonlyMap<string, Sink>
  /** Live sources replacing the connectors of streams, by stream name (RuleDef.sources). */
  readonly sources?: ReadonlyMap<string, Source>
  /** Function context of the rule (clock, function state). */
  readonly fn?: FunctionContext
  /** A source's properties from the configuration folder (`default` + CONF_KEY section); none: `{}`. */
  readonly sourceProps?: (type: string, confKey: string | undefined) => Readonly<Record<string, unknown>>
  /** Where sink outboxes are saved (the state store); in memory when absent. */
  readonly sinkStore?: KvStore
  /** Outbox bounds and stop grace of every sink node. */
  readonly sinkSettings?: SinkSettings
}

/** What a source node's factory is given: the stream's options and its type's conf profile (`default` + CONF_KEY). */
function sourceConfig(c: SourceNodeConfig, sourceProps: BuildDeps['sourceProps']): SourceConfig {
  return {
    stream: c.stream,
    type: c.type,
    datasource: c.datasource,
    format: c.format,
    props: sourceProps?.(c.type, c.confKey) ?? {},
    ...(c.confKey !== undefined ? { confKey: c.confKey } : {}),
  }
}

/**
 * Checks every source and sink of a rule as they would be created, opening nothing: each source's conf profile and
 * DATASOURCE and each action's properties against its connector, and the common sink properties (dataTemplate).
 * Throws the first error, which names the property (CONFIG_ERROR from the connector's own parser).
 */
export function checkConnectors(
  spec: TopologySpec,
  deps: Pick<BuildDeps, 'connectors' | 'formats' | 'env' | 'sourceProps' | 'sources'>,
): void {
  for (const node of spec.nodes) {
    if (node.type === 'source') {
      const c = node.config as SourceNodeConfig
      // A test run's mock source stands in for the stream's own: nothing of the real source is checked.
      if (deps.sources?.has(c.stream) === true) continue
      // A format a plugin registered may have been removed since the stream was created.
      deps.formats?.require(c.format)
      deps.connectors.validateSource(c.type, () => sourceConfig(c, deps.sourceProps), deps.env)
    } else if (node.type === 'sink') {
      const c = node.config as SinkNodeConfig
      parseSinkConf(c.props, node.name, silentLogger)
      if (c.type !== BINDING_SINK_TYPE) deps.connectors.validateSink(c.type, c.props, deps.env)
    }
  }
}

/**
 * Checks, at stream create, the properties a stream's source conf profile gives against its connector's declaration
 * (types and allowed values; a missing required key is reported when a rule reads the stream, since the profile may
 * be completed in between). An unknown type passes: 1.0 creates such a stream and refuses its rules.
 */
export function checkStreamSource(def: StreamDefinition, deps: Pick<BuildDeps, 'connectors' | 'sourceProps'>): void {
  const type = (def.options['TYPE'] ?? 'mqtt').toLowerCase()
  const declared = deps.connectors.sourceProperties(type)
  if (declared === undefined || declared.properties.length === 0) return
  declared.checkGiven(deps.sourceProps?.(type, def.options['CONF_KEY']) ?? {})
}

export function nodeResolver(deps: BuildDeps): NodeResolver {
  return {
    source(spec: NodeSpec): Source {
      const c = spec.config as SourceNodeConfig
      const live = deps.sources?.get(c.stream)
      if (live !== undefined) return live
      const factory = deps.connectors.source(c.type)
      if (factory === undefined)
        throw new KuiperError('BAD_REQUEST', `source type ${c.type} of stream ${c.stream} is not found`)
      return factory(sourceConfig(c, deps.sourceProps), deps.env)
    },
    format(spec: NodeSpec): PayloadFormat | undefined {
      return deps.formats?.require((spec.config as SourceNodeConfig).format)
    },
    sink(spec: NodeSpec): Sink {
      const c = spec.config as SinkNodeConfig
      if (c.type === BINDING_SINK_TYPE) {
        const s = deps.bindings.get(spec.name)
        if (s === undefined) throw new KuiperError('PLAN_ERROR', `no sink bound to ${spec.name}`)
        return s
      }
      const factory = deps.connectors.sink(c.type)
      if (factory === undefined) throw new KuiperError('BAD_REQUEST', `sink type ${c.type} is not found`)
      return factory(c.props, deps.env)
    },
    operator(spec: NodeSpec): () => Operator {
      const opDeps = { functions: deps.functions }
      // Build one now so that configuration errors surface when the topology is created.
      let first: Operator | undefined = buildOperator(spec, opDeps)
      return () => {
        const op = first ?? buildOperator(spec, opDeps)
        first = undefined
        return op
      }
    },
  }
}

/**
 * Imports the implementations of the connectors a rule's sources and sinks use that are not loaded yet (a built-in's
 * module is imported when a rule first uses it); the sources of RuleDef.sources and the bound sinks need none.
 * Undefined when there is none to load.
 */
export function loadConnectors(
  spec: TopologySpec,
  deps: Pick<BuildDeps, 'connectors' | 'sources'>,
): Promise<void> | undefined {
  let loading: Promise<unknown>[] | undefined
  const c = deps.connectors
  for (const node of spec.nodes) {
    if (node.type === 'source') {
      const conf = node.config as SourceNodeConfig
      if (deps.sources?.has(conf.stream) !== true && !c.sourceLoaded(conf.type))
        (loading ??= []).push(c.loadSource(conf.type))
    } else if (node.type === 'sink') {
      const conf = node.config as SinkNodeConfig
      if (conf.type !== BINDING_SINK_TYPE && !c.sinkLoaded(conf.type)) (loading ??= []).push(c.loadSink(conf.type))
    }
  }
  return loading === undefined ? undefined : Promise.all(loading).then(() => undefined)
}

/**
 * The live topology of a rule, its connectors' implementations loaded first (loadConnectors). When they are loaded
 * already (every rule but a connector type's first), the topology is built before this returns, not after an await:
 * a restore's batch of starts then reads its sources' configuration files once (statOnce), not once per rule.
 */
export function buildTopology(spec: TopologySpec, deps: BuildDeps): Promise<Topology> {
  const build = (): Topology =>
    new Topology(spec, {
      clock: deps.clock,
      fn: deps.fn ?? { clock: deps.clock },
      resolver: nodeResolver(deps),
      logger: deps.env.logger,
      ...(deps.sinkStore !== undefined ? { sinkStore: deps.sinkStore } : {}),
      ...(deps.sinkSettings !== undefined ? { sinkSettings: deps.sinkSettings } : {}),
    })
  const loading = loadConnectors(spec, deps)
  // The executor runs now: what build throws rejects the promise, as from an async function.
  return loading !== undefined ? loading.then(build) : new Promise((resolve) => resolve(build()))
}
