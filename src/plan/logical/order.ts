// Order plan: ORDER BY fields.

import type { SortField } from '../../sql/ast/statement.js'
import type { LogicalPlan } from './plan.js'

export interface OrderPlan {
  readonly kind: 'Order'
  readonly inputs: readonly [LogicalPlan]
  readonly sortFields: readonly SortField[]
}
