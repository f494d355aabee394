// WHERE (1.0's FilterPlan): keeps the rows of a Tuple, a single-stream window or a join result whose condition is
// true; a condition that is not a bool is an error, and nothing is emitted when no row is left.

import { ErrorItem, JoinRows, WindowTuples } from '../core/collection.js'
import type { Item } from '../core/collection.js'
import { EvalError } from '../core/errors.js'
import { Tuple } from '../core/row.js'
import { compileExpr } from '../eval/compile.js'
import type { EvalContext, Evaluator } from '../eval/evaluator.js'
import type { Emit, Operator, OperatorContext } from '../runtime/operator.js'
import type { Expr } from '../sql/ast/expr.js'
import { itemName, testCondition } from './common.js'
import type { OperatorDeps } from './common.js'

export interface FilterConfig {
  /** The WHERE expression. */
  readonly condition: Expr
}

export class FilterOp implements Operator {
  private readonly cond: Evaluator
  /** The evaluation context of the last `ctx` (one per operator instance): not allocated per row. */
  private ectx: EvalContext | undefined
  private ectxOf: OperatorContext | undefined

  constructor(config: FilterConfig, deps: OperatorDeps) {
    this.cond = compileExpr(config.condition, { functions: deps.functions })
  }

  process(item: Item, out: Emit, ctx: OperatorContext): void {
    const kept = this.transform(item, ctx)
    if (kept !== undefined) out(kept)
  }

  /** The rows of `item` that pass, or undefined when none does. */
  transform(item: Item, ctx: OperatorContext): Item | undefined {
    if (item instanceof ErrorItem) return item
    let ectx = this.ectx
    if (ectx === undefined || this.ectxOf !== ctx) {
      ectx = this.ectx = { fn: ctx.fn }
      this.ectxOf = ctx
    }
    if (item instanceof Tuple) return testCondition(this.cond, item, ectx, 'Where') ? item : undefined
    if (item instanceof WindowTuples) {
      const set = item.sets[0]
      if (set === undefined || item.sets.length !== 1) {
        throw new EvalError('run Where error: the input WindowTuplesSet with multiple tuples cannot be evaluated')
      }
      const kept = set.tuples.filter((t) => testCondition(this.cond, t, ectx, 'Where'))
      return kept.length > 0
        ? new WindowTuples([{ emitter: set.emitter, tuples: kept }], item.start, item.end)
        : undefined
    }
    if (item instanceof JoinRows) {
      const kept = item.rows.filter((r) => testCondition(this.cond, r, ectx, 'Where'))
      return kept.length > 0 ? new JoinRows(kept) : undefined
    }
    throw new EvalError(`run Where error: invalid input ${itemName(item)}`)
  }
}
