// Shared helpers of the built-in functions: 1.0's parse-time argument checks (funcs_ast_validator.go) with their
// exact messages, and the run-time coercions of 1.0's common package (ToString = Go %v, ToInt, toF64).

import { EvalError, ValidationError } from '../core/errors.js'
import { formatGo, goTypeName, type Value } from '../core/value.js'
import type { Expr } from '../sql/ast/expr.js'

// ---- literal kinds of an argument expression (1.0's isNumericArg, isStringArg...) ----

export const isIntLit = (e: Expr | undefined): boolean => e?.kind === 'IntegerLiteral'
export const isFloatLit = (e: Expr | undefined): boolean => e?.kind === 'NumberLiteral'
export const isNumericLit = (e: Expr | undefined): boolean => isIntLit(e) || isFloatLit(e)
export const isStringLit = (e: Expr | undefined): boolean => e?.kind === 'StringLiteral'
export const isBoolLit = (e: Expr | undefined): boolean => e?.kind === 'BooleanLiteral'
/** A time-unit keyword (`ss`, `hh`, `dd`, `mi`, `ms`) used as an argument. */
export const isTimeLit = (e: Expr | undefined): boolean => e?.kind === 'TimeLiteral'

/** 1.0's ProduceErrInfo: `index` is 0-based, the message counts from 1. */
export function argTypeError(name: string, index: number, expect: string): ValidationError {
  return new ValidationError(`Expect ${expect} type for ${index + 1} parameter of function ${name}.`)
}

/** 1.0's ValidateLen. */
export function checkLen(name: string, expected: number, args: readonly Expr[]): void {
  if (args.length !== expected) throw new ValidationError(`The arguments for ${name} should be ${expected}.`)
}

/** What an argument may be, as 1.0 words it in its message, and which literals it rejects. */
export type ArgRule = 'number' | 'int' | 'string' | 'datetime' | 'any'

const rejects: Record<Exclude<ArgRule, 'any'>, (e: Expr) => boolean> = {
  number: (e) => isStringLit(e) || isTimeLit(e) || isBoolLit(e),
  int: (e) => isFloatLit(e) || isStringLit(e) || isTimeLit(e) || isBoolLit(e),
  string: (e) => isNumericLit(e) || isTimeLit(e) || isBoolLit(e),
  datetime: (e) => isNumericLit(e) || isStringLit(e) || isBoolLit(e),
}

const expectText: Record<Exclude<ArgRule, 'any'>, string> = {
  number: 'number - float or int',
  int: 'int',
  string: 'string',
  datetime: 'datetime',
}

/** Throws 1.0's type error when argument `index` is a literal that `rule` rejects. */
export function checkArg(name: string, args: readonly Expr[], index: number, rule: ArgRule): void {
  const e = args[index]
  if (rule === 'any' || e === undefined) return
  if (rejects[rule](e)) throw argTypeError(name, index, expectText[rule])
}

/**
 * The common validator shape: exact argument count, then one rule per argument.
 * @example validateArgs('bitand', ['int', 'int'])
 */
export function validateArgs(name: string, rules: readonly ArgRule[]): (args: readonly Expr[]) => void {
  return (args) => {
    checkLen(name, rules.length, args)
    rules.forEach((rule, i) => checkArg(name, args, i, rule))
  }
}

// ---- run-time coercions ----

/** Throws the EvalError that 1.0's valuer turns into `call func <name> error: <message>`. */
export function fail(message: string): never {
  throw new EvalError(message)
}

/** Go's `%v` (core's formatGo: times by their String() method, maps with sorted keys). */
export const goV = (v: Value): string => formatGo(v)

/** Go's `%T(%v)` of a message value, whose ints are Go `int` in 1.0: `int(3)`, `string(ddd)`, `<nil>(<nil>)`. */
export function describeGo(v: Value): string {
  return `${goTypeNameOf(v)}(${goV(v)})`
}

/** Go's `%T` of a message value (`int` for integers). */
export function goTypeNameOf(v: Value): string {
  return typeof v === 'bigint' ? 'int' : goTypeName(v)
}

/** 1.0's common.ToString: Go's `%v`. */
export function toGoString(v: Value): string {
  return typeof v === 'string' ? v : goV(v)
}

/** 1.0's common.ToInt: ints as is, floats truncated toward zero, anything else is an error. */
export function toGoInt(v: Value): bigint {
  if (typeof v === 'bigint') return v
  if (typeof v === 'number') return floatToInt64(v)
  return fail(`unsupported type ${goTypeNameOf(v)} of ${goV(v)}`)
}

/** Go's int64(f): truncation toward zero; NaN and out-of-range values give math.MinInt64 as on amd64. */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 9223372036854775808 || f < -9223372036854775808) return -9223372036854775808n
  return BigInt(Math.trunc(f))
}

/** 1.0's toF64 of the math functions. */
export function toF64(v: Value): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  return fail('only float64 & int type are supported')
}

/** Go int64 arithmetic wraps around. */
export const wrap64 = (v: bigint): bigint => BigInt.asIntN(64, v)
