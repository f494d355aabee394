// Error texts of Kuiper 1.0's evaluator: values shown as Go's `%T(%v)` and the operator spellings of xsql's tokens.

import { EvalError } from '../core/errors.js'
import { describeValue, goTypeName } from '../core/value.js'
import type { Value } from '../core/value.js'

/** An operator as 1.0's lexer prints its token (`tokens[op]`). */
export type OpText = string

/** 1.0's invalidOpError: `invalid operation int64(3) + string(a)`. */
export function invalidOp(left: Value, op: OpText, right: Value): EvalError {
  return new EvalError(`invalid operation ${describeValue(left)} ${op} ${describeValue(right)}`)
}

/** 1.0's evalJsonExpr error for a map or array on the left of a non-JSON operator: `= is an invalid operation for []interface {}`. */
export function invalidFor(op: OpText, left: Value): EvalError {
  return new EvalError(`${op} is an invalid operation for ${goTypeName(left)}`)
}
