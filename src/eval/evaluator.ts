// The contract of compiled expressions: an AST is compiled once per rule into closures, then run per row.

import type { Row } from '../core/row.js'
import type { Value } from '../core/value.js'
import type { FunctionCatalog, FunctionContext } from '../functions/define-function.js'

export interface EvalContext {
  /**
   * The rows of the current group when a window or GROUP BY is active: aggregate calls evaluate their
   * arguments over these rows, everything else reads the `row` argument (the group's first row).
   * Absent outside aggregation, where an aggregate sees the single row as its group (as 1.0 does).
   */
  readonly group?: readonly Row[]
  readonly fn: FunctionContext
}

/** A compiled expression. Throws EvalError on a runtime error (type mismatch, divide by zero...). */
export type Evaluator = (row: Row, ctx: EvalContext) => Value

export interface CompileOptions {
  readonly functions: FunctionCatalog
}
