// The logical plan of a rule: one node per clause (eKuiper's logicalPlan.go), each with its inputs.
// 1.0's pipeline is linear except for the data sources, which feed the first stage side by side.

import type { AggregatePlan } from './aggregate.js'
import type { DataSourcePlan } from './data-source.js'
import type { FilterPlan } from './filter.js'
import type { HavingPlan } from './having.js'
import type { JoinPlan } from './join.js'
import type { OrderPlan } from './order.js'
import type { ProjectPlan } from './project.js'
import type { WindowPlan } from './window.js'

export type LogicalPlan =
  DataSourcePlan | WindowPlan | JoinPlan | FilterPlan | AggregatePlan | HavingPlan | OrderPlan | ProjectPlan

export type LogicalPlanKind = LogicalPlan['kind']

/** The data sources under a plan, in stream order. */
export function dataSources(plan: LogicalPlan): DataSourcePlan[] {
  if (plan.kind === 'DataSource') return [plan]
  return plan.inputs.flatMap(dataSources)
}
