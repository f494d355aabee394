// Generic traversal of expressions and statements, and 1.0's aggregate detection (IsAggStatement, HasAggFuncs)
// driven by a function catalog.

import { assertNever } from '../../core/errors.js'
import type { FunctionCatalog } from '../../functions/define-function.js'
import type { Call, Expr } from './expr.js'
import type { SelectStatement } from './statement.js'

/**
 * Visits `expr` and its sub-expressions in pre-order. Returning `false` from `visit` skips the children of that node.
 * @example
 * walkExpr(expr, (e) => { if (e.kind === 'Call') names.push(e.name) })
 */
export function walkExpr(expr: Expr, visit: (e: Expr) => boolean | void): void {
  if (visit(expr) === false) return
  switch (expr.kind) {
    case 'FieldRef':
    case 'MetaRef':
    case 'Wildcard':
    case 'IntegerLiteral':
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'BooleanLiteral':
    case 'TimeLiteral':
      return
    case 'BinaryExpr':
      walkExpr(expr.left, visit)
      walkExpr(expr.right, visit)
      return
    case 'UnaryExpr':
      walkExpr(expr.operand, visit)
      return
    case 'IndexExpr':
      walkExpr(expr.index, visit)
      return
    case 'ColonExpr':
      if (expr.start !== undefined) walkExpr(expr.start, visit)
      if (expr.end !== undefined) walkExpr(expr.end, visit)
      return
    case 'Call':
      for (const a of expr.args) walkExpr(a, visit)
      return
    case 'CaseExpr':
      if (expr.value !== undefined) walkExpr(expr.value, visit)
      for (const w of expr.whens) {
        walkExpr(w.when, visit)
        walkExpr(w.then, visit)
      }
      if (expr.else !== undefined) walkExpr(expr.else, visit)
      return
    case 'Window':
      if (expr.filter !== undefined) walkExpr(expr.filter, visit)
      return
    default:
      return assertNever(expr)
  }
}

/** Every top-level expression of a SELECT, clause by clause (fields, join conditions, WHERE, GROUP BY, HAVING). */
export function selectExprs(stmt: SelectStatement): Expr[] {
  const out: Expr[] = stmt.fields.map((f) => f.expr)
  for (const j of stmt.joins) if (j.on !== undefined) out.push(j.on)
  if (stmt.condition !== undefined) out.push(stmt.condition)
  for (const d of stmt.dimensions) out.push(d.expr)
  if (stmt.having !== undefined) out.push(stmt.having)
  return out
}

/** True when the catalog knows `call` as an aggregate function. */
export function isAggregateCall(call: Call, functions: FunctionCatalog): boolean {
  return functions.lookup(call.name)?.kind === 'aggregate'
}

/** The first call in `expr` (pre-order) that satisfies `pred`. */
export function findCall(expr: Expr | undefined, pred: (c: Call) => boolean): Call | undefined {
  if (expr === undefined) return undefined
  let found: Call | undefined
  walkExpr(expr, (e) => {
    if (found !== undefined) return false
    if (e.kind === 'Call' && pred(e)) {
      found = e
      return false
    }
    return true
  })
  return found
}

/** 1.0's HasAggFuncs: `expr` calls an aggregate function somewhere. */
export function hasAggregateCall(expr: Expr | undefined, functions: FunctionCatalog): boolean {
  return findCall(expr, (c) => isAggregateCall(c, functions)) !== undefined
}

/**
 * 1.0's IsAggStatement: the statement groups rows, either by a GROUP BY expression other than a window or by
 * calling an aggregate function in the SELECT list.
 */
export function isAggregateStatement(stmt: SelectStatement, functions: FunctionCatalog): boolean {
  if (stmt.dimensions.some((d) => d.expr.kind !== 'Window')) return true
  return stmt.fields.some((f) => hasAggregateCall(f.expr, functions))
}

/** The window of the GROUP BY clause (1.0 uses the first one), if any. */
export function windowOf(stmt: SelectStatement): Extract<Expr, { kind: 'Window' }> | undefined {
  for (const d of stmt.dimensions) if (d.expr.kind === 'Window') return d.expr
  return undefined
}
