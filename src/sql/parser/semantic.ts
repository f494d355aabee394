// Semantic checks the parser runs while parsing, driven by a FunctionCatalog: unknown functions (1.0 looked for a
// plugin), argument checks from each FunctionDef, aggregates in WHERE and non-aggregate calls in HAVING.

import { ValidationError, errorMessage } from '../../core/errors.js'
import type { FunctionCatalog, FunctionDef } from '../../functions/define-function.js'
import type { Call, Expr } from '../ast/expr.js'
import type { SelectStatement } from '../ast/statement.js'
import { findCall, isAggregateCall } from '../ast/walk.js'
import { validationErrorAt, type Position } from './cursor.js'

/** Functions whose first argument is the rows of the group, added by the parser as `*` (1.0's deduplicate). */
const rowsFirstFunctions: ReadonlySet<string> = new Set(['deduplicate'])

/** True when the parser prepends a `*` argument to calls of `name` (after validating the written arguments). */
export function takesRowsArgument(name: string): boolean {
  return rowsFirstFunctions.has(name.toLowerCase())
}

/** The arguments as the user wrote them (without the `*` the parser adds for row functions). */
export function writtenArgs(call: Call): readonly Expr[] {
  const first = call.args[0]
  if (takesRowsArgument(call.name) && first?.kind === 'Wildcard' && first.stream === undefined) {
    return call.args.slice(1)
  }
  return call.args
}

function arityMessage(def: FunctionDef, min: number, max: number): string {
  if (min === max) return `The arguments for ${def.name} should be ${min}.`
  if (max === Infinity) return `The arguments for ${def.name} should be at least ${min}.`
  if (max === min + 1) return `The arguments for ${def.name} should be ${min} or ${max}.`
  return `The arguments for ${def.name} should be between ${min} and ${max}.`
}

/**
 * Validates one call with the arguments as written: the function must exist, its own `validate` must accept the
 * arguments, and their count must fit its arity. Throws ValidationError.
 */
export function validateCall(name: string, args: readonly Expr[], functions: FunctionCatalog): void {
  const def = functions.lookup(name)
  if (def === undefined) {
    throw new ValidationError(`cannot get the plugin file path: invalid name ${name}: not exist`)
  }
  if (def.validate !== undefined) {
    try {
      def.validate(args)
    } catch (err) {
      if (err instanceof ValidationError) throw err
      throw new ValidationError(errorMessage(err))
    }
  }
  const [min, max] = def.arity
  if (args.length < min || args.length > max) throw new ValidationError(arityMessage(def, min, max))
}

/**
 * The clause rules of 1.0's Validate: no aggregate call in WHERE, only aggregate calls in HAVING.
 * `positionOf` locates the offending call in the error message when the caller knows it.
 */
export function validateSelectClauses(
  stmt: SelectStatement,
  functions: FunctionCatalog,
  positionOf?: (call: Call) => Position | undefined,
): void {
  const agg = findCall(stmt.condition, (c) => isAggregateCall(c, functions))
  if (agg !== undefined) {
    throw validationErrorAt('Not allowed to call aggregate functions in WHERE clause.', positionOf?.(agg))
  }
  const nonAgg = findCall(stmt.having, (c) => !isAggregateCall(c, functions))
  if (nonAgg !== undefined) {
    throw validationErrorAt('Not allowed to call none-aggregate functions in HAVING clause.', positionOf?.(nonAgg))
  }
}
