// Test helper: runs a built-in function's exec directly, as the evaluator would, with a fixed clock.

import assert from 'node:assert/strict'
import type { Clock } from '../../../src/core/clock.js'
import type { Value } from '../../../src/core/value.js'
import type { FunctionContext, FunctionDef } from '../../../src/functions/define-function.js'
import { builtinFunctions } from '../../../src/functions/registry.js'
import type { Expr } from '../../../src/sql/ast/expr.js'

export const fixedClock: Clock = {
  now: () => 1541152486013,
  setTimeout: () => ({ cancel: () => undefined }),
  setInterval: () => ({ cancel: () => undefined }),
}

export const ctx: FunctionContext = { clock: fixedClock }

export function def(name: string): FunctionDef {
  const d = builtinFunctions.lookup(name)
  assert.ok(d !== undefined, `function ${name} is defined`)
  return d
}

/** Calls a scalar function with evaluated arguments. */
export function call(name: string, ...args: Value[]): Value {
  const d = def(name)
  assert.equal(d.kind, 'scalar', `${name} is scalar`)
  if (d.kind !== 'scalar') throw new Error('not scalar')
  return d.exec(args, ctx)
}

/** Calls an aggregate with, per argument, the array of its values over the group. */
export function aggregate(name: string, ...columns: Value[][]): Value {
  const d = def(name)
  if (d.kind !== 'aggregate') throw new Error(`${name} is not an aggregate`)
  return d.exec(columns, ctx)
}

/** The message `exec` throws, or undefined when it returns. */
export function errorOf(f: () => unknown): string | undefined {
  try {
    f()
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

/** The validation message for `args` (undefined when valid). */
export function validationError(name: string, args: readonly Expr[]): string | undefined {
  return errorOf(() => def(name).validate?.(args))
}

// Argument expressions for validator tests.
export const int = (v: number): Expr => ({ kind: 'IntegerLiteral', value: BigInt(v) })
export const num = (v: number): Expr => ({ kind: 'NumberLiteral', value: v })
export const str = (v: string): Expr => ({ kind: 'StringLiteral', value: v })
export const bool = (v: boolean): Expr => ({ kind: 'BooleanLiteral', value: v })
export const field = (name: string): Expr => ({ kind: 'FieldRef', name })
export const meta = (name: string): Expr => ({ kind: 'MetaRef', name })
/** `ss` parses as a time-unit keyword, which 1.0's validators reject where a value is expected. */
export const ss: Expr = { kind: 'TimeLiteral', unit: 'SS' }
