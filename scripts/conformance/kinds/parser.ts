// `parser` and `ddl` cases (FORMAT.md §7): parse `sql` the way the Go test did (Parser.Parse, Language.Parse or
// ParseQueries), compare with `go_ast`, `is_aggregate` and `stream`, or check the error text (ours adds a position).

import { errorMessage } from '../../../src/core/errors.js'
import type { FunctionCatalog } from '../../../src/functions/define-function.js'
import { builtinFunctions } from '../../../src/functions/registry.js'
import type { FieldType, Statement, StreamField } from '../../../src/sql/ast/statement.js'
import { isAggregateStatement } from '../../../src/sql/ast/walk.js'
import { parseSelect, parseStatement, parseStatements } from '../../../src/sql/parser/index.js'
import { diffGoAst, diffJson, statementToGo } from '../go-ast.js'
import type { CaseOutcome, ConformanceCase, KindHandler } from '../types.js'

function source(c: ConformanceCase): Record<string, unknown> {
  const s = c['source']
  return typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {}
}

type StreamShape = { name: string; type: string; elem?: unknown; fields?: unknown }

function typeShape(t: FieldType): Omit<StreamShape, 'name'> {
  switch (t.kind) {
    case 'basic':
      return { type: t.type }
    case 'array':
      return { type: 'array', elem: typeShape(t.elem) }
    case 'struct':
      return { type: 'struct', fields: t.fields.map(fieldShape) }
  }
}

function fieldShape(f: StreamField): StreamShape {
  return { name: f.name, ...typeShape(f.type) }
}

function compareStream(stmt: Statement, expected: unknown): string | undefined {
  if (stmt.kind !== 'CreateStreamStatement') return `expected a CREATE STREAM statement, got ${stmt.kind}`
  const actual = {
    name: stmt.name,
    fields: stmt.fields === null ? null : stmt.fields.map(fieldShape),
    options: { ...stmt.options },
  }
  const d = diffJson(actual, expected)
  return d === undefined ? undefined : `stream ${d}`
}

function run(c: ConformanceCase, catalog: FunctionCatalog): CaseOutcome {
  const sql = String(c['sql'])
  const test = String(source(c)['test'] ?? '')
  const opts = { functions: catalog }
  let result: Statement | Statement[]
  try {
    if (test === 'TestParser_ParseStatements') result = parseStatements(sql, opts)
    else if (test === 'TestParser_ParseTree' || c.kind === 'ddl') result = parseStatement(sql, opts)
    else result = parseSelect(sql, opts)
  } catch (err) {
    if (c['expect'] !== 'error') return { status: 'fail', diff: `unexpected error: ${errorMessage(err)}` }
    const got = errorMessage(err)
    const want = String(c['error'] ?? '').trimEnd()
    if (got === want || got.startsWith(want)) return { status: 'pass' }
    return { status: 'fail', diff: `error ${JSON.stringify(got)}, expected ${JSON.stringify(want)}` }
  }
  if (c['expect'] === 'error')
    return { status: 'fail', diff: `expected error ${JSON.stringify(c['error'])}, parsed fine` }

  if (c['go_ast'] !== undefined) {
    const actual = Array.isArray(result) ? result.map(statementToGo) : statementToGo(result)
    const d = diffGoAst(actual, c['go_ast'])
    if (d !== undefined) return { status: 'fail', diff: `go_ast ${d}` }
  }
  const single = Array.isArray(result) ? result[0] : result
  if (typeof c['is_aggregate'] === 'boolean') {
    if (single?.kind !== 'SelectStatement') return { status: 'fail', diff: 'is_aggregate needs a SELECT' }
    const agg = isAggregateStatement(single, opts.functions)
    if (agg !== c['is_aggregate']) return { status: 'fail', diff: `is_aggregate ${agg}, expected ${c['is_aggregate']}` }
  }
  if (c['stream'] !== undefined && single !== undefined) {
    const d = compareStream(single, c['stream'])
    if (d !== undefined) return { status: 'fail', diff: d }
  }
  return { status: 'pass' }
}

/** A handler validating calls with `functions` (the built-in functions by default). */
export function createParserHandler(functions: FunctionCatalog = builtinFunctions): KindHandler {
  return (c) => run(c, functions)
}

export const parserHandler: KindHandler = createParserHandler()

export const ddlHandler: KindHandler = createParserHandler()
