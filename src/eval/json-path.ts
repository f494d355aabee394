// JSON expressions of Kuiper 1.0 (ast.go evalJsonExpr/subset): `a->b` reads a map key, `a[i]` indexes and `a[s:e]`
// slices (end exclusive) an array. Non-container operands go through 1.0's generic path, whose quirks are kept.

import { EvalError } from '../core/errors.js'
import { lookupField } from '../core/row.js'
import { describeValue, formatGo, isMap } from '../core/value.js'
import type { Value, ValueArray } from '../core/value.js'
import type { ColonExpr, Expr, IndexExpr } from '../sql/ast/expr.js'
import { invalidFor, invalidOp } from './describe.js'
import type { Evaluator } from './evaluator.js'

/** A slice bound that was not written: `a[2:]`, `a[:]`, `a[]` (1.0's parser stores -1). */
const OPEN_END = -1

/**
 * `left->key`. A map gives its key (exact, then case-insensitive), nil gives nil, an array is an error.
 * Any other value is handed, as in 1.0, to the generic operator path together with `rightOnRow` (the right-hand
 * name read from the row itself): nil if that is nil, else `invalid operation string(x) -> ...`.
 */
export function compileArrow(left: Evaluator, key: string, rightOnRow: Evaluator): Evaluator {
  return (row, ctx) => {
    const l = left(row, ctx)
    if (isMap(l)) return lookupField(l, key)
    if (l === null || l === undefined) return null
    if (Array.isArray(l)) throw invalidFor('->', l)
    const r = rightOnRow(row, ctx)
    if (r === null || r === undefined) return null
    throw invalidOp(l, '->', r)
  }
}

/** `left[i]` or `left[s:e]`; `compile` compiles the bound expressions. */
export function compileSubset(
  left: Evaluator,
  bracket: IndexExpr | ColonExpr,
  compile: (e: Expr) => Evaluator,
): Evaluator {
  if (bracket.kind === 'IndexExpr') {
    const index = compileBound(bracket.index, compile)
    return (row, ctx) => {
      const l = left(row, ctx)
      const i = index(row, ctx)
      return Array.isArray(l) ? indexOf(l, i) : notAnArray(l, i, i)
    }
  }
  const start = bracket.start === undefined ? undefined : compileBound(bracket.start, compile)
  const end = bracket.end === undefined ? undefined : compileBound(bracket.end, compile)
  return (row, ctx) => {
    const l = left(row, ctx)
    const s = start === undefined ? 0 : start(row, ctx)
    const e = end === undefined ? OPEN_END : end(row, ctx)
    if (!Array.isArray(l)) return notAnArray(l, s, e)
    // 1.0 treats a bracket whose start equals its end as an index (BracketEvalResult.isIndex).
    return s === e ? indexOf(l, s) : sliceOf(l, s, e)
  }
}

function indexOf(a: ValueArray, i: number): Value {
  if (i < 0 || i >= a.length) throw new EvalError(`out of index: ${i} of ${a.length}`)
  return a[i]
}

function sliceOf(a: ValueArray, s: number, e: number): Value {
  if (s < 0) throw new EvalError(`out of index: ${s} of ${a.length}`)
  if (s >= a.length) throw new EvalError(`start value is out of index: ${s} of ${a.length}`)
  if (e === OPEN_END) return a.slice(s)
  if (e < 0) throw new EvalError(`out of index: ${e} of ${a.length}`)
  // 1.0 rejects an explicit end at or beyond the length (features.md §2.7), although Go slicing would allow it.
  if (e >= a.length) throw new EvalError(`end value is out of index: ${e} of ${a.length}`)
  if (s > e) throw new EvalError(`start cannot be greater than end. start:${s}  end:${e}`)
  return a.slice(s, e)
}

/** `[]` on something that is not an array, as 1.0 evaluates it. */
function notAnArray(l: Value, s: number, e: number): Value {
  if (l === null || l === undefined) return null
  if (isMap(l)) throw invalidFor('[]', l)
  throw new EvalError(`invalid operation ${describeValue(l)} [] *xsql.BracketEvalResult(&{${s} ${e}})`)
}

/** A bracket bound: an integer literal is folded; anything else must evaluate to an integer. */
function compileBound(e: Expr, compile: (e: Expr) => Evaluator): (...args: Parameters<Evaluator>) => number {
  if (e.kind === 'IntegerLiteral') {
    const n = Number(e.value)
    return () => n
  }
  const ev = compile(e)
  return (row, ctx) => {
    const v = ev(row, ctx)
    if (typeof v === 'bigint') return Number(v)
    if (typeof v === 'number' && Number.isInteger(v)) return v
    throw new EvalError(`invalid evaluation result - ${formatGo(v)}`)
  }
}
