// GROUP BY without the window (1.0's AggregatePlan): rows are grouped by the `%v` text of their dimension values, in
// order of first appearance; aggregate SELECT aliases (`count(*) AS c`) are then computed per group into the group's
// first row, as 1.0 does so that HAVING and ORDER BY can read them.

import { ErrorItem, GroupedRows, JoinRows, WindowTuples } from '../core/collection.js'
import type { Item } from '../core/collection.js'
import { EvalError } from '../core/errors.js'
import { setOwn } from '../core/maps.js'
import { JoinTuple, Tuple } from '../core/row.js'
import type { Row } from '../core/row.js'
import type { Value } from '../core/value.js'
import { compileExpr } from '../eval/compile.js'
import type { EvalContext, Evaluator } from '../eval/evaluator.js'
import type { FunctionContext } from '../functions/define-function.js'
import type { Emit, Operator, OperatorContext } from '../runtime/operator.js'
import type { Expr } from '../sql/ast/expr.js'
import type { Field } from '../sql/ast/statement.js'
import { itemName, wrapError } from './common.js'
import type { OperatorDeps } from './common.js'
import { formatGo } from '../core/value.js'

export interface AggregateConfig {
  /** The GROUP BY expressions, the window left out (may be empty when only aliases are computed). */
  readonly dimensions: readonly Expr[]
  /** SELECT fields with an alias and an aggregate call: stored per group under the alias in the first row. */
  readonly aliasFields?: readonly Field[]
}

const ALIAS_ERROR = 'run Aggregate function alias error: '

export class AggregateOp implements Operator {
  private readonly dims: readonly Evaluator[]
  private readonly aliases: readonly { readonly name: string; readonly eval: Evaluator }[]

  constructor(config: AggregateConfig, deps: OperatorDeps) {
    const opts = { functions: deps.functions }
    this.dims = config.dimensions.map((d) => compileExpr(d, opts))
    this.aliases = (config.aliasFields ?? []).map((f) => ({ name: f.alias, eval: compileExpr(f.expr, opts) }))
  }

  process(item: Item, out: Emit, ctx: OperatorContext): void {
    if (item instanceof ErrorItem) {
      out(item)
      return
    }
    const result = this.dims.length > 0 ? this.group(item, ctx.fn) : item
    if (result === undefined) return
    if (this.aliases.length > 0) this.computeAliases(result, ctx.fn)
    out(result)
  }

  /** Undefined when there is no row to group. */
  private group(item: Item, fn: FunctionContext): GroupedRows | undefined {
    let rows: readonly Row[]
    if (item instanceof Tuple) rows = [item]
    else if (item instanceof WindowTuples) {
      const set = item.sets[0]
      if (set === undefined || item.sets.length !== 1) {
        throw new EvalError('run Group By error: the input WindowTuplesSet with multiple tuples cannot be evaluated')
      }
      rows = set.tuples
    } else if (item instanceof JoinRows) rows = item.rows
    else throw new EvalError(`run Group By error: invalid input ${itemName(item)}`)

    const ectx: EvalContext = { fn }
    const groups = new Map<string, Row[]>()
    for (const row of rows) {
      let key = ''
      for (const d of this.dims) {
        let v: Value
        try {
          v = d(row, ectx)
        } catch (err) {
          throw wrapError('run Group By error: ', err)
        }
        key += formatGo(v) + ','
      }
      const g = groups.get(key)
      if (g === undefined) groups.set(key, [row])
      else g.push(row)
    }
    return groups.size > 0 ? new GroupedRows([...groups.values()]) : undefined
  }

  private computeAliases(result: Item, fn: FunctionContext): void {
    if (result instanceof Tuple) this.setAliases(result, [result], fn)
    else if (result instanceof GroupedRows) {
      for (const g of result.groups) if (g[0] !== undefined) this.setAliases(g[0], g, fn)
    } else if (result instanceof WindowTuples) {
      const set = result.sets[0]
      if (set === undefined || result.sets.length !== 1) {
        throw new EvalError(`${ALIAS_ERROR}the input WindowTuplesSet with multiple tuples cannot be evaluated)`)
      }
      if (set.tuples[0] !== undefined) this.setAliases(set.tuples[0], set.tuples, fn)
    } else if (result instanceof JoinRows) {
      if (result.rows[0] !== undefined) this.setAliases(result.rows[0], result.rows, fn)
    } else throw new EvalError(`${ALIAS_ERROR}invalid input ${itemName(result)}`)
  }

  /** Evaluates every alias over `group` and stores it in `row` (a join row keeps it in its first tuple). */
  private setAliases(row: Row, group: readonly Row[], fn: FunctionContext): void {
    const target = row instanceof Tuple ? row : row instanceof JoinTuple ? row.tuples[0] : undefined
    if (target === undefined) throw new EvalError(`${ALIAS_ERROR}invalid tuple to set alias`)
    const ectx: EvalContext = { fn, group }
    // The message may be shared with other rules of the stream (one conversion per stream), and a value may hold
    // the message itself (`collect(*) AS r`): each alias goes into a new copy, so no message ever contains itself
    // (later aliases still see the earlier ones through the row).
    for (const a of this.aliases) {
      let v: Value
      try {
        v = a.eval(row, ectx)
      } catch (err) {
        throw wrapError(ALIAS_ERROR, err)
      }
      const message = { ...target.message }
      setOwn(message, a.name, v)
      target.message = message
    }
  }
}
