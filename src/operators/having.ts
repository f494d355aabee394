// HAVING (1.0's HavingPlan): aggregates run over a group, other expressions read the group's first row. Grouped rows
// keep the groups whose condition holds; a window is one group kept or dropped whole; a join result is one group
// whose rows are filtered one by one (1.0 evaluates each joined row against the aggregates of all of them).

import { ErrorItem, GroupedRows, JoinRows, WindowTuples } from '../core/collection.js'
import type { Item } from '../core/collection.js'
import { EvalError } from '../core/errors.js'
import { Tuple } from '../core/row.js'
import { compileExpr } from '../eval/compile.js'
import type { Evaluator } from '../eval/evaluator.js'
import type { Emit, Operator, OperatorContext } from '../runtime/operator.js'
import type { Expr } from '../sql/ast/expr.js'
import { itemName, testCondition } from './common.js'
import type { OperatorDeps } from './common.js'

export interface HavingConfig {
  /** The HAVING expression. */
  readonly condition: Expr
}

export class HavingOp implements Operator {
  private readonly cond: Evaluator

  constructor(config: HavingConfig, deps: OperatorDeps) {
    this.cond = compileExpr(config.condition, { functions: deps.functions })
  }

  process(item: Item, out: Emit, ctx: OperatorContext): void {
    const fn = ctx.fn
    if (item instanceof ErrorItem) {
      out(item)
    } else if (item instanceof GroupedRows) {
      const kept = item.groups.filter(
        (g) => g[0] !== undefined && testCondition(this.cond, g[0], { fn, group: g }, 'Having'),
      )
      if (kept.length > 0) out(new GroupedRows(kept))
    } else if (item instanceof WindowTuples) {
      const set = item.sets[0]
      if (set === undefined || item.sets.length !== 1) {
        throw new EvalError('run Having error: input WindowTuplesSet with multiple tuples cannot be evaluated')
      }
      const first = set.tuples[0]
      if (first !== undefined && testCondition(this.cond, first, { fn, group: set.tuples }, 'Having')) out(item)
    } else if (item instanceof JoinRows) {
      const group = item.rows
      const kept = group.filter((r) => testCondition(this.cond, r, { fn, group }, 'Having'))
      if (kept.length > 0) out(new JoinRows(kept))
    } else if (item instanceof Tuple) {
      // Without a window a tuple is its own group.
      if (testCondition(this.cond, item, { fn, group: [item] }, 'Having')) out(item)
    } else {
      throw new EvalError(`run Having error: invalid input ${itemName(item)}`)
    }
  }
}
