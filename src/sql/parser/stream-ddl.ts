// CREATE STREAM: the column list (BIGINT FLOAT STRING DATETIME BOOLEAN, BYTEA from 1.1, ARRAY(type), nested STRUCT,
// schemaless `()`, trailing comma) and the WITH options, with 1.0's error texts.

import type { BasicTypeName, CreateStreamStatement, FieldType, StreamField } from '../ast/statement.js'
import type { TokenType } from '../lexer/tokens.js'
import type { Cursor } from './cursor.js'

const basicTypes: Partial<Record<TokenType, BasicTypeName>> = {
  BIGINT: 'bigint',
  FLOAT: 'float',
  STRING: 'string',
  DATETIME: 'datetime',
  BOOLEAN: 'boolean',
}

const optionKeys: ReadonlySet<TokenType> = new Set<TokenType>([
  'DATASOURCE',
  'FORMAT',
  'KEY',
  'CONF_KEY',
  'STRICT_VALIDATION',
  'TYPE',
  'TIMESTAMP',
  'TIMESTAMP_FORMAT',
])

/** After CREATE; stops before the terminating `;` / EOF. */
export function parseCreateStream(p: Cursor): CreateStreamStatement {
  if (!p.accept('STREAM')) p.failFound('expected keyword stream.')
  const nameTok = p.next()
  if (nameTok.type !== 'ident') p.failFound('expected stream name.', nameTok)
  if (!p.accept('(')) p.failFound('expected lparen after stream name.')
  let fields: StreamField[] | null = null
  if (!p.accept(')')) {
    fields = parseFieldList(p)
    const t = p.peek().type
    if (t === ')' || t === ',') p.failFound('expect stream options.')
  }
  if (!p.accept('WITH')) p.failFound('expected is with.')
  return { kind: 'CreateStreamStatement', name: nameTok.text, fields, options: parseOptions(p) }
}

/** After `(`: `name TYPE [, name TYPE]* [,] )`, consuming the `)`. */
function parseFieldList(p: Cursor): StreamField[] {
  const fields: StreamField[] = []
  for (;;) {
    const nameTok = p.next()
    if (nameTok.type !== 'ident') p.failFound('expect stream field name.', nameTok)
    fields.push({ name: nameTok.text, type: parseFieldType(p) })
    const sep = p.next()
    if (sep.type === ')') return fields
    if (sep.type !== ',') p.failFound('expect comma or rparen.', sep)
    if (p.accept(')')) return fields
  }
}

function basicTypeOf(p: Cursor): BasicTypeName | undefined {
  const t = p.peek()
  const basic = basicTypes[t.type]
  if (basic !== undefined) return basic
  return p.isWord('BYTEA') ? 'bytea' : undefined
}

function parseFieldType(p: Cursor): FieldType {
  const basic = basicTypeOf(p)
  if (basic !== undefined) {
    p.next()
    return { kind: 'basic', type: basic }
  }
  const t = p.next()
  if (t.type === 'ARRAY') return p.nested(t, () => parseArrayBody(p), 'type')
  if (t.type === 'STRUCT') return p.nested(t, () => parseStructBody(p), 'type')
  return p.failFound(
    'expect valid stream field types(BIGINT | FLOAT | STRINGS | DATETIME | BOOLEAN | ARRAY | STRUCT).',
    t,
  )
}

/** After ARRAY: `( basic type )` or `( STRUCT ( fields ) )`. */
function parseArrayBody(p: Cursor): FieldType {
  if (!p.accept('(')) p.failFound('expect lparen in array type definition.')
  const elemBasic = basicTypeOf(p)
  if (elemBasic !== undefined) {
    p.next()
    if (!p.accept(')')) p.failFound('expect rparen in array type definition.')
    return { kind: 'array', elem: { kind: 'basic', type: elemBasic } }
  }
  const inner = p.next()
  if (inner.type !== 'STRUCT') p.failFound('expect stream data types.', inner)
  const elem = p.nested(inner, () => parseStructBody(p), 'type')
  if (!p.accept(')')) p.failFound('expect rparen in struct of array type definition.')
  return { kind: 'array', elem }
}

/** After STRUCT: `( fields )`. */
function parseStructBody(p: Cursor): FieldType {
  if (!p.accept('(')) p.failFound('expect lparen in struct type definition.')
  return { kind: 'struct', fields: parseFieldList(p) }
}

/** `( KEY = "value" [, KEY = "value"]* )`; keys are stored upper-case. */
function parseOptions(p: Cursor): Record<string, string> {
  if (!p.accept('(')) p.failFound('expect stream options.')
  const options: Record<string, string> = {}
  for (;;) {
    const key = p.next()
    if (key.type === ',') continue
    if (key.type === ')') return options
    if (!optionKeys.has(key.type)) {
      p.failFound('unknown option keys(DATASOURCE|FORMAT|KEY|CONF_KEY|STRICT_VALIDATION|TYPE).', key)
    }
    const eq = p.next()
    if (eq.type !== '=') p.failFound('expect equals(=) in options.', eq)
    const value = p.next()
    if (value.type !== 'string') p.failFound('expect string value in option.', value)
    if (key.type === 'STRICT_VALIDATION') {
      const v = value.text.toUpperCase()
      if (v !== 'TRUE' && v !== 'FALSE') p.failFound('expect TRUE/FALSE value in STRICT_VALIDATION option.', value)
    }
    options[key.type] = value.text
  }
}
