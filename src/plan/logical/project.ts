// Project plan: the SELECT list; aggregate statements give one row per group.

import type { SelectStatement } from '../../sql/ast/statement.js'
import type { LogicalPlan } from './plan.js'

export interface ProjectPlan {
  readonly kind: 'Project'
  readonly inputs: readonly [LogicalPlan]
  /** The whole statement: the projection reads its fields and decides aggregation from it. */
  readonly statement: SelectStatement
  readonly isAggregate: boolean
  /** Rule option sendMetaToSink: add `__meta`. */
  readonly sendMeta: boolean
}
