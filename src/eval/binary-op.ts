// Kuiper 1.0's simpleDataEval: one binary operator on two evaluated values, with the nil rules and the type dispatch
// on the left operand. Shared by compiled binary expressions, CASE and any operator that must compare values as 1.0 does.

import type { Value } from '../core/value.js'
import { boolOp, floatOp, intOp } from './arithmetic.js'
import type { ValueOp } from './arithmetic.js'
import { stringOp, timeOp } from './compare.js'
import { invalidOp } from './describe.js'

/**
 * `l op r` as 1.0 evaluates it. With a nil operand: `=`, `<=`, `>=` are true only for nil,nil, `!=` is true unless
 * both are nil, `<`/`>` are false, and every other operator (arithmetic, AND, OR...) gives nil.
 * Throws EvalError on a type mismatch (`invalid operation int64(3) + string(a)`) or a division by zero.
 */
export function simpleDataEval(l: Value, r: Value, op: ValueOp): Value {
  if (l === null || l === undefined || r === null || r === undefined) return nilOp(l, r, op)
  switch (typeof l) {
    case 'number':
      if (typeof r === 'number') return floatOp(op, l, r)
      if (typeof r === 'bigint') return floatOp(op, l, Number(r))
      throw invalidOp(l, op, r)
    case 'bigint':
      if (typeof r === 'bigint') return intOp(op, l, r)
      if (typeof r === 'number') return floatOp(op, Number(l), r)
      throw invalidOp(l, op, r)
    case 'string':
      if (typeof r !== 'string') throw invalidOp(l, op, r)
      return stringOp(op, l, r)
    case 'boolean':
      if (typeof r !== 'boolean') throw invalidOp(l, op, r)
      return boolOp(op, l, r)
    default:
      if (l instanceof Date) return timeOp(op, l, r)
      throw invalidOp(l, op, r)
  }
}

function nilOp(l: Value, r: Value, op: ValueOp): Value {
  const bothNil = (l === null || l === undefined) && (r === null || r === undefined)
  switch (op) {
    case '=':
    case '<=':
    case '>=':
      return bothNil
    case '!=':
      return !bothNil
    case '<':
    case '>':
      return false
    default:
      return null
  }
}

/** Maps and arrays: on the left of a non-JSON operator they are an error in 1.0 (evalJsonExpr). */
export function isContainer(v: Value): boolean {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && !(v instanceof Uint8Array)
}
