// Join plan: the JOIN clauses, applied to each window's rows (1.0 joins only inside a window).

import type { Join, Table } from '../../sql/ast/statement.js'
import type { LogicalPlan } from './plan.js'

export interface JoinPlan {
  readonly kind: 'Join'
  readonly inputs: readonly [LogicalPlan]
  readonly from: Table
  readonly joins: readonly Join[]
}
