// The public surface of sql/: parse SQL into the readonly AST, print it back, walk and validate it.

export type * from './ast/expr.js'
export type * from './ast/statement.js'
export { windowInterval, windowLength, windowSpecByName, windowSpecs, timeUnitMs } from './ast/window-types.js'
export type { WindowSpec } from './ast/window-types.js'

export { parseSelect, parseStatement, parseStatements } from './parser/index.js'
export type { ParseOptions } from './parser/index.js'

export { floatToSql, ident, toSql } from './ast/to-sql.js'
export {
  findCall,
  hasAggregateCall,
  isAggregateCall,
  isAggregateStatement,
  selectExprs,
  walkExpr,
  windowOf,
} from './ast/walk.js'
export { takesRowsArgument, validateCall, validateSelectClauses, validateStatement, writtenArgs } from './validate.js'

export { tokenize } from './lexer/lexer.js'
export type { Token, TokenType } from './lexer/tokens.js'
