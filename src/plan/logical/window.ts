// Window plan: `GROUP BY <window>(...)` over all data sources, with its optional `FILTER(WHERE ...)`.

import type { Window } from '../../sql/ast/expr.js'
import type { LogicalPlan } from './plan.js'

export interface WindowPlan {
  readonly kind: 'Window'
  readonly inputs: readonly LogicalPlan[]
  readonly window: Window
  readonly isEventTime: boolean
  readonly lateTolerance: number
  /** The rule's streams, over which event time takes the minimum watermark. */
  readonly streams: readonly string[]
}
