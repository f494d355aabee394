// The rule as users write it (1.0 api.Rule: id, sql, actions, options), and how its actions become sink specs.

import { KuiperError } from '../core/errors.js'
import type { ConnectorProps, Sink, Source } from '../connectors/api.js'
import type { RuleOptions } from '../plan/options.js'
import type { SinkSpec } from '../plan/to-topology.js'
import { isPlainObject } from '../core/maps.js'

/** An embedding-only action: a live Sink under a chosen node name (`sink_<name>` in metrics and topo). */
export interface SinkBinding {
  readonly name: string
  readonly sink: Sink
  readonly concurrency?: number
  /** Common sink properties (sendSingle, dataTemplate, retryInterval...) applied in front of the live sink. */
  readonly props?: ConnectorProps
}

/** 1.0's `{ "<sinkType>": { props } }` (one object may name several sinks), or a live SinkBinding. */
export type RuleAction = Readonly<Record<string, ConnectorProps>> | SinkBinding

export interface RuleDef {
  readonly id: string
  readonly sql: string
  readonly actions: readonly RuleAction[]
  readonly options?: Partial<RuleOptions>
  /**
   * Live sources that replace the connectors of the streams they are keyed by (the mock data of a rule test run):
   * such a stream's source properties are not checked, its connector never opened.
   */
  readonly sources?: ReadonlyMap<string, Source>
}

/** The sink type used in a TopologySpec for a SinkBinding: the live sink is looked up by node name. */
export const BINDING_SINK_TYPE = 'binding'

export function isSinkBinding(a: RuleAction): a is SinkBinding {
  if (typeof a !== 'object' || a === null) return false
  const s = (a as { sink?: unknown }).sink
  return (
    typeof (a as { name?: unknown }).name === 'string' &&
    typeof s === 'object' &&
    s !== null &&
    typeof (s as { collect?: unknown }).collect === 'function'
  )
}

/** Sink specs of a rule's actions: 1.0 names each `<type>_<actionIndex>`; a binding keeps its own name. */
export function sinkSpecs(actions: readonly RuleAction[]): { specs: SinkSpec[]; bindings: Map<string, Sink> } {
  if (actions.length === 0) throw new KuiperError('BAD_REQUEST', 'Missing rule actions.')
  const specs: SinkSpec[] = []
  const bindings = new Map<string, Sink>()
  actions.forEach((action, index) => {
    if (isSinkBinding(action)) {
      if (bindings.has(action.name)) throw new KuiperError('BAD_REQUEST', `duplicate sink name ${action.name}`)
      bindings.set(action.name, action.sink)
      specs.push({
        name: action.name,
        config: { type: BINDING_SINK_TYPE, props: action.props ?? {}, index },
        ...(action.concurrency !== undefined ? { concurrency: action.concurrency } : {}),
      })
      return
    }
    for (const [type, props] of Object.entries(checkAction(action, index))) {
      specs.push({ name: `${type}_${index}`, config: { type, props, index }, concurrency: sinkConcurrency(props) })
    }
  })
  return { specs, bindings }
}

/**
 * An action must name at least one sink type, each with an object of properties: 1.0 stored `[null]` and `[{}]`
 * as rules that ran with no sink at all.
 */
function checkAction(action: unknown, index: number): Readonly<Record<string, ConnectorProps>> {
  const example = 'an object naming a sink type, like {"log": {}}'
  if (!isPlainObject(action)) {
    const found = action === null ? 'null' : Array.isArray(action) ? 'an array' : typeof action
    throw new KuiperError('BAD_REQUEST', `Invalid action ${index}: expected ${example}, found ${found}.`)
  }
  const types = Object.keys(action)
  if (types.length === 0)
    throw new KuiperError('BAD_REQUEST', `Invalid action ${index}: expected ${example}, found {}.`)
  for (const type of types) {
    if (!isPlainObject(action[type])) {
      // 1.0's text
      throw new KuiperError(
        'BAD_REQUEST',
        `expect map[string]interface{} type for the action properties, but found ${JSON.stringify(action[type])}`,
      )
    }
  }
  return action as Readonly<Record<string, ConnectorProps>>
}

/** The `concurrency` sink property (1.0 reads it with ToInt; invalid or < 1 means 1). */
function sinkConcurrency(props: ConnectorProps): number {
  const c = props['concurrency']
  const n =
    typeof c === 'number' ? c : typeof c === 'string' ? Number.parseInt(c, 10) : typeof c === 'bigint' ? Number(c) : 1
  return Number.isInteger(n) && n > 0 ? n : 1
}
