// The planner entry: a rule's SELECT, options and actions → TopologySpec (plain data), via the logical plan.

import type { StreamCatalog } from '../catalog/stream-catalog.js'
import type { FunctionCatalog } from '../functions/define-function.js'
import type { TopologySpec } from '../core/topology-spec.js'
import type { SelectStatement } from '../sql/ast/statement.js'
import { buildLogicalPlan } from './logical/build-logical-plan.js'
import type { LogicalPlan } from './logical/plan.js'
import type { RuleOptions } from './options.js'
import type { SinkSpec } from './to-topology.js'
import { toTopologySpec } from './to-topology.js'

export interface RulePlanInput {
  readonly id: string
  readonly statement: SelectStatement
  readonly options: RuleOptions
  readonly sinks: readonly SinkSpec[]
}

export interface PlanContext {
  readonly catalog: StreamCatalog
  readonly functions: FunctionCatalog
}

export interface RulePlan {
  readonly logical: LogicalPlan
  readonly topology: TopologySpec
}

export function planRule(input: RulePlanInput, ctx: PlanContext): RulePlan {
  const logical = buildLogicalPlan(input.statement, ctx.catalog, input.options, ctx.functions)
  return { logical, topology: toTopologySpec(input.id, logical, input.options, input.sinks) }
}
