// WHERE (1.0's FilterPlan): keeps the rows of a Tuple, a single-stream window or a join result whose condition is
// true; a condition that is not a bool is an error, and nothing is emitted when no row is left.

import { ErrorItem, JoinRows, WindowTuples } from '../core/collection.js'
import type { Item } from '../core/collection.js'
import { EvalError } from '../core/errors.js'
import { Tuple } from '../core/row.js'
import { columnComparedWithNumber, compareNumber, compileExpr } from '../eval/compile.js'
import type { NumberComparison } from '../eval/compile.js'
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
  // `col <op> <number>`, the commonest WHERE, is decided from these fields when the column holds a number: with
  // 1,000 rules on a stream a message is filtered 1,000 times, and the compiled condition (a closure, its context,
  // and the evaluation context) are three more objects to read per rule, each a cache miss; these fields sit in
  // this object's first cache line. Any other value of the column takes `cond`, which gives the same result for a
  // number (compile.ts, compareFieldWithNumber).
  /** The column, when the condition is `col <op> <number>`. */
  private readonly column: string | undefined
  private readonly comparison: NumberComparison
  /** The number, as float64 (as compareFieldWithNumber compares a number column). */
  private readonly operand: number
  private readonly cond: Evaluator
  /** The evaluation context of the last `ctx` (one per operator instance): not allocated per row. */
  private ectx: EvalContext | undefined
  private ectxOf: OperatorContext | undefined

  constructor(config: FilterConfig, deps: OperatorDeps) {
    const simple = columnComparedWithNumber(config.condition)
    this.column = simple?.column
    // Read only with a column: any code will do without one.
    this.comparison = simple?.comparison ?? 1
    this.operand = simple?.operand ?? 0
    this.cond = compileExpr(config.condition, { functions: deps.functions })
  }

  process(item: Item, out: Emit, ctx: OperatorContext): void {
    const kept = this.transform(item, ctx)
    if (kept !== undefined) out(kept)
  }

  /** The rows of `item` that pass, or undefined when none does. */
  transform(item: Item, ctx: OperatorContext): Item | undefined {
    const column = this.column
    if (column !== undefined && item instanceof Tuple) {
      const l = item.value(column)
      if (typeof l === 'number') return compareNumber(this.comparison, l, this.operand) ? item : undefined
    }
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
