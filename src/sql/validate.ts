// Semantic validation of statements, driven by a FunctionCatalog: the checks the parser runs while parsing
// (parser/semantic.ts), plus a whole-statement pass for ASTs built or changed elsewhere.

import type { FunctionCatalog } from '../functions/define-function.js'
import type { Statement } from './ast/statement.js'
import { selectExprs, walkExpr } from './ast/walk.js'
import { validateCall, validateSelectClauses, writtenArgs } from './parser/semantic.js'

export { takesRowsArgument, validateCall, validateSelectClauses, writtenArgs } from './parser/semantic.js'
export type { Position as SourcePosition } from './parser/cursor.js'

/**
 * Validates a whole statement built or changed outside the parser: every call, then the clause rules.
 * (The parser runs the same checks while parsing when given a catalog.)
 */
export function validateStatement(stmt: Statement, functions: FunctionCatalog): void {
  if (stmt.kind !== 'SelectStatement') return
  for (const e of selectExprs(stmt)) {
    walkExpr(e, (node) => {
      if (node.kind === 'Call') validateCall(node.name, writtenArgs(node), functions)
    })
  }
  validateSelectClauses(stmt, functions)
}
