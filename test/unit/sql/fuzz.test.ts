// A seeded, bounded SQL fuzz: thousands of generated statements (deep nestings, long chains and lists, token soup,
// mutations of the 1.0 conformance corpus) through everything a POST /rules runs before starting a rule: parse with
// validation, the whole-statement validation, planning, compiling every expression, printing back. Each either
// succeeds or throws a KuiperError (a 400 over REST), never a RangeError (stack overflow) or a TypeError.

import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { KuiperError } from '../../../src/core/errors.js'
import { Engine } from '../../../src/engine.js'
import { compileExpr } from '../../../src/eval/compile.js'
import { builtinFunctions } from '../../../src/functions/registry.js'
import { parseStatement, selectExprs, toSql, validateStatement, walkExpr } from '../../../src/sql/index.js'
import { defaultCorpusDir } from '../../../scripts/conformance/paths.js'
import { createMemorySource } from '../../../src/connectors/memory/index.js'
import { seededRandom } from '../../prng.js'

class Gen {
  constructor(readonly rnd: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1))
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)]!
  }
  /** A depth around the interesting places: small, near the limits (200 nestings, 500 operators), far beyond. */
  depth(): number {
    return this.pick([this.int(1, 20), this.int(190, 210), this.int(490, 510), this.int(1000, 12000)])
  }
}

const STREAM =
  'CREATE STREAM demo (a BIGINT, b BOOLEAN, s STRING, c STRUCT(x BIGINT), e ARRAY(BIGINT)) WITH (DATASOURCE="demo")'

/** One construct repeated `d` times around or after an operand. */
const deepShapes: readonly ((d: number) => string)[] = [
  (d) => '('.repeat(d) + 'a' + ')'.repeat(d),
  (d) => Array.from({ length: d + 1 }, () => 'a').join(' + '),
  (d) => Array.from({ length: d + 1 }, () => 'b').join(' OR '),
  (d) => Array.from({ length: d + 1 }, (_, i) => (i % 2 === 0 ? 'a * a' : 'a')).join(' - '),
  (d) => 'a + ('.repeat(d) + 'a' + ')'.repeat(d),
  (d) => '- '.repeat(d) + 'a',
  (d) => 'NOT '.repeat(d) + 'b',
  (d) => 'abs('.repeat(d) + 'a' + ')'.repeat(d),
  (d) => 'concat('.repeat(d) + 's, s' + ')'.repeat(d),
  (d) => 'CASE WHEN b THEN '.repeat(d) + 'a' + ' ELSE 0 END'.repeat(d),
  (d) => 'CASE '.repeat(d) + 'a' + ' WHEN 1 THEN 2 END'.repeat(d),
  (d) => 'c' + '->x'.repeat(d),
  (d) => 'e' + '[0]'.repeat(d),
  (d) => 'e' + '[0:1]'.repeat(d),
  (d) => 'e['.repeat(d) + '0' + ']'.repeat(d),
  (d) => '-('.repeat(d) + 'a' + ')'.repeat(d),
  (d) => 'abs(-(a + '.repeat(d) + 'a' + ')))'.repeat(d),
  (d) => '('.repeat(d), // unbalanced
  (d) => 'a' + ')'.repeat(d),
  (d) => 'abs('.repeat(d),
]

/** Where a deep expression goes in a statement. */
const places: readonly ((e: string) => string)[] = [
  (e) => `SELECT ${e} AS r FROM demo`,
  (e) => `SELECT a FROM demo WHERE ${e}`,
  (e) => `SELECT count(*) FROM demo GROUP BY ${e}`,
  (e) => `SELECT count(*) AS n FROM demo GROUP BY TUMBLINGWINDOW(ss, 10) HAVING ${e}`,
  (e) => `SELECT a FROM demo GROUP BY TUMBLINGWINDOW(ss, 10) FILTER (WHERE ${e})`,
  (e) => `SELECT a FROM demo INNER JOIN demo AS d2 ON ${e} GROUP BY TUMBLINGWINDOW(ss, 10)`,
  (e) => `SELECT meta(${e}) FROM demo`,
]

function deepStatement(g: Gen): string {
  return g.pick(places)(g.pick(deepShapes)(g.depth()))
}

