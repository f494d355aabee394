// Number semantics of Kuiper 1.0's simpleDataEval: int64 (bigint) arithmetic wraps to 64 bits with integer `/` and `%`;
// as soon as one side is a float64 (number) both are floats and `%` is fmod. Dividing by zero is an error either way.

import { EvalError } from '../core/errors.js'
import type { Value } from '../core/value.js'
import type { BinaryOp } from '../sql/ast/expr.js'
import { invalidOp } from './describe.js'

/** The operators that combine two values (everything but the JSON operators `[]` and `->`). */
export type ValueOp = Exclude<BinaryOp, '[]' | '->'>

export function dividedByZero(): EvalError {
  return new EvalError('divided by zero')
}

/** float64 ∘ float64 (an int64 operand has already been converted, as Go does, which shows in error texts). */
export function floatOp(op: ValueOp, l: number, r: number): Value {
  switch (op) {
    case '=':
      return l === r
    case '!=':
      return l !== r
    case '<':
      return l < r
    case '<=':
      return l <= r
    case '>':
      return l > r
    case '>=':
      return l >= r
    case '+':
      return l + r
    case '-':
      return l - r
    case '*':
      return l * r
    case '/':
      if (r === 0) throw dividedByZero()
      return l / r
    case '%':
      if (r === 0) throw dividedByZero()
      return l % r // JS `%` on numbers is C's fmod, as Go's math.Mod
    default:
      throw invalidOp(l, op, r)
  }
}

/** int64 ∘ int64: wraps on overflow like Go, `/` truncates toward zero, `&` `|` `^` are bitwise. */
export function intOp(op: ValueOp, l: bigint, r: bigint): Value {
  switch (op) {
    case '=':
      return l === r
    case '!=':
      return l !== r
    case '<':
      return l < r
    case '<=':
      return l <= r
    case '>':
      return l > r
    case '>=':
      return l >= r
    case '+':
      return BigInt.asIntN(64, l + r)
    case '-':
      return BigInt.asIntN(64, l - r)
    case '*':
      return BigInt.asIntN(64, l * r)
    case '/':
      if (r === 0n) throw dividedByZero()
      return BigInt.asIntN(64, l / r) // MinInt64 / -1 wraps to MinInt64, as in Go
    case '%':
      if (r === 0n) throw dividedByZero()
      return l % r
    case '&':
      return l & r
    case '|':
      return l | r
    case '^':
      return l ^ r
    default:
      throw invalidOp(l, op, r)
  }
}

/** bool ∘ bool: AND/OR and, as 1.0 allows, `&` `|` `^` as logical operators; `=` and `!=`. */
export function boolOp(op: ValueOp, l: boolean, r: boolean): Value {
  switch (op) {
    case 'AND':
    case '&':
      return l && r
    case 'OR':
    case '|':
      return l || r
    case '^':
    case '!=':
      return l !== r
    case '=':
      return l === r
    default:
      throw invalidOp(l, op, r)
  }
}
