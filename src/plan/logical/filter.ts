// Filter plan: the WHERE condition.

import type { Expr } from '../../sql/ast/expr.js'
import type { LogicalPlan } from './plan.js'

export interface FilterPlan {
  readonly kind: 'Filter'
  readonly inputs: readonly [LogicalPlan]
  readonly condition: Expr
}
