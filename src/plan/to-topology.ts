// Logical plan → TopologySpec: one node per plan stage with 1.0's node names, wired in pipeline order
// (source_<s> → op_preprocessor_<s> → [op_windowFilter] → [op_window] → [op_join] → [op_filter] → [op_aggregate]
// → [op_having] → [op_order] → op_project → sink_<name>).

import type { NodeSpec, TopologySpec } from '../core/topology-spec.js'
import type { LogicalPlan } from './logical/plan.js'
import { operatorKinds } from './node-config.js'
import type {
  OperatorConfigs,
  OperatorKind,
  PreprocessorConfig,
  SinkNodeConfig,
  SourceNodeConfig,
} from './node-config.js'
import type { RuleOptions } from './options.js'

/** One action of the rule, resolved: sink node name plus config. */
export interface SinkSpec {
  readonly name: string
  readonly config: SinkNodeConfig
  readonly concurrency?: number
}

class SpecBuilder {
  readonly nodes: NodeSpec[] = []
  readonly edges: Record<string, string[]> = {}
  readonly sources: string[] = []

  constructor(private readonly options: RuleOptions) {}

  add(node: NodeSpec, inputs: readonly string[]): string {
    this.nodes.push(node)
    for (const i of inputs) (this.edges[i] ??= []).push(node.id)
    return node.id
  }

  op<K extends OperatorKind>(
    kind: K,
    name: string,
    config: OperatorConfigs[K],
    inputs: readonly string[],
    extra?: Partial<NodeSpec>,
  ): string {
    const concurrency = operatorKinds[kind].singleInstance ? 1 : Math.max(1, this.options.concurrency)
    return this.add({ id: `op_${name}`, type: 'op', name, kind, config, concurrency, ...extra }, inputs)
  }
}

export function toTopologySpec(
  ruleId: string,
  plan: LogicalPlan,
  options: RuleOptions,
  sinks: readonly SinkSpec[],
): TopologySpec {
  const b = new SpecBuilder(options)
  const last = emit(plan, b)
  for (const s of sinks) {
    b.add(
      {
        id: `sink_${s.name}`,
        type: 'sink',
        name: s.name,
        kind: 'sink',
        config: s.config,
        concurrency: s.concurrency ?? 1,
      },
      [last],
    )
  }
  // The spec lives as long as the rule: its arrays are copied to exactly their size (one grown by push keeps room
  // for 17 entries, ~130 bytes more per array).
  const edges: Record<string, string[]> = {}
  for (const [from, tos] of Object.entries(b.edges)) edges[from] = tos.slice()
  return {
    ruleId,
    nodes: b.nodes.slice(),
    sources: b.sources.slice(),
    edges,
    bufferLength: Math.max(1, options.bufferLength),
  }
}

/** Adds the nodes of `plan` (inputs first) and returns the id of its output node. */
function emit(plan: LogicalPlan, b: SpecBuilder): string {
  switch (plan.kind) {
    case 'DataSource': {
      const def = plan.stream
      const source: SourceNodeConfig = {
        stream: def.name,
        type: (def.options['TYPE'] ?? 'mqtt').toLowerCase(),
        datasource: def.options['DATASOURCE'] ?? def.name,
        format: def.options['FORMAT'] ?? 'json',
        ...(def.options['CONF_KEY'] !== undefined ? { confKey: def.options['CONF_KEY'] } : {}),
      }
      const srcId = b.add(
        { id: `source_${def.name}`, type: 'source', name: def.name, kind: 'source', config: source },
        [],
      )
      b.sources.push(srcId)
      const pre: PreprocessorConfig = {
        stream: def,
        isEventTime: plan.isEventTime,
        aliasFields: plan.aliasFields,
        ...(plan.alias !== undefined ? { alias: plan.alias } : {}),
        ...(def.options['TIMESTAMP'] !== undefined ? { timestampField: def.options['TIMESTAMP'] } : {}),
        ...(def.options['TIMESTAMP_FORMAT'] !== undefined ? { timestampFormat: def.options['TIMESTAMP_FORMAT'] } : {}),
      }
      return b.op('preprocessor', `preprocessor_${def.name}`, pre, [srcId])
    }
    case 'Window': {
      let inputs = plan.inputs.map((p) => emit(p, b))
      const filter = plan.window.filter
      if (filter !== undefined) inputs = [b.op('windowFilter', 'windowFilter', { condition: filter }, inputs)]
      const config = {
        window: plan.window,
        isEventTime: plan.isEventTime,
        lateTolerance: plan.lateTolerance,
        streams: plan.streams,
      }
      const extra = plan.isEventTime ? { watermark: { streams: plan.streams, lateTolerance: plan.lateTolerance } } : {}
      return b.op('window', 'window', config, inputs, extra)
    }
    case 'Join':
      return b.op('join', 'join', { from: plan.from, joins: plan.joins }, [emit(plan.inputs[0], b)])
    case 'Filter':
      return b.op('filter', 'filter', { condition: plan.condition }, [emit(plan.inputs[0], b)])
    case 'Aggregate':
      return b.op('aggregate', 'aggregate', { dimensions: plan.dimensions, aliasFields: plan.aliasFields }, [
        emit(plan.inputs[0], b),
      ])
    case 'Having':
      return b.op('having', 'having', { condition: plan.condition }, [emit(plan.inputs[0], b)])
    case 'Order':
      return b.op('order', 'order', { sortFields: plan.sortFields }, [emit(plan.inputs[0], b)])
    case 'Project': {
      const config = { statement: plan.statement, isAggregate: plan.isAggregate, sendMeta: plan.sendMeta }
      return b.op('project', 'project', config, [emit(plan.inputs[0], b)])
    }
  }
}
