// Expressions: 1.0's precedence table (`* / % & [] ->` > `+ - | ^` > comparisons > AND > OR, all left-associative),
// field references, literals, negative numbers, JSON paths `a->b`, `a[0]`, `a[1:3]`, and CASE / NOT from later versions.

import { binaryPrecedence } from '../ast/expr.js'
import type { BinaryOp, ColonExpr, Expr, IndexExpr } from '../ast/expr.js'
import { goQuote } from '../../core/go-strconv.js'
import { isTimeUnitToken, type Token, type TokenType } from '../lexer/tokens.js'
import { parseCall } from './call.js'
import type { Cursor } from './cursor.js'
import { parseCase } from './case.js'

/** The binary operator a token stands for (`[` opens the `[]` subset operator). */
function binaryOpOf(type: TokenType): BinaryOp | undefined {
  const op = type === '[' ? '[]' : type
  return Object.hasOwn(binaryPrecedence, op) ? (op as BinaryOp) : undefined
}

const INT64_MAX = 9223372036854775807n
const INT64_MIN = -9223372036854775808n

export function parseExpr(p: Cursor): Expr {
  return parseBinary(p, 1)
}

/** Precedence climbing: operators of precedence >= minPrec, left-associative. */
export function parseBinary(p: Cursor, minPrec: number): Expr {
  let left = parseUnary(p)
  for (;;) {
    const tok = p.peek()
    const op = binaryOpOf(tok.type)
    if (op === undefined || binaryPrecedence[op] < minPrec) return left
    p.next()
    // The right operand recurses only into higher precedences (at most 5 frames); a chain of this loop deepens the
    // tree instead, counted by p.node.
    const right = op === '[]' ? parseBracket(p, tok) : parseBinary(p, binaryPrecedence[op] + 1)
    left = p.node({ kind: 'BinaryExpr', op, left, right }, [left, right], tok)
  }
}

/** Tokens that can begin an operand: decides whether `NOT` / `CASE` are keywords or column names. */
function startsOperand(t: Token): boolean {
  switch (t.type) {
    case 'ident':
    case 'integer':
    case 'number':
    case 'string':
    case '(':
    case '-':
    case 'TRUE':
    case 'FALSE':
      return true
    default:
      return isTimeUnitToken(t.type)
  }
}

function integerLiteral(digits: string, negative: boolean): Expr {
  let v = BigInt(digits)
  if (negative) v = -v
  // Go's strconv.Atoi saturates out-of-range values.
  if (v > INT64_MAX) v = INT64_MAX
  if (v < INT64_MIN) v = INT64_MIN
  return { kind: 'IntegerLiteral', value: v }
}

function numberLiteral(p: Cursor, text: string, tok: Token): Expr {
  const v = Number(text)
  if (Number.isNaN(v)) p.failFound('invalid number value.', { ...tok, text })
  return { kind: 'NumberLiteral', value: v }
}

/** A prefix `-`: folded into a negative literal before a number (as 1.0's lexer did), else a UnaryExpr. */
function parseMinus(p: Cursor, minus: Token): Expr {
  const t = p.peek()
  if (t.type === 'integer') {
    p.next()
    return integerLiteral(t.text, true)
  }
  if (t.type === 'number') {
    p.next()
    return numberLiteral(p, '-' + t.text, minus)
  }
  if (t.type === '.' && p.peek(1).type === 'integer') {
    // `-. 5` is -0.5 in 1.0
    p.next()
    const digits = p.next().text
    return numberLiteral(p, '-.' + digits, minus)
  }
  const operand = p.nested(minus, () => parsePostfix(p, parseUnary(p)))
  return p.node({ kind: 'UnaryExpr', op: '-', operand }, [operand], minus)
}

/** `x->y` and `x[...]` chains after an operand (the operand of a unary minus binds them first). */
function parsePostfix(p: Cursor, operand: Expr): Expr {
  let e = operand
  for (;;) {
    const tok = p.peek()
    let right: Expr
    if (p.accept('[')) right = parseBracket(p, tok)
    else if (p.accept('->')) right = parseUnary(p)
    else return e
    e = p.node({ kind: 'BinaryExpr', op: tok.type === '[' ? '[]' : '->', left: e, right }, [e, right], tok)
  }
}

