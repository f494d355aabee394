// Error texts of Kuiper 1.0's evaluator: values shown as Go's `%T(%v)` and the operator spellings of xsql's tokens.

import { EvalError } from '../core/errors.js'
import { describeValue, goTypeName } from '../core/value.js'
import type { Value } from '../core/value.js'

/** An operator as 1.0's lexer prints its token (`tokens[op]`). */
export type OpText = string

/**
 * `int64(3)`, `string(a)`, `time.Time(2018-11-02 09:54:48.442 +0000 UTC)`: a value with its Go type.
 * Dates use Go's time.Time String() layout (UTC), which core's formatGo does not.
 */
export function describe(v: Value): string {
  return v instanceof Date ? `time.Time(${goTimeString(v)})` : describeValue(v)
}

/** Go's `Time.String()` for a UTC instant: `2006-01-02 15:04:05.999999999 +0000 UTC` with the fraction trimmed. */
export function goTimeString(d: Date): string {
  const t = d.getTime()
  if (Number.isNaN(t)) return 'invalid time'
  const iso = d.toISOString() // YYYY-MM-DDTHH:mm:ss.sssZ (or ±YYYYYY for far years)
  const tIdx = iso.indexOf('T')
  const date = iso.slice(0, tIdx)
  const time = iso.slice(tIdx + 1, tIdx + 9)
  let frac = iso.slice(tIdx + 10, tIdx + 13)
  while (frac.endsWith('0')) frac = frac.slice(0, -1)
  return `${date} ${time}${frac === '' ? '' : '.' + frac} +0000 UTC`
}

/** 1.0's invalidOpError: `invalid operation int64(3) + string(a)`. */
export function invalidOp(left: Value, op: OpText, right: Value): EvalError {
  return new EvalError(`invalid operation ${describe(left)} ${op} ${describe(right)}`)
}

/** 1.0's evalJsonExpr error for a map or array on the left of a non-JSON operator: `= is an invalid operation for []interface {}`. */
export function invalidFor(op: OpText, left: Value): EvalError {
  return new EvalError(`${op} is an invalid operation for ${goTypeName(left)}`)
}
