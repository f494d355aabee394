// Prints an AST back to Kuiper SQL that parses to the same AST (minimal parentheses, names back-quoted when needed).

import { KEYWORDS, SOFT_KEYWORDS } from '../lexer/tokens.js'
import { assertNever } from '../../core/errors.js'
import { goQuote } from '../../core/go-strconv.js'
import { binaryPrecedence } from './expr.js'
import type { Call, Expr, Window } from './expr.js'
import type { FieldType, SelectStatement, Statement, StreamField } from './statement.js'
import { windowSpecs } from './window-types.js'
import type { WindowSpec } from './window-types.js'

/** Words that must be back-quoted to be read as names: the lexer's keywords and the words it reads by position. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set<string>([...KEYWORDS, ...SOFT_KEYWORDS])

/** Prints a statement or an expression as SQL. */
export function toSql(node: Statement | Expr): string {
  switch (node.kind) {
    case 'SelectStatement':
      return selectToSql(node)
    case 'CreateStreamStatement': {
      const fields = node.fields === null ? '' : node.fields.map(streamFieldToSql).join(', ')
      const options = Object.entries(node.options)
        .map(([k, v]) => `${k}=${goQuote(v)}`)
        .join(', ')
      return `CREATE STREAM ${ident(node.name)} (${fields}) WITH (${options})`
    }
    case 'ShowStreamsStatement':
      return 'SHOW STREAMS'
    case 'DescribeStreamStatement':
      return `DESCRIBE STREAM ${ident(node.name)}`
    case 'ExplainStreamStatement':
      return `EXPLAIN STREAM ${ident(node.name)}`
    case 'DropStreamStatement':
      return `DROP STREAM ${ident(node.name)}`
    default:
      return exprToSql(node)
  }
}

const plainIdent = /^[A-Za-z_][A-Za-z0-9_]*$/

/** A name as SQL: bare when it lexes as an identifier, else back-quoted. */
export function ident(name: string): string {
  if (plainIdent.test(name) && !RESERVED_WORDS.has(name.toUpperCase())) return name
  return '`' + name + '`'
}

