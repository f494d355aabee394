// Compiles an expression AST once into nested closures (no AST walk and no function lookup per row), with fast paths
// for the common shapes: a comparison with a number literal, arithmetic and logic on values of the expected type.

import { EvalError, ValidationError, assertNever } from '../core/errors.js'
import { intern } from '../core/intern.js'
import { describeValue } from '../core/value.js'
import type { Value } from '../core/value.js'
import type { BinaryExpr, Expr, UnaryExpr } from '../sql/ast/expr.js'
import type { ValueOp } from './arithmetic.js'
import { isContainer, simpleDataEval } from './binary-op.js'
import { compileCall } from './call.js'
import { compileCase } from './case.js'
import { invalidFor } from './describe.js'
import type { CompileOptions, Evaluator } from './evaluator.js'
import { compileArrow, compileSubset } from './json-path.js'

export function compileExpr(expr: Expr, opts: CompileOptions): Evaluator {
  const compile = (e: Expr): Evaluator => compileExpr(e, opts)
  switch (expr.kind) {
    case 'FieldRef': {
      const name = intern(expr.name)
      const stream = expr.stream
      return stream === undefined ? (row) => row.value(name) : (row) => row.value(name, stream)
    }
    case 'MetaRef': {
      const { name, stream } = expr
      if (name === '*') return (row) => row.allMeta(stream)
      return (row) => row.meta(name, stream)
    }
    case 'Wildcard': {
      const stream = expr.stream
      return stream === undefined ? (row) => row.all() : (row) => row.all(stream)
    }
    case 'IntegerLiteral':
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'BooleanLiteral':
      return constant(expr.value)
    case 'TimeLiteral':
    case 'Window':
      return constant(null) // 1.0 evaluates these to nil; they only configure windows
    case 'BinaryExpr':
      return compileBinary(expr, compile)
    case 'UnaryExpr':
      return compileUnary(expr, compile)
    case 'IndexExpr':
    case 'ColonExpr':
      throw new ValidationError(`a bracket expression must follow a value`)
    case 'Call':
      return compileCall(expr, opts, compile)
    case 'CaseExpr':
      return compileCase(expr, compile)
    default:
      return assertNever(expr)
  }
}

function constant(v: Value): Evaluator {
  return () => v
}

function compileBinary(expr: BinaryExpr, compile: (e: Expr) => Evaluator): Evaluator {
  const { op, right } = expr
  const left = compile(expr.left)
  if (op === '->') {
    if (right.kind !== 'FieldRef' && right.kind !== 'MetaRef') {
      throw new ValidationError('the right expression is not a field reference node')
    }
    return compileArrow(left, right.name, compile(right))
  }
  if (op === '[]') {
    if (right.kind !== 'IndexExpr' && right.kind !== 'ColonExpr')
      throw new ValidationError('invalid bracket expression')
    return compileSubset(left, right, compile)
  }
  if (right.kind === 'IntegerLiteral' || right.kind === 'NumberLiteral') {
    const l = expr.left
    const fast =
      l.kind === 'FieldRef' && l.stream === undefined
        ? compareFieldWithNumber(op, intern(l.name), right.value)
        : compareWithNumber(op, left, right.value)
    if (fast !== undefined) return fast
  }
  const r = compile(right)
  switch (op) {
    case '+':
    case '-':
    case '*':
      return floatFastPath(op, left, r)
    case 'AND':
    case 'OR':
      return logic(op, left, r)
    default:
      return generic(op, left, r)
  }
}

/** 1.0's evalBinaryExpr: a map or array on the left fails before the right side is evaluated. */
function generic(op: ValueOp, left: Evaluator, right: Evaluator): Evaluator {
  return (row, ctx) => {
    const l = left(row, ctx)
    if (isContainer(l)) throw invalidFor(op, l)
    return simpleDataEval(l, right(row, ctx), op)
  }
}

