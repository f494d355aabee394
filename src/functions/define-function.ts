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
  /** A plugin function's one-line description, from its manifest. */
  readonly description?: string
  /** Signature, description and example: required of every built-in (see Documented). */
  readonly doc?: FunctionDoc
}

/** A text in English and Chinese (the docs' two languages, 1.0's en_US / zh_CN). */
export interface DocText {
  readonly en: string
  readonly zh: string
}

/** What an argument or a result may be. `number` is an int or a float. */
export type ValueType =
  | 'any'
  | 'number'
  | 'int'
  | 'float'
  | 'string'
  | 'boolean'
  | 'datetime'
  | 'array'
  | 'map'
  /** A metadata key, written bare: `meta(topic)`. */
  | 'key'

export interface FunctionParam {
  readonly name: string
  readonly type: ValueType
  /** May be left out (only trailing parameters). */
  readonly optional?: boolean
  /** Repeats: any number of further arguments of this type. */
  readonly variadic?: boolean
}

export interface FunctionSignature {
  readonly args: readonly FunctionParam[]
  readonly returns: ValueType
}

/**
 * An example that the tests run through the SQL engine (test/unit/functions/examples.test.ts): `SELECT <sql> FROM
 * demo` over `rows` (one empty row when absent; an aggregate sees them all as one group) must give `result` as its
 * one column.
 */
export interface FunctionExample {
  /** An expression, e.g. `abs(-3)` or `avg(temp)`. */
  readonly sql: string
  /** The rows of `demo` the expression reads, as JSON objects (JSON numbers are floats, as 1.0 decodes them). */
  readonly rows?: readonly Readonly<Record<string, unknown>>[]
  /** The stream's schema when the rows need one (`ts DATETIME`); absent: schemaless. */
  readonly schema?: string
  /** The result as JSON text, as a sink would send it. */
  readonly result: string
  /** For results that differ on each call (rand, newuuid): the pattern the result's JSON text matches. */
  readonly varies?: RegExp
}

/** The documentation of a function: served by GET /metadata/functions and generating docs/sql.md. */
export interface FunctionDoc {
  readonly signature: FunctionSignature
  readonly description: DocText
  readonly example: FunctionExample
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

/** A function with its documentation: every built-in is one, so a built-in without docs does not compile. */
export type Documented<F extends FunctionDef = FunctionDef> = F & { readonly doc: FunctionDoc }

/** Defines a scalar function; with a `doc` (as every built-in has) the result is Documented. */
export function defineScalar(
  def: Omit<ScalarFunction, 'kind' | 'doc'> & { readonly doc: FunctionDoc },
): Documented<ScalarFunction>
export function defineScalar(def: Omit<ScalarFunction, 'kind'>): ScalarFunction
export function defineScalar(def: Omit<ScalarFunction, 'kind'>): ScalarFunction {
  return { kind: 'scalar', ...def }
}

/** Defines an aggregate function; with a `doc` (as every built-in has) the result is Documented. */
export function defineAggregate(
  def: Omit<AggregateFunction, 'kind' | 'doc'> & { readonly doc: FunctionDoc },
): Documented<AggregateFunction>
export function defineAggregate(def: Omit<AggregateFunction, 'kind'>): AggregateFunction
export function defineAggregate(def: Omit<AggregateFunction, 'kind'>): AggregateFunction {
  return { kind: 'aggregate', ...def }
}

/** Looks a function up by the name written in SQL; undefined when unknown. */
export interface FunctionCatalog {
  lookup(name: string): FunctionDef | undefined
}