const topicSegment = /[A-Za-z_][A-Za-z0-9_]*|[/#+]/gy

/** A FROM / JOIN stream name: MQTT-like names (`a/b/#`) are written as is. */
function sourceName(name: string): string {
  topicSegment.lastIndex = 0
  let pos = 0
  for (let m = topicSegment.exec(name); m !== null; m = topicSegment.exec(name)) {
    if (RESERVED_WORDS.has(m[0].toUpperCase())) return '`' + name + '`'
    pos = topicSegment.lastIndex
  }
  return pos === name.length && name.length > 0 ? name : '`' + name + '`'
}

function selectToSql(s: SelectStatement): string {
  const fields = s.fields
    .map((f) => (f.alias === '' ? exprToSql(f.expr) : `${exprToSql(f.expr)} AS ${ident(f.alias)}`))
    .join(', ')
  let sql = `SELECT ${fields} FROM ${s.sources
    .map((t) => sourceName(t.name) + (t.alias === undefined ? '' : ` AS ${ident(t.alias)}`))
    .join(', ')}`
  for (const j of s.joins) {
    sql += ` ${j.joinType} JOIN ${sourceName(j.name)}`
    if (j.alias !== undefined) sql += ` AS ${ident(j.alias)}`
    if (j.on !== undefined) sql += ` ON ${exprToSql(j.on)}`
  }
  if (s.condition !== undefined) sql += ` WHERE ${exprToSql(s.condition)}`
  if (s.dimensions.length > 0) sql += ` GROUP BY ${s.dimensions.map((d) => exprToSql(d.expr)).join(', ')}`
  if (s.having !== undefined) sql += ` HAVING ${exprToSql(s.having)}`
  if (s.sortFields.length > 0) {
    const sorts = s.sortFields.map(
      (f) => (f.stream === undefined ? '' : ident(f.stream) + '.') + ident(f.name) + (f.ascending ? '' : ' DESC'),
    )
    sql += ` ORDER BY ${sorts.join(', ')}`
  }
  return sql
}

function fieldTypeToSql(t: FieldType): string {
  switch (t.kind) {
    case 'basic':
      return t.type.toUpperCase()
    case 'array':
      return `ARRAY(${fieldTypeToSql(t.elem)})`
    case 'struct':
      return `STRUCT(${t.fields.map(streamFieldToSql).join(', ')})`
    default:
      return assertNever(t)
  }
}

function streamFieldToSql(f: StreamField): string {
  return `${ident(f.name)} ${fieldTypeToSql(f.type)}`
}

/** Binding strength of an expression when printed: operators by precedence, NOT between AND and comparisons. */
function precedenceOf(e: Expr): number {
  if (e.kind === 'BinaryExpr') return binaryPrecedence[e.op]
  if (e.kind === 'UnaryExpr') return e.op === 'NOT' ? 2.5 : 6
  return 7
}

function wrap(sql: string, paren: boolean): string {
  return paren ? `(${sql})` : sql
}

/** Renders a float so that it lexes back as a float literal (always with a `.`, never an exponent). */
export function floatToSql(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  let s = String(Math.abs(v))
  const e = s.indexOf('e')
  if (e >= 0) {
    const exp = Number(s.slice(e + 1))
    const mant = s.slice(0, e)
    const dot = mant.indexOf('.')
    const digits = mant.replace('.', '')
    const point = (dot < 0 ? mant.length : dot) + exp
    if (point <= 0) s = '0.' + '0'.repeat(-point) + digits
    else if (point >= digits.length) s = digits + '0'.repeat(point - digits.length)
    else s = digits.slice(0, point) + '.' + digits.slice(point)
  }
  if (!s.includes('.')) s += '.0'
  return v < 0 || Object.is(v, -0) ? '-' + s : s
}

function callToSql(c: Call): string {
  let args = c.args
  const first = args[0]
  // The parser adds the rows argument of deduplicate itself (see validate.ts takesRowsArgument).
  if (c.name.toLowerCase() === 'deduplicate' && first?.kind === 'Wildcard' && first.stream === undefined) {
    args = args.slice(1)
  }
  return `${ident(c.name)}(${args.map(exprToSql).join(', ')})`
}

function windowToSql(w: Window): string {
  const spec: WindowSpec = windowSpecs[w.windowType]
  const name = spec.sqlName.toUpperCase()
  const args: string[] = []
  if (w.unit !== undefined) args.push(w.unit.toLowerCase())
  args.push(String(w.length))
  const withInterval = spec.timed ? spec.arity[0] === 3 : w.interval !== 0
  if (withInterval) args.push(String(w.interval))
  const call = `${name}(${args.join(', ')})`
  return w.filter === undefined ? call : `${call} FILTER (WHERE ${exprToSql(w.filter)})`
}

function exprToSql(e: Expr): string {
  switch (e.kind) {
    case 'FieldRef':
      return e.stream === undefined ? ident(e.name) : `${ident(e.stream)}.${ident(e.name)}`
    case 'MetaRef': {
      const name = e.name === '*' ? '*' : ident(e.name)
      return e.stream === undefined ? name : `${ident(e.stream)}.${name}`
    }
    case 'Wildcard':
      return e.stream === undefined ? '*' : `${ident(e.stream)}.*`
    case 'IntegerLiteral':
      return e.value.toString()
    case 'NumberLiteral':
      return floatToSql(e.value)
    case 'StringLiteral':
      return goQuote(e.value)
    case 'BooleanLiteral':
      return e.value ? 'true' : 'false'
    case 'TimeLiteral':
      return e.unit.toLowerCase()
    case 'BinaryExpr': {
      const prec = binaryPrecedence[e.op]
      const left = e.left
      const leftParen = precedenceOf(left) < prec || ((e.op === '->' || e.op === '[]') && left.kind === 'UnaryExpr')
      const l = wrap(exprToSql(left), leftParen)
      if (e.op === '[]') return `${l}${exprToSql(e.right)}`
      const r = wrap(exprToSql(e.right), precedenceOf(e.right) <= prec)
      return e.op === '->' ? `${l}->${r}` : `${l} ${e.op} ${r}`
    }
    case 'UnaryExpr': {
      const o = e.operand
      if (e.op === 'NOT') return `NOT ${wrap(exprToSql(o), precedenceOf(o) < 3)}`
      const simple =
        o.kind === 'FieldRef' ||
        o.kind === 'Call' ||
        o.kind === 'CaseExpr' ||
        o.kind === 'StringLiteral' ||
        o.kind === 'BooleanLiteral'
      return `-${wrap(exprToSql(o), !simple)}`
    }
    case 'IndexExpr':
      return `[${exprToSql(e.index)}]`
    case 'ColonExpr':
      return `[${e.start === undefined ? '' : exprToSql(e.start)}:${e.end === undefined ? '' : exprToSql(e.end)}]`
    case 'Call':
      return callToSql(e)
    case 'CaseExpr': {
      let sql = 'CASE'
      if (e.value !== undefined) sql += ` ${exprToSql(e.value)}`
      for (const w of e.whens) sql += ` WHEN ${exprToSql(w.when)} THEN ${exprToSql(w.then)}`
      if (e.else !== undefined) sql += ` ELSE ${exprToSql(e.else)}`
      return sql + ' END'
    }
    case 'Window':
      return windowToSql(e)
    default:
      return assertNever(e)
  }
}