function floatFastPath(op: '+' | '-' | '*', left: Evaluator, right: Evaluator): Evaluator {
  return (row, ctx) => {
    const l = left(row, ctx)
    if (isContainer(l)) throw invalidFor(op, l)
    const r = right(row, ctx)
    if (typeof l === 'number' && typeof r === 'number') return op === '+' ? l + r : op === '-' ? l - r : l * r
    return simpleDataEval(l, r, op)
  }
}

/** AND / OR: both sides are always evaluated, as in 1.0 (an error on the right surfaces even when the left decides). */
function logic(op: 'AND' | 'OR', left: Evaluator, right: Evaluator): Evaluator {
  return (row, ctx) => {
    const l = left(row, ctx)
    if (isContainer(l)) throw invalidFor(op, l)
    const r = right(row, ctx)
    if (typeof l === 'boolean' && typeof r === 'boolean') return op === 'AND' ? l && r : l || r
    return simpleDataEval(l, r, op)
  }
}

/**
 * The literal side of `x <op> 12`: as float64, as int64 (an integer literal), and the generic comparison for an `x`
 * that is neither number nor bigint.
 */
function numberLiteral(
  op: ValueOp,
  lit: bigint | number,
): { f: number; big: bigint | undefined; slow: (l: Value) => Value } {
  return {
    f: Number(lit),
    big: typeof lit === 'bigint' ? lit : undefined,
    slow: (l) => {
      if (isContainer(l)) throw invalidFor(op, l)
      return simpleDataEval(l, lit, op)
    },
  }
}

/**
 * `x <op> 12` / `x <op> 1.5`: a number or bigint `x` is compared without the generic dispatch
 * (int64 vs integer literal as bigints, anything else as float64, as Go converts).
 */
function compareWithNumber(op: ValueOp, left: Evaluator, lit: bigint | number): Evaluator | undefined {
  const { f, big, slow } = numberLiteral(op, lit)
  switch (op) {
    case '>':
      return (row, ctx) => {
        const l = left(row, ctx)
        if (typeof l === 'number') return l > f
        if (typeof l === 'bigint') return big === undefined ? Number(l) > f : l > big
        return slow(l)
      }
    case '>=':
      return (row, ctx) => {
        const l = left(row, ctx)
        if (typeof l === 'number') return l >= f
        if (typeof l === 'bigint') return big === undefined ? Number(l) >= f : l >= big
        return slow(l)
      }
    case '<':
      return (row, ctx) => {
        const l = left(row, ctx)
        if (typeof l === 'number') return l < f
        if (typeof l === 'bigint') return big === undefined ? Number(l) < f : l < big
        return slow(l)
      }
    case '<=':
      return (row, ctx) => {
        const l = left(row, ctx)
        if (typeof l === 'number') return l <= f
        if (typeof l === 'bigint') return big === undefined ? Number(l) <= f : l <= big
        return slow(l)
      }
    case '=':
      return (row, ctx) => {
        const l = left(row, ctx)
        if (typeof l === 'number') return l === f
        if (typeof l === 'bigint') return big === undefined ? Number(l) === f : l === big
        return slow(l)
      }
    case '!=':
      return (row, ctx) => {
        const l = left(row, ctx)
        if (typeof l === 'number') return l !== f
        if (typeof l === 'bigint') return big === undefined ? Number(l) !== f : l !== big
        return slow(l)
      }
    default:
      return undefined
  }
}

/**
 * `col <op> 12`, the commonest WHERE: `compareWithNumber` with the column read in the same closure (one closure and
 * context per condition instead of two: a rule's filter touches fewer objects per row).
 */
