// Aggregate plan: the GROUP BY expressions besides the window, and the aliased aggregate fields (1.0 runs it for either).

import type { Expr } from '../../sql/ast/expr.js'
import type { Field } from '../../sql/ast/statement.js'
import type { LogicalPlan } from './plan.js'

export interface AggregatePlan {
  readonly kind: 'Aggregate'
  readonly inputs: readonly [LogicalPlan]
  readonly dimensions: readonly Expr[]
  /** SELECT fields with an alias and an aggregate call: computed per group so HAVING can read the alias. */
  readonly aliasFields: readonly Field[]
}
