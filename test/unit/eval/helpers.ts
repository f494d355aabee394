// Small AST builders, a test function catalog and an evaluation shortcut for the eval unit tests.

import { systemClock } from '../../../src/core/clock.js'
import { Tuple } from '../../../src/core/row.js'
import type { Row } from '../../../src/core/row.js'
import type { Value, ValueMap } from '../../../src/core/value.js'
import { compileExpr } from '../../../src/eval/compile.js'
import type { EvalContext } from '../../../src/eval/evaluator.js'
import { defineAggregate, defineScalar } from '../../../src/functions/define-function.js'
import type { FunctionCatalog, FunctionDef } from '../../../src/functions/define-function.js'
import type { BinaryOp, Expr } from '../../../src/sql/ast/expr.js'

export const field = (name: string, stream?: string): Expr =>
  stream === undefined ? { kind: 'FieldRef', name } : { kind: 'FieldRef', name, stream }
export const metaRef = (name: string, stream?: string): Expr =>
  stream === undefined ? { kind: 'MetaRef', name } : { kind: 'MetaRef', name, stream }
export const int = (v: number | bigint): Expr => ({ kind: 'IntegerLiteral', value: BigInt(v) })
export const num = (v: number): Expr => ({ kind: 'NumberLiteral', value: v })
export const str = (v: string): Expr => ({ kind: 'StringLiteral', value: v })
export const bool = (v: boolean): Expr => ({ kind: 'BooleanLiteral', value: v })
export const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'BinaryExpr', op, left, right })
export const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'Call', name, args })
export const star = (stream?: string): Expr =>
  stream === undefined ? { kind: 'Wildcard' } : { kind: 'Wildcard', stream }
export const arrow = (left: Expr, key: string): Expr => bin('->', left, field(key))
export const index = (left: Expr, i: number): Expr => bin('[]', left, { kind: 'IndexExpr', index: int(i) })
export const slice = (left: Expr, start?: number, end?: number): Expr =>
  bin('[]', left, {
    kind: 'ColonExpr',
    ...(start === undefined ? {} : { start: int(start) }),
    ...(end === undefined ? {} : { end: int(end) }),
  })

function toFloat(v: Value, fn: string): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  throw new Error(`${fn}: only float64 & int type are supported`)
}

const defs: FunctionDef[] = [
  defineScalar({ name: 'round', arity: [1, 1], exec: ([x]) => Math.round(toFloat(x, 'round')) }),
  defineScalar({ name: 'concat', arity: [1, Infinity], exec: (args) => args.map((a) => String(a)).join('') }),
  defineScalar({ name: 'pi', arity: [0, 0], exec: () => 3.14 }),
  defineScalar({
    name: 'add3',
    arity: [3, 3],
    exec: ([a, b, c]) => toFloat(a, 'add3') + toFloat(b, 'add3') + toFloat(c, 'add3'),
  }),
  defineScalar({
    name: 'fail',
    arity: [0, 0],
    exec: () => {
      throw new Error('boom')
    },
  }),
  defineAggregate({
    name: 'count',
    arity: [1, 1],
    exec: ([col]) => BigInt((col ?? []).filter((v) => v !== null && v !== undefined).length),
  }),
  defineAggregate({
    name: 'sum',
    arity: [1, 1],
    exec: ([col]) =>
      (col ?? []).reduce<number>((s, v) => (v === null || v === undefined ? s : s + toFloat(v, 'sum')), 0),
  }),
  defineAggregate({ name: 'collect', arity: [1, 1], exec: ([col]) => [...(col ?? [])] }),
  { kind: 'meta', name: 'meta', arity: [1, 1] },
  { kind: 'meta', name: 'mqtt', arity: [1, 1] },
]

export const testFunctions: FunctionCatalog = {
  lookup: (name) => defs.find((d) => d.name === name.toLowerCase()),
}

export const fnCtx = { clock: systemClock }

export function tuple(message: ValueMap, metadata: ValueMap | null = null, emitter = 'src'): Tuple {
  return new Tuple(emitter, message, 0, metadata)
}

/** Compiles `expr` and evaluates it on `row` (a message map is wrapped in a Tuple). */
export function evaluate(expr: Expr, row: Row | ValueMap, group?: readonly Row[]): Value {
  const r = row instanceof Tuple || 'tuples' in row ? (row as Row) : tuple(row as ValueMap)
  const ctx: EvalContext = group === undefined ? { fn: fnCtx } : { fn: fnCtx, group }
  return compileExpr(expr, { functions: testFunctions })(r, ctx)
}
