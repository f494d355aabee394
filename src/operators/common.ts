// Pieces shared by the rule operators: their construction dependencies, 1.0's "run <clause> error" wrapping and
// the condition test every filtering clause (WHERE, HAVING, window FILTER) applies to a row.

import { EvalError, errorMessage } from '../core/errors.js'
import type { Row } from '../core/row.js'
import type { Value } from '../core/value.js'
import { describeValue } from '../core/value.js'
import type { EvalContext, Evaluator } from '../eval/evaluator.js'
import type { FunctionCatalog } from '../functions/define-function.js'

/** What every operator factory needs besides its plain config. */
export interface OperatorDeps {
  readonly functions: FunctionCatalog
}

/** `<prefix><message>` for an error thrown while an operator evaluates (1.0's `run Where error: ...`). */
export function wrapError(prefix: string, err: unknown): EvalError {
  return new EvalError(prefix + errorMessage(err), { cause: err })
}

/**
 * Evaluates a WHERE / HAVING / ON-like condition on `row`. Only a bool is a valid result; anything else, nil
 * included, is 1.0's `run <clause> error: invalid condition that returns non-bool value T(v)`.
 */
export function testCondition(cond: Evaluator, row: Row, ctx: EvalContext, clause: string): boolean {
  let v: Value
  try {
    v = cond(row, ctx)
  } catch (err) {
    throw wrapError(`run ${clause} error: `, err)
  }
  if (typeof v === 'boolean') return v
  throw new EvalError(`run ${clause} error: invalid condition that returns non-bool value ${describeValue(v)}`)
}

/** The name of an unexpected item for `invalid input` errors. */
export function itemName(item: object): string {
  return item.constructor.name
}
