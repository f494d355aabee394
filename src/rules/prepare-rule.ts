// Everything a rule is checked against before anything is registered, in one place and with one error code per
// check, and the plan that comes out of it: the SQL is parsed once and planned once per create, and the result is
// kept for the start instead of being derived again.

import type { StreamCatalog, StreamDefinition } from '../catalog/stream-catalog.js'
import { KuiperError } from '../core/errors.js'
import type { TopologySpec } from '../core/topology-spec.js'
import type { Sink, Source } from '../connectors/api.js'
import type { FunctionCatalog } from '../functions/define-function.js'
import type { RuleOptions } from '../plan/options.js'
import { resolveRuleOptions } from '../plan/options.js'
import { planRule } from '../plan/planner.js'
import type { SinkSpec } from '../plan/to-topology.js'
import type { SelectStatement } from '../sql/ast/statement.js'
import { checkConnectors } from './build-topology.js'
import type { BuildDeps } from './build-topology.js'
import type { RuleDef } from './rule-def.js'
import { BINDING_SINK_TYPE, sinkSpecs } from './rule-def.js'
import { parseRuleSql, ruleStreams } from './rule-json.js'

/** A rule checked and planned: what its start builds the topology from. */
export interface PreparedRule {
  readonly statement: SelectStatement
  readonly options: RuleOptions
  readonly sinks: readonly SinkSpec[]
  /** Live sinks of the embedding API's SinkBinding actions, by sink node name. */
  readonly bindings: ReadonlyMap<string, Sink>
  /** Live sources replacing streams' connectors, by stream name (RuleDef.sources). */
  readonly sources?: ReadonlyMap<string, Source>
  readonly spec: TopologySpec
  /** The stream definitions the plan was made from (by identity): a start re-plans only when one was replaced. */
  readonly streams: readonly StreamDefinition[]
}

export interface PrepareOptions {
  /**
   * Check every source and sink against its connector (default). A start that builds the topology right after
   * skips it: creating the sources and sinks checks the same properties, with the same errors.
   */
  readonly connectors?: boolean
}

export interface PrepareDeps extends Pick<BuildDeps, 'connectors' | 'formats' | 'env' | 'sourceProps'> {
  readonly catalog: StreamCatalog
  readonly functions: FunctionCatalog
}

/**
 * Checks a rule and plans it, in 1.0's order: id, SQL (parsed here unless the caller already has the statement),
 * actions, options, the streams it reads, each action's shape, the plan, then every source and sink against its
 * connector. Codes: BAD_REQUEST for the definition (missing field, action shape, unknown sink or source type, an
 * option out of range), PARSE_ERROR / VALIDATION_ERROR for the SQL, NOT_FOUND for a missing stream, PLAN_ERROR for
 * what cannot be planned, CONFIG_ERROR for connector properties.
 */
export function prepareRule(
  def: RuleDef,
  deps: PrepareDeps,
  statement?: SelectStatement,
  opts: PrepareOptions = {},
): PreparedRule {
  if (def.id === '') throw new KuiperError('BAD_REQUEST', 'Missing rule id.')
  if (def.sql === '') throw new KuiperError('BAD_REQUEST', 'Missing rule SQL.')
  const stmt = statement ?? parseRuleSql(def.sql, deps.functions)
  if (def.actions.length === 0) throw new KuiperError('BAD_REQUEST', 'Missing rule actions.')
  const options = resolveRuleOptions(def.options)
  const streams = ruleStreams(stmt).map((name) => streamOf(deps, name))
  const { specs, bindings } = sinkSpecs(def.actions)
  for (const s of specs) {
    const type = s.config.type
    if (type !== BINDING_SINK_TYPE && !deps.connectors.hasSink(type)) {
      throw new KuiperError('BAD_REQUEST', `sink type ${type} is not found`)
    }
  }
  const spec = planRule(
    { id: def.id, statement: stmt, options, sinks: specs },
    { catalog: deps.catalog, functions: deps.functions },
  ).topology
  if (opts.connectors !== false) checkConnectors(spec, { ...deps, ...(def.sources ? { sources: def.sources } : {}) })
  return {
    statement: stmt,
    options,
    sinks: specs,
    bindings,
    spec,
    streams,
    ...(def.sources ? { sources: def.sources } : {}),
  }
}

/** The prepared rule again from the current stream definitions, when one it was planned from was replaced. */
export function replanIfStale(
  prepared: PreparedRule,
  id: string,
  deps: PrepareDeps,
  opts: PrepareOptions = {},
): PreparedRule {
  if (prepared.streams.every((s) => deps.catalog.get(s.name) === s)) return prepared
  const streams = ruleStreams(prepared.statement).map((name) => streamOf(deps, name))
  const spec = planRule(
    { id, statement: prepared.statement, options: prepared.options, sinks: prepared.sinks },
    { catalog: deps.catalog, functions: deps.functions },
  ).topology
  if (opts.connectors !== false)
    checkConnectors(spec, { ...deps, ...(prepared.sources ? { sources: prepared.sources } : {}) })
  return { ...prepared, spec, streams }
}

/** A stream the rule reads: it must exist (NOT_FOUND) and its source type must be known (BAD_REQUEST). */
function streamOf(deps: PrepareDeps, name: string): StreamDefinition {
  const def = deps.catalog.get(name)
  if (def === undefined) {
    throw new KuiperError('NOT_FOUND', `fail to get stream ${name}, please check if stream is created`)
  }
  const type = (def.options['TYPE'] ?? 'mqtt').toLowerCase()
  if (!deps.connectors.hasSource(type)) {
    throw new KuiperError('BAD_REQUEST', `source type ${type} of stream ${name} is not found`)
  }
  return def
}
