// Statement dispatch (1.0's Language parse tree): SELECT, CREATE STREAM, SHOW STREAMS, DESCRIBE / EXPLAIN / DROP
// STREAM, each followed by `;` or the end of the input.

import type { SelectStatement, Statement } from '../ast/statement.js'
import type { Cursor } from './cursor.js'
import { checkSelectClauses, parseSelectStatement } from './select.js'
import { parseCreateStream } from './stream-ddl.js'

/** `;` or EOF must follow a statement; `expected` is the statement's 1.0 wording of that. */
function expectEnd(p: Cursor, expected: string): void {
  const t = p.peek().type
  if (t !== ';' && t !== 'eof') p.failFound(expected)
}

/** A SELECT statement at the cursor, with its end and clause checks. */
export function parseSelectAt(p: Cursor): SelectStatement {
  const stmt = parseSelectStatement(p)
  expectEnd(p, 'expected EOF.')
  checkSelectClauses(p, stmt)
  return stmt
}

function parseStreamName(p: Cursor): string {
  if (!p.accept('STREAM')) p.failFound('expected keyword stream.')
  const name = p.next()
  if (name.type !== 'ident') p.failFound('expected stream name.', name)
  expectEnd(p, 'expected semicolon or EOF.')
  return name.text
}

/** One statement of any kind at the cursor, leaving the terminating `;` unread. */
export function parseStatementAt(p: Cursor): Statement {
  const first = p.peek()
  switch (first.type) {
    case 'SELECT':
      return parseSelectAt(p)
    case 'CREATE': {
      p.next()
      const stmt = parseCreateStream(p)
      expectEnd(p, 'expected semicolon or EOF.')
      return stmt
    }
    case 'SHOW': {
      p.next()
      if (!p.accept('STREAMS')) p.failFound('expected keyword streams.')
      expectEnd(p, 'expected semecolon or EOF.')
      return { kind: 'ShowStreamsStatement' }
    }
    case 'DESCRIBE':
      p.next()
      return { kind: 'DescribeStreamStatement', name: parseStreamName(p) }
    case 'EXPLAIN':
      p.next()
      return { kind: 'ExplainStreamStatement', name: parseStreamName(p) }
    case 'DROP':
      p.next()
      return { kind: 'DropStreamStatement', name: parseStreamName(p) }
    default:
      return p.failFound('expected SELECT, CREATE, SHOW, DESCRIBE, EXPLAIN or DROP.')
  }
}
