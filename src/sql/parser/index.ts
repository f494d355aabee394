// The parser's entry points: one statement, a `;`-separated list, or a rule's SELECT.
// Syntax errors are ParseErrors; with a function catalog, semantic errors are ValidationErrors (both located).

import type { SelectStatement, Statement } from '../ast/statement.js'
import { Cursor, type ParseOptions } from './cursor.js'
import { parseSelectAt, parseStatementAt } from './statements.js'

export type { ParseOptions } from './cursor.js'

function expectEof(p: Cursor): void {
  p.accept(';')
  if (p.peek().type !== 'eof') p.failFound('expected EOF.')
}

/**
 * Parses one statement (SELECT, CREATE STREAM, SHOW STREAMS, DESCRIBE / EXPLAIN / DROP STREAM) with an optional
 * trailing `;`.
 * @example
 * parseStatement('SELECT avg(temp) FROM demo GROUP BY TUMBLINGWINDOW(ss, 10)', { functions: builtinFunctions })
 */
export function parseStatement(sql: string, opts?: ParseOptions): Statement {
  const p = new Cursor(sql, opts)
  const stmt = parseStatementAt(p)
  expectEof(p)
  return stmt
}

/** Parses `;`-separated statements (1.0's ParseQueries); empty statements are skipped. */
export function parseStatements(sql: string, opts?: ParseOptions): Statement[] {
  const p = new Cursor(sql, opts)
  const out: Statement[] = []
  for (;;) {
    while (p.accept(';')) {
      // skip empty statements
    }
    if (p.peek().type === 'eof') return out
    out.push(parseStatementAt(p))
  }
}

/** Parses a rule's SQL, which must be one SELECT (1.0's Parser.Parse). */
export function parseSelect(sql: string, opts?: ParseOptions): SelectStatement {
  const p = new Cursor(sql, opts)
  const stmt = parseSelectAt(p)
  expectEof(p)
  return stmt
}
