// Nesting and tree depth are limited in the parser, with a ParseError naming the limit, before anything recursive
// runs: every statement allowed goes through validation, planning, compiling, printing and a row, and one level more
// is a PARSE_ERROR (400 over REST) instead of a stack overflow.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KuiperError, ParseError } from '../../../src/core/errors.js'
import type { ValueMap } from '../../../src/core/value.js'
import { Engine } from '../../../src/engine.js'
import { builtinFunctions } from '../../../src/functions/registry.js'
import { MAX_EXPR_DEPTH, MAX_NESTING } from '../../../src/sql/parser/cursor.js'
import { parseSelect, parseStatement, selectExprs, toSql, validateStatement, walkExpr } from '../../../src/sql/index.js'
import { PushSource } from '../runtime/helpers.js'

const chain = (n: number, term: string, op: string): string => Array.from({ length: n }, () => term).join(` ${op} `)

/** Constructs that nest once per repetition, with the value they compute on the row below. */
const nestings: readonly { name: string; expr: (d: number) => string; value: (d: number) => unknown }[] = [
  { name: 'parentheses', expr: (d) => '('.repeat(d) + 'a' + ')'.repeat(d), value: () => 2n },
  { name: 'unary minus', expr: (d) => '- '.repeat(d) + 'a', value: (d) => (d % 2 === 0 ? 2n : -2n) },
  { name: 'NOT', expr: (d) => 'NOT '.repeat(d) + 'b', value: (d) => d % 2 === 0 },
  { name: 'calls', expr: (d) => 'abs('.repeat(d) + 'a' + ')'.repeat(d), value: () => 2n },
  { name: 'CASE', expr: (d) => 'CASE WHEN b THEN '.repeat(d) + 'a' + ' END'.repeat(d), value: () => 2n },
  { name: 'brackets', expr: (d) => 'e['.repeat(d) + '0' + ']'.repeat(d), value: () => 0n },
  { name: 'right operands', expr: (d) => 'a - ('.repeat(d) + '1' + ')'.repeat(d), value: () => 1n },
]

const ROW = { a: 2, b: true, c: { x: 7 }, e: [0] }

/** Creates, starts and feeds one row to a rule; resolves with what it emitted. */
async function runRule(sql: string): Promise<ValueMap[]> {
  const source = new PushSource()
  const out: ValueMap[] = []
  const engine = new Engine({ sources: { push: () => source } })
  engine.createStream(
    'CREATE STREAM demo (a BIGINT, b BOOLEAN, c STRUCT(x BIGINT), e ARRAY(BIGINT)) WITH (DATASOURCE="d", TYPE="push")',
  )
  try {
    await engine.createRule({
      id: 'r',
      sql,
      actions: [{ name: 'o', sink: { collect: (_c, p) => void out.push(...(p.rows ?? [])) } }],
    })
    source.push(ROW)
    await engine.idle()
    return out
  } finally {
    await engine.close()
  }
}

/** Every pass over the AST outside the engine. */
function passes(sql: string): void {
  const stmt = parseSelect(sql, { functions: builtinFunctions })
  validateStatement(stmt, builtinFunctions)
  toSql(stmt)
  for (const e of selectExprs(stmt)) walkExpr(e, () => {})
}

function assertParseError(sql: string, message: RegExp): void {
  assert.throws(
    () => parseSelect(sql, { functions: builtinFunctions }),
    (err: unknown) => {
      assert.ok(err instanceof ParseError, `a ParseError, not ${String(err)}`)
      assert.equal(err.code, 'PARSE_ERROR')
      assert.match(err.message, message)
      return true
    },
  )
}