function compareFieldWithNumber(op: ValueOp, name: string, lit: bigint | number): Evaluator | undefined {
  const { f, big, slow } = numberLiteral(op, lit)
  switch (op) {
    case '>':
      return (row) => {
        const l = row.value(name)
        if (typeof l === 'number') return l > f
        if (typeof l === 'bigint') return big === undefined ? Number(l) > f : l > big
        return slow(l)
      }
    case '>=':
      return (row) => {
        const l = row.value(name)
        if (typeof l === 'number') return l >= f
        if (typeof l === 'bigint') return big === undefined ? Number(l) >= f : l >= big
        return slow(l)
      }
    case '<':
      return (row) => {
        const l = row.value(name)
        if (typeof l === 'number') return l < f
        if (typeof l === 'bigint') return big === undefined ? Number(l) < f : l < big
        return slow(l)
      }
    case '<=':
      return (row) => {
        const l = row.value(name)
        if (typeof l === 'number') return l <= f
        if (typeof l === 'bigint') return big === undefined ? Number(l) <= f : l <= big
        return slow(l)
      }
    case '=':
      return (row) => {
        const l = row.value(name)
        if (typeof l === 'number') return l === f
        if (typeof l === 'bigint') return big === undefined ? Number(l) === f : l === big
        return slow(l)
      }
    case '!=':
      return (row) => {
        const l = row.value(name)
        if (typeof l === 'number') return l !== f
        if (typeof l === 'bigint') return big === undefined ? Number(l) !== f : l !== big
        return slow(l)
      }
    default:
      return undefined
  }
}

/** The comparisons `compareFieldWithNumber` specialises, as small codes (see `compareNumber`). */
const NUMBER_COMPARISONS = { '>': 1, '>=': 2, '<': 3, '<=': 4, '=': 5, '!=': 6 } as const
export type NumberComparison = (typeof NUMBER_COMPARISONS)[keyof typeof NUMBER_COMPARISONS]

/** The parts of a `col <op> <number>` condition (see `columnComparedWithNumber`). */
export interface ColumnNumberComparison {
  /** The column, interned. */
  readonly column: string
  readonly comparison: NumberComparison
  /** The literal as float64, as `compareFieldWithNumber` compares a number column with it. */
  readonly operand: number
}

/**
 * `col <op> <number>` (an unqualified column, a comparison, a number literal) as its parts, for an operator that
 * decides it for a number column without calling the compiled condition (FilterOp): for a number `v` in the column,
 * `compareNumber(comparison, v, operand)` is what the condition returns. Undefined for any other expression.
 */
export function columnComparedWithNumber(expr: Expr): ColumnNumberComparison | undefined {
  if (expr.kind !== 'BinaryExpr' || !Object.hasOwn(NUMBER_COMPARISONS, expr.op)) return undefined
  const { left, right } = expr
  if (left.kind !== 'FieldRef' || left.stream !== undefined) return undefined
  if (right.kind !== 'IntegerLiteral' && right.kind !== 'NumberLiteral') return undefined
  const comparison = NUMBER_COMPARISONS[expr.op as keyof typeof NUMBER_COMPARISONS]
  return { column: intern(left.name), comparison, operand: Number(right.value) }
}

/** The number case of `compareFieldWithNumber`'s closures, by comparison code. */
export function compareNumber(comparison: NumberComparison, l: number, r: number): boolean {
  switch (comparison) {
    case 1:
      return l > r
    case 2:
      return l >= r
    case 3:
      return l < r
    case 4:
      return l <= r
    case 5:
      return l === r
    case 6:
      return l !== r
  }
}

/** `-x` and `NOT x` (not in 1.0's grammar): nil stays nil, other types are an error. */
function compileUnary(expr: UnaryExpr, compile: (e: Expr) => Evaluator): Evaluator {
  const operand = compile(expr.operand)
  if (expr.op === '-') {
    return (row, ctx) => {
      const v = operand(row, ctx)
      if (typeof v === 'number') return -v
      if (typeof v === 'bigint') return BigInt.asIntN(64, -v)
      if (v === null || v === undefined) return null
      throw new EvalError(`invalid operation -${describeValue(v)}`)
    }
  }
  return (row, ctx) => {
    const v = operand(row, ctx)
    if (typeof v === 'boolean') return !v
    if (v === null || v === undefined) return null
    throw new EvalError(`invalid operation NOT ${describeValue(v)}`)
  }
}
