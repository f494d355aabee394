// Having plan: the HAVING condition over groups.

import type { Expr } from '../../sql/ast/expr.js'
import type { LogicalPlan } from './plan.js'

export interface HavingPlan {
  readonly kind: 'Having'
  readonly inputs: readonly [LogicalPlan]
  readonly condition: Expr
}
