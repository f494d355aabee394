// Converts our AST to the JSON shape of 1.0's Go AST used by `go_ast` in parser/ddl cases ($type / $const), and
// compares two such shapes treating an absent field and a Go zero value as equal.

import type { BinaryOp, Expr, Window } from '../../src/sql/ast/expr.js'
import type { FieldType, SelectStatement, Statement, StreamField } from '../../src/sql/ast/statement.js'
import { windowLength, windowInterval } from '../../src/sql/ast/window-types.js'

export type GoNode = null | boolean | number | string | GoNode[] | { [key: string]: GoNode }

const opConst: Readonly<Record<BinaryOp, string>> = {
  '*': 'MUL',
  '/': 'DIV',
  '%': 'MOD',
  '&': 'BITWISE_AND',
  '[]': 'SUBSET',
  '->': 'ARROW',
  '+': 'ADD',
  '-': 'SUB',
  '|': 'BITWISE_OR',
  '^': 'BITWISE_XOR',
  '=': 'EQ',
  '!=': 'NEQ',
  '<': 'LT',
  '<=': 'LTE',
  '>': 'GT',
  '>=': 'GTE',
  AND: 'AND',
  OR: 'OR',
}

const basicConst: Readonly<Record<string, string>> = {
  bigint: 'BIGINT',
  float: 'FLOAT',
  string: 'STRINGS',
  datetime: 'DATETIME',
  boolean: 'BOOLEAN',
  bytea: 'BYTEA',
}

function c(name: string): GoNode {
  return { $const: name }
}

/** A bracket bound as 1.0's int (IntegerLiteral only in 1.0); other expressions are kept as nodes. */
function intOrNode(e: Expr | undefined, absent: number): GoNode {
  if (e === undefined) return absent
  return e.kind === 'IntegerLiteral' ? Number(e.value) : exprToGo(e)
}

function windowToGo(w: Window): GoNode {
  const node: { [key: string]: GoNode } = {
    $type: 'xsql.Window',
    WindowType: c(w.windowType),
    Length: { $type: 'xsql.IntegerLiteral', Val: windowLength(w) },
  }
  // 1.0 leaves Interval nil for a count window without a step, and sets 0 for time windows without one.
  if (w.unit !== undefined || w.interval !== 0) {
    node['Interval'] = { $type: 'xsql.IntegerLiteral', Val: windowInterval(w) }
  }
  if (w.filter !== undefined) node['Filter'] = exprToGo(w.filter)
  return node
}

export function exprToGo(e: Expr): GoNode {
  switch (e.kind) {
    case 'FieldRef':
      return { $type: 'xsql.FieldRef', StreamName: e.stream ?? '', Name: e.name }
    case 'MetaRef':
      return { $type: 'xsql.MetaRef', StreamName: e.stream ?? '', Name: e.name }
    case 'Wildcard':
      return e.stream === undefined
        ? { $type: 'xsql.Wildcard', Token: c('ASTERISK') }
        : { $type: 'xsql.FieldRef', StreamName: e.stream, Name: '*' }
    case 'IntegerLiteral':
      return { $type: 'xsql.IntegerLiteral', Val: Number(e.value) }
    case 'NumberLiteral':
      return { $type: 'xsql.NumberLiteral', Val: e.value }
    case 'StringLiteral':
      return { $type: 'xsql.StringLiteral', Val: e.value }
    case 'BooleanLiteral':
      return { $type: 'xsql.BooleanLiteral', Val: e.value }
    case 'TimeLiteral':
      return { $type: 'xsql.TimeLiteral', Val: c(e.unit) }
    case 'BinaryExpr':
      return { $type: 'xsql.BinaryExpr', OP: c(opConst[e.op]), LHS: exprToGo(e.left), RHS: exprToGo(e.right) }
    case 'UnaryExpr':
      return { $type: 'xsql.UnaryExpr', OP: c(e.op === '-' ? 'SUB' : 'NOT'), Expr: exprToGo(e.operand) }
    case 'IndexExpr':
      return { $type: 'xsql.IndexExpr', Index: intOrNode(e.index, 0) }
    case 'ColonExpr':
      return { $type: 'xsql.ColonExpr', Start: intOrNode(e.start, 0), End: intOrNode(e.end, -1) }
    case 'Call':
      return { $type: 'xsql.Call', Name: e.name, Args: e.args.map(exprToGo) }
    case 'CaseExpr':
      return {
        $type: 'xsql.CaseExpr',
        Value: e.value === undefined ? null : exprToGo(e.value),
        WhenClauses: e.whens.map((w) => ({
          $type: 'xsql.WhenClause',
          Expr: exprToGo(w.when),
          Result: exprToGo(w.then),
        })),
        ElseClause: e.else === undefined ? null : exprToGo(e.else),
      }
    case 'Window':
      return windowToGo(e)
  }
}