/** Long flat lists: fields, arguments, GROUP BY dimensions, ORDER BY fields, STRUCT fields, nested types. */
function longStatement(g: Gen): string {
  const n = g.pick([g.int(1, 50), g.int(450, 550), g.int(2000, 20000)])
  const list = (f: (i: number) => string, sep = ', '): string => Array.from({ length: n }, (_, i) => f(i)).join(sep)
  switch (g.int(0, 6)) {
    case 0:
      return `SELECT ${list((i) => `a AS f${i}`)} FROM demo`
    case 1:
      return `SELECT concat(${list(() => 's')}) FROM demo`
    case 2:
      return `SELECT count(*) FROM demo GROUP BY ${list(() => 'a')}`
    case 3:
      return `SELECT a FROM demo ORDER BY ${list(() => 'a', ' ')}`
    case 4:
      return `CREATE STREAM s${n} (${list((i) => `f${i} BIGINT`)}) WITH (DATASOURCE="x")`
    case 5:
      return `CREATE STREAM deep (f ${'STRUCT(g '.repeat(n)}BIGINT${')'.repeat(n)}) WITH (DATASOURCE="x")`
    default:
      return `CREATE STREAM deep (f ${'ARRAY(STRUCT(g '.repeat(n)}BIGINT${'))'.repeat(n)}) WITH (DATASOURCE="x")`
  }
}

const SOUP: readonly string[] = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'BY',
  'HAVING',
  'ORDER',
  'AS',
  'JOIN',
  'LEFT',
  'INNER',
  'CROSS',
  'ON',
  'ASC',
  'DESC',
  'CREATE',
  'STREAM',
  'WITH',
  'DROP',
  'SHOW',
  'STREAMS',
  'DESCRIBE',
  'EXPLAIN',
  'FILTER',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'NOT',
  'AND',
  'OR',
  'TRUE',
  'FALSE',
  'STRUCT',
  'ARRAY',
  'BIGINT',
  'FLOAT',
  'STRING',
  'DATETIME',
  'BOOLEAN',
  'BYTEA',
  'DATASOURCE',
  'FORMAT',
  'TYPE',
  'KEY',
  'TIMESTAMP',
  'dd',
  'hh',
  'mi',
  'ss',
  'ms',
  'TUMBLINGWINDOW',
  'HOPPINGWINDOW',
  'SLIDINGWINDOW',
  'SESSIONWINDOW',
  'COUNTWINDOW',
  'count',
  'abs',
  'concat',
  'meta',
  'mqtt',
  'deduplicate',
  'collect',
  'cast',
  'a',
  'b',
  'demo',
  'demo.a',
  'demo.*',
  '*',
  '`x y`',
  '`',
  '(',
  ')',
  '[',
  ']',
  ':',
  ',',
  ';',
  '.',
  '->',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '=',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '#',
  '0',
  '1',
  '-1',
  '9223372036854775808',
  '1.5',
  '.5',
  '1e400',
  '"str"',
  '"\\u12"',
  '"\\x"',
  "'q'",
  '"',
  '/* c */',
  '/*',
  '-- c\n',
  '\n',
  '\t',
  'é',
  '\u0000',
  '😀',
  '$',
  '@',
  '?',
  '!',
]

function soupStatement(g: Gen): string {
  const n = g.pick([g.int(1, 12), g.int(13, 80), g.int(300, 1500)])
  const toks = Array.from({ length: n }, () => g.pick(SOUP))
  const prefix = g.pick(['', 'SELECT ', 'SELECT a FROM demo WHERE ', 'CREATE STREAM x ('])
  return prefix + toks.join(g.pick([' ', '']))
}

/** Splices, deletes, duplicates and repeats pieces of a real statement. */
function mutate(g: Gen, sql: string): string {
  let s = sql
  for (let k = g.int(1, 3); k > 0; k--) {
    const i = g.int(0, s.length)
    const j = Math.min(s.length, i + g.int(0, 12))
    switch (g.int(0, 5)) {
      case 0:
        s = s.slice(0, i) + s.slice(j)
        break
      case 1:
        s = s.slice(0, i) + g.pick(SOUP) + s.slice(i)
        break
      case 2:
        s = s.slice(0, i) + s.slice(i, j).repeat(g.pick([2, 3, 50, 600])) + s.slice(j)
        break
      case 3:
        s = s.slice(0, i) + g.pick(['(', '-', 'NOT ', 'abs(', '[']).repeat(g.depth()) + s.slice(i)
        break
      case 4:
        s = s.slice(0, i) + s.slice(g.int(0, s.length), g.int(0, s.length)) + s.slice(i)
        break
      default:
        s = s.slice(0, i) + String.fromCharCode(g.int(0, 0x7f)) + s.slice(j)
    }
  }
  return s
}

