import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { defaultCorpusDir } from '../../../scripts/conformance/paths.js'
import type { Expr } from '../../../src/sql/ast/expr.js'
import type { Statement } from '../../../src/sql/ast/statement.js'
import { floatToSql, toSql } from '../../../src/sql/ast/to-sql.js'
import { parseSelect, parseStatement, parseStatements } from '../../../src/sql/parser/index.js'

function roundTrip(stmt: Statement): void {
  const sql = toSql(stmt)
  assert.deepEqual(parseStatement(sql), stmt, sql)
}

const expr = (sql: string): Expr => parseSelect(`SELECT ${sql} FROM t`).fields[0]!.expr

/** The `ok` parser and DDL cases of the corpus; reading a missing folder throws, so the test cannot pass empty. */
function corpusOkCases(): { name: string; sql: string; test: string }[] {
  const out: { name: string; sql: string; test: string }[] = []
  for (const f of readdirSync(defaultCorpusDir).filter((n) => /^(parser|ddl)\..*\.json$/.test(n))) {
    const cases = JSON.parse(readFileSync(join(defaultCorpusDir, f), 'utf8')) as Record<string, unknown>[]
    for (const c of cases) {
      if (c['expect'] !== 'ok') continue
      const source = c['source'] as { test?: string } | undefined
      out.push({ name: String(c['name']), sql: String(c['sql']), test: source?.test ?? '' })
    }
  }
  return out
}

describe('toSql', () => {
  it('round-trips every ok statement of the conformance corpus', () => {
    const cases = corpusOkCases()
    assert.ok(cases.length > 100, `only ${cases.length} ok parser/ddl cases in ${defaultCorpusDir}`)
    for (const c of cases) {
      const stmts = c.test === 'TestParser_ParseStatements' ? parseStatements(c.sql) : [parseStatement(c.sql)]
      for (const s of stmts) roundTrip(s)
    }
  })

  it('round-trips expressions where parentheses, signs and precedence matter', () => {
    const sqls = [
      '(a + b) * c',
      'a - (b - c)',
      'a - -1',
      '-(a + b)',
      '-a->b',
      '(-a)->b',
      '-(-5)',
      'a * b[0]',
      'a * (b[0])',
      '(a + b)->c',
      'a->(b + c)',
      'NOT a = 1 AND b',
      'NOT (a AND b)',
      'a = (NOT b)',
      '(NOT a) = b',
      'a OR b AND c',
      '(a OR b) AND c',
      'x[1:2]->y[:3]',
      'CASE WHEN a > 1 THEN -1 WHEN NOT b THEN 2 ELSE "x\\n\\"y\\"" END + 1',
      'meta(s.*)',
      'meta(device->reading)',
      'count(*)',
      'f(a, *)',
      'deduplicate(a, false)',
      '`select` + `a b` + `case` + `not`',
      '`odd name`(1)',
      '1.0 + 0.5 + 1000000000000000000000.0 * 0.00000015',
      '-0.0',
      '"\\u0001\\x7f\\a"',
    ]
    for (const sql of sqls) {
      const e = expr(sql)
      assert.deepEqual(expr(toSql(e)), e, `${sql} -> ${toSql(e)}`)
    }
  })

  it('round-trips select clauses, windows and stream names', () => {
    const sqls = [
      'SELECT * FROM `my stream` AS `from`',
      'SELECT a FROM /topic/+/# WHERE a > 1 GROUP BY b, SESSIONWINDOW(hh, 5, 1) FILTER (WHERE c = 1) HAVING count(a) > 1 ORDER BY s.a DESC, b',
      'SELECT a FROM t GROUP BY COUNTWINDOW(3), TUMBLINGWINDOW(ms, -5)',
      'SELECT a FROM t1 CROSS JOIN t2 LEFT JOIN `a/stream` AS x ON t1.a = x.a',
    ]
    for (const sql of sqls) roundTrip(parseStatement(sql))
  })

  it('round-trips stream DDL and management statements', () => {
    const sqls = [
      'CREATE STREAM `select` (`key` ARRAY(STRUCT(a BIGINT, `b c` BYTEA)), s STRUCT(x FLOAT)) WITH (DATASOURCE="a\\"b", TYPE="mqtt")',
      'CREATE STREAM demo () WITH ()',
      'SHOW STREAMS',
      'DESCRIBE STREAM `stream`',
      'EXPLAIN STREAM demo',
      'DROP STREAM demo',
    ]
    for (const sql of sqls) roundTrip(parseStatement(sql))
  })

  it('writes string literals as Go strconv.Quote: invisible characters escaped, printable Unicode kept', () => {
    assert.equal(toSql(expr('"\\u00a0\\u2028é\\U000e0001"')), '"\\u00a0\\u2028é\\U000e0001"')
  })

  it('writes floats with a decimal point and without an exponent', () => {
    assert.equal(floatToSql(5), '5.0')
    assert.equal(floatToSql(1e21), '1000000000000000000000.0')
    assert.equal(floatToSql(1.5e-7), '0.00000015')
    assert.equal(floatToSql(-0.3), '-0.3')
  })

  it('back-quotes column names that the lexer reserves or reads by position', () => {
    for (const w of ['from', 'Select', 'case', 'bytea', 'ts']) {
      const quoted = w === 'ts' ? w : '`' + w + '`'
      assert.equal(toSql({ kind: 'FieldRef', name: w }), quoted)
    }
  })
})
