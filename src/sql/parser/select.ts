// The rule SELECT: fields with aliases, FROM a stream (MQTT-like names with `/ # +`), joins, WHERE, GROUP BY with
// dimensions and windows, HAVING and ORDER BY, in 1.0's clause order and with its error texts.

import type { Expr } from '../ast/expr.js'
import type { Dimension, Field, Join, JoinType, SelectStatement, SortField } from '../ast/statement.js'
import { goQuote } from '../../core/go-strconv.js'
import type { Token, TokenType } from '../lexer/tokens.js'
import { validateSelectClauses } from './semantic.js'
import type { Cursor } from './cursor.js'
import { parseExpr } from './expression.js'

/** At the SELECT keyword; stops before the terminating `;` / EOF (checked by the caller). */
export function parseSelectStatement(p: Cursor): SelectStatement {
  const first = p.next()
  if (first.type !== 'SELECT') p.fail(`Found ${goQuote(first.text)}, Expected SELECT.`, first)
  const fields = parseFields(p)
  if (!p.accept('FROM')) p.failFound('expected FROM.')
  const source = parseSourceName(p)
  const joins = parseJoins(p)
  const condition = p.accept('WHERE') ? parseExpr(p) : undefined
  const dimensions = parseDimensions(p)
  const having = p.accept('HAVING') ? parseExpr(p) : undefined
  const sortFields = parseSorts(p)

  const stmt: SelectStatement = {
    kind: 'SelectStatement',
    fields,
    sources: [source.alias === undefined ? { kind: 'Table', name: source.name } : { kind: 'Table', ...source }],
    joins,
    ...(condition === undefined ? {} : { condition }),
    dimensions,
    ...(having === undefined ? {} : { having }),
    sortFields,
  }
  return stmt
}

/** The clause rules (aggregates in WHERE / HAVING), once the statement is complete. */
export function checkSelectClauses(p: Cursor, stmt: SelectStatement): void {
  const functions = p.functions
  if (functions !== undefined) validateSelectClauses(stmt, functions, (c) => p.positionOf(c))
}

/** 1.0's output name of an unaliased field: the column for a reference, the function name for a call. */
export function fieldName(expr: Expr): string {
  switch (expr.kind) {
    case 'FieldRef':
      return expr.name
    case 'Call':
      return expr.name
    case 'Wildcard':
      return expr.stream === undefined ? '' : '*'
    default:
      return ''
  }
}

function parseFields(p: Cursor): Field[] {
  if (p.accept('*')) return [{ kind: 'Field', expr: { kind: 'Wildcard' }, name: '', alias: '' }]
  const fields: Field[] = []
  for (;;) {
    const expr = parseExpr(p)
    let alias = ''
    if (p.accept('AS')) {
      const a = p.next()
      if (a.type !== 'ident') p.failFound('expected as alias.', a)
      alias = a.text
    }
    fields.push({ kind: 'Field', expr, name: fieldName(expr), alias })
    if (!p.accept(',')) return fields
  }
}

function isTopicPunct(t: TokenType): boolean {
  return t === '/' || t === '#' || t === '+'
}

/** A stream name made of identifiers and the MQTT topic characters `/ # +`, then `[AS alias]`. */
function parseSourceName(p: Cursor): { name: string; alias?: string } {
  const first = p.peek()
  if (first.type !== 'ident' && !isTopicPunct(first.type)) p.failFound('expected stream name.')
  let name = ''
  let prev: Token | undefined
  for (;;) {
    const t = p.peek()
    const fits = isTopicPunct(t.type) || (t.type === 'ident' && prev?.type !== 'ident')
    if (!fits) break
    name += t.text
    prev = p.next()
  }
  if (!p.accept('AS')) return { name }
  const a = p.next()
  if (a.type !== 'ident') p.failFound('expected as alias.', a)
  return { name, alias: a.text }
}

const joinTypes: Partial<Record<TokenType, JoinType>> = {
  INNER: 'INNER',
  LEFT: 'LEFT',
  RIGHT: 'RIGHT',
  FULL: 'FULL',
  CROSS: 'CROSS',
}

function parseJoins(p: Cursor): Join[] {
  const joins: Join[] = []
  for (;;) {
    const joinType = joinTypes[p.peek().type]
    if (joinType === undefined) return joins
    p.next()
    if (!p.accept('JOIN')) p.failFound('expected JOIN key word.')
    const { name, alias } = parseSourceName(p)
    const base: Join = alias === undefined ? { kind: 'Join', name, joinType } : { kind: 'Join', name, alias, joinType }
    const on = p.peek()
    if (p.accept('ON')) {
      if (joinType === 'CROSS') p.fail('On expression is not required for cross join type.', on)
      joins.push({ ...base, on: parseExpr(p) })
    } else {
      joins.push(base)
    }
  }
}

function parseDimensions(p: Cursor): Dimension[] {
  if (!p.accept('GROUP')) return []
  if (!p.accept('BY')) p.failFound('expected BY statement.')
  const dims: Dimension[] = []
  do dims.push({ kind: 'Dimension', expr: parseExpr(p) })
  while (p.accept(','))
  return dims
}

/** ORDER BY takes field names only (`f` or `stream.f`); as in 1.0 the commas between them are optional. */
function parseSorts(p: Cursor): SortField[] {
  if (!p.accept('ORDER')) return []
  if (!p.accept('BY')) p.failFound('expected BY keyword.')
  const sorts: SortField[] = []
  for (;;) {
    const t = p.peek()
    if (t.type === ',' && sorts.length > 0) {
      p.next()
      continue
    }
    if (t.type !== 'ident') break
    p.next()
    let stream: string | undefined
    let name = t.text
    if (p.accept('.')) {
      const second = p.next()
      if (second.type !== 'ident') p.failFound('expected field name.', second)
      stream = name
      name = second.text
      if (p.peek().type === '.') p.fail('Too many field names. Please use -> to reference keys in struct.', t)
    }
    let ascending = true
    if (p.accept('DESC')) ascending = false
    else p.accept('ASC')
    sorts.push(
      stream === undefined ? { kind: 'SortField', name, ascending } : { kind: 'SortField', name, stream, ascending },
    )
  }
  if (sorts.length === 0) p.failFound('expected field name.')
  return sorts
}