export function parseUnary(p: Cursor): Expr {
  const tok = p.peek()
  switch (tok.type) {
    case '(': {
      p.next()
      const e = p.nested(tok, () => parseExpr(p))
      if (!p.accept(')')) p.failFound('expected right paren.')
      return e
    }
    case '-':
      p.next()
      return parseMinus(p, tok)
    case 'ident': {
      if (!tok.quoted) {
        const word = tok.text.toUpperCase()
        if (word === 'CASE' && startsOperand(p.peek(1))) {
          p.next()
          return p.nested(tok, () => parseCase(p, tok))
        }
        if (word === 'NOT' && startsOperand(p.peek(1))) {
          p.next()
          const operand = p.nested(tok, () => parseBinary(p, 3))
          return p.node({ kind: 'UnaryExpr', op: 'NOT', operand }, [operand], tok)
        }
      }
      if (p.peek(1).type === '(') return parseCall(p)
      return parseFieldRef(p)
    }
    case 'string':
      p.next()
      return { kind: 'StringLiteral', value: tok.text }
    case 'integer':
      p.next()
      return integerLiteral(tok.text, false)
    case 'number':
      p.next()
      return numberLiteral(p, tok.text, tok)
    case 'TRUE':
    case 'FALSE':
      p.next()
      return { kind: 'BooleanLiteral', value: tok.type === 'TRUE' }
    default:
      if (isTimeUnitToken(tok.type)) {
        p.next()
        return { kind: 'TimeLiteral', unit: tok.type }
      }
      return p.failFound('expected expression.')
  }
}

/** `name`, `stream.name` or `stream.*`; inside meta()/mqtt() the same forms are metadata keys. */
function parseFieldRef(p: Cursor): Expr {
  const first = p.next()
  let stream: string | undefined
  let name = first.text
  if (p.accept('.')) {
    const second = p.next()
    if (second.type !== 'ident' && second.type !== '*') p.failFound('expected field name.', second)
    stream = first.text
    name = second.text
    if (p.peek().type === '.') p.fail('Too many field names. Please use -> to reference keys in struct.', first)
  }
  if (p.inMeta) return stream === undefined ? { kind: 'MetaRef', name } : { kind: 'MetaRef', stream, name }
  if (stream === undefined) return { kind: 'FieldRef', name }
  if (name === '*') return { kind: 'Wildcard', stream }
  return { kind: 'FieldRef', stream, name }
}

/** After `[` (the token `open`): `[i]`, `[s:e]`, `[s:]`, `[:e]`, `[:]` or `[]`. */
function parseBracket(p: Cursor, open: Token): IndexExpr | ColonExpr {
  return p.nested(open, () => {
    if (p.accept(']')) return { kind: 'ColonExpr' }
    if (p.accept(':')) return parseColonEnd(p, undefined, open)
    const start = parseExpr(p)
    if (p.accept(']')) return p.node({ kind: 'IndexExpr', index: start }, [start], open)
    if (p.accept(':')) return parseColonEnd(p, start, open)
    return p.fail(`Unexpected token ${quoteText(p.peek())}. when parsing bracket expressions.`)
  })
}

function parseColonEnd(p: Cursor, start: Expr | undefined, open: Token): ColonExpr {
  if (p.accept(']'))
    return start === undefined ? { kind: 'ColonExpr' } : p.node({ kind: 'ColonExpr', start }, [start], open)
  const end = parseExpr(p)
  if (!p.accept(']')) p.fail(`Found ${quoteText(p.peek())}, expected right bracket.`)
  const colon: ColonExpr = start === undefined ? { kind: 'ColonExpr', end } : { kind: 'ColonExpr', start, end }
  return p.node(colon, [start, end], open)
}

function quoteText(t: Token): string {
  return goQuote(t.text)
}
