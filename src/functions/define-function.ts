// One record per SQL function (eKuiper HEAD's builtinFunc): name, kind, argument validation and execution.
// The parser and planner treat every call generically through these records.

import type { Clock } from '../core/clock.js'
import type { Value } from '../core/value.js'
import type { Expr } from '../sql/ast/expr.js'

/** What a function may use besides its arguments. */
export interface FunctionContext {
  readonly clock: Clock
  /** Rule-scoped state for stateful (plugin) functions; checkpointed by the runtime. */
  readonly state?: FunctionState
}

export interface FunctionState {
  get(key: string): Value
  put(key: string, value: Value): void
  delete(key: string): void
  /** 1.0's IncrCounter / GetCounter (0 when never incremented). */
  incrCounter(key: string, amount: number): void
  getCounter(key: string): number
}

interface FunctionBase {
  /** Name as looked up: lower case. */
  readonly name: string
  /** Allowed argument counts: [min, max]; max = Infinity for variadic. */
  readonly arity: readonly [number, number]
  /** Parse-time checks of the argument expressions (literal types, ranges); throws ValidationError. */
  readonly validate?: (args: readonly Expr[]) => void
  /** Math functions only match their lower-case name, as in 1.0 (`ABS(x)` is an unknown function). */
  readonly caseSensitive?: boolean
  /** One-line description for GET /metadata/functions. */
  readonly description?: string
}

/**
 * A scalar function: one value per row.
 * @example
 * defineScalar({ name: 'cbrt', arity: [1, 1], exec: ([x]) => Math.cbrt(toFloat(x, 'cbrt')) })
 */
export interface ScalarFunction extends FunctionBase {
  readonly kind: 'scalar'
  /**
   * Runs the function; throws EvalError on bad input. The evaluator reuses one `args` array per call site from
   * row to row, so `exec` must not keep a reference to it.
   */
  readonly exec: (args: readonly Value[], ctx: FunctionContext) => Value
}

/**
 * An aggregate: each argument arrives as the array of its values over the rows of the group
 * (1.0's AggregateData), e.g. `avg(temp)` gets `[[21.5, 22, null]]`.
 */
export interface AggregateFunction extends FunctionBase {
  readonly kind: 'aggregate'
  readonly exec: (args: readonly (readonly Value[])[], ctx: FunctionContext) => Value
}

/** `meta(key)` / `mqtt(key)`: read source metadata; evaluated by eval itself, not through `exec`. */
export interface MetaFunction extends FunctionBase {
  readonly kind: 'meta'
}

export type FunctionDef = ScalarFunction | AggregateFunction | MetaFunction

export function defineScalar(def: Omit<ScalarFunction, 'kind'>): ScalarFunction {
  return { kind: 'scalar', ...def }
}

export function defineAggregate(def: Omit<AggregateFunction, 'kind'>): AggregateFunction {
  return { kind: 'aggregate', ...def }
}

/** Looks a function up by the name written in SQL; undefined when unknown. */
export interface FunctionCatalog {
  lookup(name: string): FunctionDef | undefined
}
