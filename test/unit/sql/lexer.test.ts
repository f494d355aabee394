import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ParseError } from '../../../src/core/errors.js'
import { tokenize } from '../../../src/sql/lexer/lexer.js'

const kinds = (sql: string) => tokenize(sql).map((t) => t.type)
const texts = (sql: string) => tokenize(sql).map((t) => t.text)

describe('lexer', () => {
  it('reads keywords case-insensitively and reports them upper-case', () => {
    assert.deepEqual(kinds('select From wHeRe'), ['SELECT', 'FROM', 'WHERE', 'eof'])
    assert.deepEqual(texts('select From'), ['SELECT', 'FROM', 'EOF'])
  })

  it('keeps identifiers as written, letters digits and underscores', () => {
    const [t] = tokenize('deviceId_2')
    assert.equal(t?.type, 'ident')
    assert.equal(t?.text, 'deviceId_2')
    assert.equal(t?.quoted, false)
  })

  it('reads back-quoted names verbatim, keywords and spaces included', () => {
    const [a, b] = tokenize('`select` `中文 Chinese`')
    assert.deepEqual([a?.type, a?.text, a?.quoted], ['ident', 'select', true])
    assert.equal(b?.text, '中文 Chinese')
  })

  it('runs an unterminated back-quoted name to the end, as 1.0 does', () => {
    assert.deepEqual(texts('`half FROM tb'), ['half FROM tb', 'EOF'])
  })

  it('reads integers, floats and floats starting with a dot', () => {
    assert.deepEqual(
      tokenize('12 1.5 .5 3.').map((t) => [t.type, t.text]),
      [
        ['integer', '12'],
        ['number', '1.5'],
        ['number', '.5'],
        ['number', '3.'],
        ['eof', 'EOF'],
      ],
    )
  })

  it('always lexes minus as an operator so the parser can tell subtraction from a negative number', () => {
    assert.deepEqual(kinds('a-1'), ['ident', '-', 'integer', 'eof'])
    assert.deepEqual(kinds('-5'), ['-', 'integer', 'eof'])
  })

  it('reads the two-character operators, with whitespace allowed before = after ! < >', () => {
    assert.deepEqual(kinds('a->b != c <= d >= e'), [
      'ident',
      '->',
      'ident',
      '!=',
      'ident',
      '<=',
      'ident',
      '>=',
      'ident',
      'eof',
    ])
    assert.deepEqual(kinds('a !   = 5'), ['ident', '!=', 'integer', 'eof'])
    assert.deepEqual(kinds('t> = 20'), ['ident', '>=', 'integer', 'eof'])
  })

  it('does not know <> (two operators, as in 1.0)', () => {
    assert.deepEqual(kinds('a <> b'), ['ident', '<', '>', 'ident', 'eof'])
  })

  it('decodes Go escapes in double-quoted strings', () => {
    const [t] = tokenize(String.raw`"a\"b\n\t\\ \x41\u00e9\101"`)
    assert.equal(t?.type, 'string')
    assert.equal(t?.text, 'a"b\n\t\\ Aé' + 'A')
  })

  it('rejects an invalid escape with a located ParseError', () => {
    assert.throws(
      () => tokenize('SELECT "a\\q" FROM t'),
      (err: unknown) => err instanceof ParseError && err.line === 1 && err.column === 8,
    )
  })

  it('reports an unterminated string as a bad string token', () => {
    const [, t] = tokenize('SELECT "abc')
    assert.equal(t?.type, 'badstring')
    assert.equal(t?.text, '"abc')
  })

  it('treats single quotes as illegal characters with an empty literal, as 1.0 does', () => {
    const [t] = tokenize("'a'")
    assert.deepEqual([t?.type, t?.text], ['illegal', ''])
  })

  it('skips block and line comments', () => {
    assert.deepEqual(texts('/*SELECT x*/SELECT name -- trailing\nFROM tbl/*c*/'), [
      'SELECT',
      'name',
      'FROM',
      'tbl',
      'EOF',
    ])
  })

  it('reports an unterminated block comment as an illegal token', () => {
    assert.deepEqual(kinds('a /* never closed'), ['ident', 'illegal', 'eof'])
  })

  it('reads the MQTT topic characters as separate tokens', () => {
    assert.deepEqual(kinds('/topic/+/#'), ['/', 'ident', '/', '+', '/', '#', 'eof'])
  })

  it('gives 1-based line and column positions across lines and comments', () => {
    const toks = tokenize('SELECT a,\n  /* c\n */ b\nFROM t')
    assert.deepEqual(
      toks.map((t) => [t.text, t.line, t.column]),
      [
        ['SELECT', 1, 1],
        ['a', 1, 8],
        [',', 1, 9],
        ['b', 3, 5],
        ['FROM', 4, 1],
        ['t', 4, 6],
        ['EOF', 4, 7],
      ],
    )
  })
})