describe('expression nesting limit', () => {
  it('is far above real rules and names itself', () => {
    assert.equal(MAX_NESTING, 200)
    assert.equal(MAX_EXPR_DEPTH, 500)
  })

  for (const n of nestings) {
    it(`${n.name}: ${MAX_NESTING} levels run end to end; one more is a ParseError`, async () => {
      const sql = `SELECT ${n.expr(MAX_NESTING)} AS r FROM demo`
      passes(sql)
      assert.deepEqual(await runRule(sql), [{ r: n.value(MAX_NESTING) }])
      assertParseError(
        `SELECT ${n.expr(MAX_NESTING + 1)} AS r FROM demo`,
        /^expression nesting is deeper than 200 levels at line 1, column \d+$/,
      )
      assertParseError(`SELECT ${n.expr(50_000)} AS r FROM demo`, /nesting is deeper than 200 levels/)
    })
  }

  it('points at the token that opens the level past the limit', () => {
    const sql = `SELECT ${'('.repeat(MAX_NESTING + 1)}a${')'.repeat(MAX_NESTING + 1)} FROM demo`
    assertParseError(
      sql,
      new RegExp(`^expression nesting is deeper than 200 levels at line 1, column ${8 + MAX_NESTING}$`),
    )
  })

  it('counts nesting in every clause: WHERE, GROUP BY, HAVING, a window FILTER, JOIN ON', () => {
    const deep = 'abs('.repeat(MAX_NESTING + 1) + 'a' + ')'.repeat(MAX_NESTING + 1)
    for (const sql of [
      `SELECT a FROM demo WHERE ${deep} > 0`,
      `SELECT count(*) FROM demo GROUP BY ${deep}`,
      `SELECT count(*) FROM demo GROUP BY TUMBLINGWINDOW(ss, 1) HAVING count(*) > ${deep}`,
      `SELECT a FROM demo GROUP BY TUMBLINGWINDOW(ss, 1) FILTER (WHERE ${deep} > 0)`,
      `SELECT a FROM demo INNER JOIN demo AS d2 ON ${deep} = 1 GROUP BY TUMBLINGWINDOW(ss, 1)`,
    ]) {
      assertParseError(sql, /nesting is deeper than 200 levels/)
    }
  })

  it('limits STRUCT and ARRAY nesting of stream types', () => {
    const struct = (d: number) =>
      `CREATE STREAM s (f ${'STRUCT(g '.repeat(d)}BIGINT${')'.repeat(d)}) WITH (DATASOURCE="x")`
    const engine = new Engine()
    engine.createStream(struct(MAX_NESTING))
    assert.equal(engine.stream('s')?.fields?.length, 1)
    assert.throws(() => parseStatement(struct(MAX_NESTING + 1)), /^ParseError: type nesting is deeper than 200 levels/)
    const arrays = `CREATE STREAM s (f ${'ARRAY(STRUCT(g '.repeat(5000)}BIGINT${'))'.repeat(5000)}) WITH (DATASOURCE="x")`
    assert.throws(() => parseStatement(arrays), /type nesting is deeper than 200 levels/)
  })
})

describe('expression depth limit (operator chains)', () => {
  it(`a chain of ${MAX_EXPR_DEPTH} operators (1.0 has no IN) runs end to end`, async () => {
    // `a = n` is one operator under the ORs: 500 alternatives are 500 operators deep.
    const ors = Array.from({ length: MAX_EXPR_DEPTH }, (_, i) => `a = ${MAX_EXPR_DEPTH + 1 - i}`).join(' OR ')
    const sql = `SELECT ${chain(MAX_EXPR_DEPTH + 1, 'a', '+')} AS sum, c->x AS x FROM demo WHERE ${ors}`
    passes(sql)
    assert.deepEqual(await runRule(sql), [{ sum: 2n * BigInt(MAX_EXPR_DEPTH + 1), x: 7n }])
  })

  it('refuses one operator more, and a chain of 10,000 terms, at the operator past the limit', () => {
    for (const [op, term] of [
      ['+', 'a'],
      ['OR', 'b'],
      ['AND', 'b'],
      ['->', 'c'],
    ] as const) {
      assertParseError(
        `SELECT ${chain(MAX_EXPR_DEPTH + 2, term, op)} FROM demo`,
        /^expression is more than 500 operators deep at line 1, column \d+$/,
      )
      assertParseError(`SELECT ${chain(10_000, term, op)} FROM demo`, /more than 500 operators deep/)
    }
    assertParseError(`SELECT e${'[0]'.repeat(10_000)} FROM demo`, /more than 500 operators deep/)
    // The 501st `+` of `a + a + ...` starts at column 8 + 500 * 4 + 1.
    assertParseError(`SELECT ${chain(MAX_EXPR_DEPTH + 2, 'a', '+')} FROM demo`, /column 2010$/)
  })

  it('counts nesting and chains together: operators inside calls add to the depth', () => {
    const inner = chain(MAX_EXPR_DEPTH - 100 + 1, 'a', '+')
    assertParseError(`SELECT ${'abs('.repeat(101)}${inner}${')'.repeat(101)} FROM demo`, /more than 500 operators deep/)
    passes(`SELECT ${'abs('.repeat(100)}${inner}${')'.repeat(100)} FROM demo`)
  })

  it('is a KuiperError from the engine, as POST /rules sees it', async () => {
    const engine = new Engine()
    engine.createStream('CREATE STREAM demo (a BIGINT) WITH (DATASOURCE="d")')
    await assert.rejects(
      engine.createRule({ id: 'deep', sql: `SELECT ${'('.repeat(100_000)}a FROM demo`, actions: [{ log: {} }] }),
      (err: unknown) => err instanceof KuiperError && err.code === 'PARSE_ERROR',
    )
  })
})