/** Every `sql` and `statement` text of the conformance corpus. */
function corpusStatements(): string[] {
  const out = new Set<string>()
  const collect = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (key === 'sql' || key === 'statement') out.add(v)
    } else if (Array.isArray(v)) {
      for (const x of v) collect(x, key)
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) collect(x, k)
    }
  }
  for (const f of readdirSync(defaultCorpusDir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    collect(JSON.parse(readFileSync(join(defaultCorpusDir, f), 'utf8')), '')
  }
  return [...out]
}

/**
 * The corpus statements that create streams, then a schemaless stream for every other name after FROM or JOIN, so
 * that the rules of the corpus plan against streams.
 */
function engineWithStreams(corpus: readonly string[]): Engine {
  // The streams name no TYPE (mqtt): memory sources stand in, so that no broker settings are needed to plan.
  const engine = new Engine({ sources: { mqtt: createMemorySource } })
  const names = new Set<string>()
  for (const sql of corpus) for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)/gi)) names.add(m[1]!)
  const schemaless = [...names].map((n) => `CREATE STREAM ${n} () WITH (DATASOURCE="${n}")`)
  for (const sql of [STREAM, ...corpus.filter((s) => /^\s*create\s+stream/i.test(s)), ...schemaless]) {
    try {
      engine.createStream(sql)
    } catch (err) {
      if (!(err instanceof KuiperError)) throw err // duplicates and the corpus's invalid DDL
    }
  }
  return engine
}

let ruleSeq = 0

/** What POST /rules runs before a rule starts, plus the passes over the AST; throws what any of them throws. */
async function exercise(engine: Engine, sql: string): Promise<void> {
  const stmt = parseStatement(sql, { functions: builtinFunctions })
  toSql(stmt)
  if (stmt.kind !== 'SelectStatement') return
  validateStatement(stmt, builtinFunctions)
  for (const e of selectExprs(stmt)) {
    walkExpr(e, () => {})
    compileExpr(e, { functions: builtinFunctions })
  }
  const id = `fuzz${ruleSeq++}`
  await engine.createRule({ id, sql, actions: [{ log: {} }] }, { start: false })
  await engine.deleteRule(id)
}

describe('SQL fuzz (seeded, bounded)', () => {
  it('answers every generated statement with success or a KuiperError, none of them slow', async () => {
    const corpus = corpusStatements()
    assert.ok(corpus.length > 400, `conformance corpus statements found in ${defaultCorpusDir}: ${corpus.length}`)
    const engine = engineWithStreams(corpus)
    const g = new Gen(seededRandom(20261206))
    let slowest = { ms: 0, sql: '' }
    const outcomes = new Map<string, number>()
    const failures: string[] = []
    const CASES = 4000
    for (let n = 0; n < CASES; n++) {
      const kind = g.pick(['deep', 'long', 'soup', 'mutant', 'mutant', 'corpus'] as const)
      const sql =
        kind === 'deep'
          ? deepStatement(g)
          : kind === 'long'
            ? longStatement(g)
            : kind === 'soup'
              ? soupStatement(g)
              : kind === 'mutant'
                ? mutate(g, g.pick(corpus))
                : g.pick(corpus)
      let outcome = 'ok'
      const started = performance.now()
      try {
        await exercise(engine, sql)
      } catch (err) {
        if (err instanceof KuiperError) outcome = err.code
        else {
          outcome = err instanceof Error ? err.name : typeof err
          if (failures.length < 5) failures.push(`${kind}: ${String(err)}\n  ${sql.slice(0, 300)}`)
        }
      }
      const ms = performance.now() - started
      if (ms > slowest.ms) slowest = { ms, sql }
      const key = `${kind} ${outcome}`
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
    }
    const summary = [...outcomes].sort().map(([k, v]) => `${k}: ${v}`)
    assert.deepEqual(failures, [], `non-Kuiper errors (outcomes ${summary.join(', ')})`)
    // The generators reach every path: successes, parse errors, and the rule-level checks.
    for (const kind of ['deep', 'long', 'mutant', 'corpus'])
      assert.ok(outcomes.get(`${kind} ok`), `${kind}: ${summary}`)
    assert.ok(outcomes.get('deep PARSE_ERROR'), summary.join(', '))
    // A statement that makes the parser or planner blow up (exponential backtracking, unbounded recursion) shows as
    // one slow case; the whole run's time is the machine's load as much as the code's, so it is not asserted.
    assert.ok(slowest.ms < 2000, `slowest statement took ${slowest.ms.toFixed(0)} ms: ${slowest.sql.slice(0, 200)}`)
  })
})