function selectToGo(s: SelectStatement): GoNode {
  return {
    $type: 'xsql.SelectStatement',
    Fields: s.fields.map((f) => ({ $type: 'xsql.Field', Expr: exprToGo(f.expr), Name: f.name, AName: f.alias })),
    Sources: s.sources.map((t) => ({ $type: 'xsql.Table', Name: t.name, Alias: t.alias ?? '' })),
    Joins: s.joins.map((j) => ({
      $type: 'xsql.Join',
      Name: j.name,
      Alias: j.alias ?? '',
      JoinType: c(`${j.joinType}_JOIN`),
      Expr: j.on === undefined ? null : exprToGo(j.on),
    })),
    Condition: s.condition === undefined ? null : exprToGo(s.condition),
    Dimensions: s.dimensions.map((d) => ({ $type: 'xsql.Dimension', Expr: exprToGo(d.expr) })),
    Having: s.having === undefined ? null : exprToGo(s.having),
    SortFields: s.sortFields.map((f) => ({
      $type: 'xsql.SortField',
      Name: f.stream === undefined ? f.name : `${f.stream}\u0007${f.name}`,
      Ascending: f.ascending,
    })),
  }
}

function fieldTypeToGo(t: FieldType): GoNode {
  switch (t.kind) {
    case 'basic':
      return { $type: 'xsql.BasicType', Type: c(basicConst[t.type] ?? t.type) }
    case 'array':
      return t.elem.kind === 'basic'
        ? { $type: 'xsql.ArrayType', Type: c(basicConst[t.elem.type] ?? t.elem.type) }
        : {
            $type: 'xsql.ArrayType',
            Type: c(t.elem.kind === 'struct' ? 'STRUCT' : 'ARRAY'),
            FieldType: fieldTypeToGo(t.elem),
          }
    case 'struct':
      return { $type: 'xsql.RecType', StreamFields: t.fields.map(streamFieldToGo) }
  }
}

function streamFieldToGo(f: StreamField): GoNode {
  return { $type: 'xsql.StreamField', Name: f.name, FieldType: fieldTypeToGo(f.type) }
}

/** Our statement in the `go_ast` JSON shape. */
export function statementToGo(s: Statement): GoNode {
  switch (s.kind) {
    case 'SelectStatement':
      return selectToGo(s)
    case 'CreateStreamStatement':
      return {
        $type: 'xsql.StreamStmt',
        Name: s.name,
        StreamFields: s.fields === null ? null : s.fields.map(streamFieldToGo),
        Options: { ...s.options },
      }
    case 'ShowStreamsStatement':
      return { $type: 'xsql.ShowStreamsStatement' }
    case 'DescribeStreamStatement':
      return { $type: 'xsql.DescribeStreamStatement', Name: s.name }
    case 'ExplainStreamStatement':
      return { $type: 'xsql.ExplainStreamStatement', Name: s.name }
    case 'DropStreamStatement':
      return { $type: 'xsql.DropStreamStatement', Name: s.name }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Go zero values: nil, "", 0, false, an empty slice or an empty map (not a struct, which has a $type). */
function isZero(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === 0 || v === false) return true
  if (Array.isArray(v)) return v.length === 0
  return isObject(v) && !('$type' in v) && !('$const' in v) && Object.keys(v).length === 0
}

/** Drops zero-valued fields and unwraps 1.0's ParenExpr (our AST keeps no parentheses). */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize)
  if (!isObject(v)) return v
  if (v['$type'] === 'xsql.ParenExpr') return normalize(v['Expr'])
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) {
    const n = normalize(x)
    if (!isZero(n)) out[k] = n
  }
  return out
}

function diffAt(path: string, a: unknown, e: unknown): string | undefined {
  if (Array.isArray(a) || Array.isArray(e)) {
    if (!Array.isArray(a) || !Array.isArray(e))
      return `${path}: got ${JSON.stringify(a)}, expected ${JSON.stringify(e)}`
    if (a.length !== e.length) return `${path}: got ${a.length} elements, expected ${e.length}`
    for (let i = 0; i < a.length; i++) {
      const d = diffAt(`${path}/${i}`, a[i], e[i])
      if (d !== undefined) return d
    }
    return undefined
  }
  if (isObject(a) && isObject(e)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(e)])) {
      const d = diffAt(`${path}/${k}`, a[k], e[k])
      if (d !== undefined) return d
    }
    return undefined
  }
  if (Object.is(a, e) || a === e) return undefined
  return `${path || '/'}: got ${JSON.stringify(a)}, expected ${JSON.stringify(e)}`
}

/** The first difference between two JSON values (exact: no zero-value leniency), or undefined when equal. */
export function diffJson(actual: unknown, expected: unknown): string | undefined {
  return diffAt('', actual, expected)
}

/** A short description of the first difference between a converted AST and `go_ast`, or undefined when equal. */
export function diffGoAst(actual: GoNode, expected: unknown): string | undefined {
  return diffAt('', normalize(actual), normalize(expected))
}
