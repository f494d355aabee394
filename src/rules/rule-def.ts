// The rule as users write it (1.0 api.Rule: id, sql, actions, options), and how its actions become sink specs.

import { KuiperError } from '../core/errors.js'
import type { ConnectorProps, Sink } from '../connectors/api.js'
import type { RuleOptions } from '../plan/options.js'
import type { SinkSpec } from '../plan/to-topology.js'

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
}

/** The sink type used in a TopologySpec for a SinkBinding: the live sink is looked up by node name. */
export const BINDING_SINK_TYPE = 'binding'

export function isSinkBinding(a: RuleAction): a is SinkBinding {
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
  if (actions.length === 0) throw new KuiperError('RULE_ERROR', 'Missing rule actions.')
  const specs: SinkSpec[] = []
  const bindings = new Map<string, Sink>()
  actions.forEach((action, index) => {
    if (isSinkBinding(action)) {
      if (bindings.has(action.name)) throw new KuiperError('RULE_ERROR', `duplicate sink name ${action.name}`)
      bindings.set(action.name, action.sink)
      specs.push({
        name: action.name,
        config: { type: BINDING_SINK_TYPE, props: action.props ?? {}, index },
        ...(action.concurrency !== undefined ? { concurrency: action.concurrency } : {}),
      })
      return
    }
    for (const [type, rawProps] of Object.entries(action)) {
      const props: ConnectorProps = typeof rawProps === 'object' && rawProps !== null ? rawProps : {}
      specs.push({ name: `${type}_${index}`, config: { type, props, index }, concurrency: sinkConcurrency(props) })
    }
  })
  return { specs, bindings }
}

/** The `concurrency` sink property (1.0 reads it with ToInt; invalid or < 1 means 1). */
function sinkConcurrency(props: ConnectorProps): number {
  const c = props['concurrency']
  const n =
    typeof c === 'number' ? c : typeof c === 'string' ? Number.parseInt(c, 10) : typeof c === 'bigint' ? Number(c) : 1
  return Number.isInteger(n) && n > 0 ? n : 1
}
