// CASE expressions (eKuiper 1.2): `CASE [value] WHEN .. THEN .. [WHEN ..]* [ELSE ..] END`, with 1.2's error texts.
// CASE/WHEN/THEN/ELSE/END are recognised by position, so columns with those names keep working.

import type { CaseExpr, Expr } from '../ast/expr.js'
import type { Token } from '../lexer/tokens.js'
import type { Cursor } from './cursor.js'
import { parseExpr } from './expression.js'

/** A searched CASE needs conditions: reject what can only be a number or a string. */
function mayBeCondition(e: Expr): boolean {
  switch (e.kind) {
    case 'IntegerLiteral':
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'TimeLiteral':
    case 'Wildcard':
    case 'IndexExpr':
    case 'ColonExpr':
    case 'Window':
      return false
    case 'UnaryExpr':
      return e.op === 'NOT'
    case 'BinaryExpr':
      return !(e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/' || e.op === '%')
    default:
      return true
  }
}

/** After the CASE word `caseTok`. */
export function parseCase(p: Cursor, caseTok: Token): CaseExpr {
  const value = p.isWord('WHEN') ? undefined : parseExpr(p)
  const whens: { when: Expr; then: Expr }[] = []
  let elseExpr: Expr | undefined
  for (;;) {
    const tok = p.peek()
    if (p.isWord('WHEN')) {
      p.next()
      const condTok = p.peek()
      const when = parseExpr(p)
      if (value === undefined && !mayBeCondition(when)) {
        p.fail('invalid CASE expression, WHEN expression must be a bool condition', condTok)
      }
      if (!p.isWord('THEN')) p.fail('invalid CASE expression, THEN expected after WHEN')
      p.next()
      whens.push({ when, then: parseExpr(p) })
    } else if (p.isWord('ELSE')) {
      if (whens.length === 0) p.fail('invalid CASE expression, WHEN expected before ELSE', tok)
      p.next()
      elseExpr = parseExpr(p)
      if (!p.isWord('END')) p.fail('invalid CASE expression, END expected')
      p.next()
      break
    } else if (p.isWord('END')) {
      if (whens.length === 0) p.fail('invalid CASE expression, WHEN expected before END', tok)
      p.next()
      break
    } else {
      p.fail('invalid CASE expression, END expected', tok)
    }
  }
  const base = value === undefined ? { kind: 'CaseExpr' as const, whens } : { kind: 'CaseExpr' as const, value, whens }
  const node = elseExpr === undefined ? base : { ...base, else: elseExpr }
  const children: (Expr | undefined)[] = [value, elseExpr]
  for (const w of whens) children.push(w.when, w.then)
  return p.node(node, children, caseTok)
}
