// Mathematical functions (1.0's funcs_math.go). Floats follow Go's math package (go-math.ts); ints stay ints
// where 1.0 keeps them (abs, bit operations, sign). `ln` is the natural log as documented (1.0 computed log2).

import type { Value } from '../core/value.js'
import { defineScalar, type ScalarFunction } from './define-function.js'
import { fail, toF64, validateArgs, wrap64 } from './args.js'
import * as gm from './go-math.js'

/**
 * 1.0 only ran math functions written in lower case (the docs say any case). No conformance case relies on it,
 * so the documented behaviour is kept; set to true to reject `ABS(x)` as 1.0's code did.
 */
export const MATH_NAMES_CASE_SENSITIVE = false

function unary(name: string, description: string, f: (x: number) => number): ScalarFunction {
  return defineScalar({
    name,
    arity: [1, 1],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    description,
    validate: validateArgs(name, ['number']),
    exec: ([x]) => f(toF64(x)),
  })
}

function binary(name: string, description: string, f: (x: number, y: number) => number): ScalarFunction {
  return defineScalar({
    name,
    arity: [2, 2],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    description,
    validate: validateArgs(name, ['number', 'number']),
    exec: ([x, y]) => f(toF64(x), toF64(y)),
  })
}

function bitwise(name: string, description: string, f: (a: bigint, b: bigint) => bigint): ScalarFunction {
  return defineScalar({
    name,
    arity: [2, 2],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    description,
    validate: validateArgs(name, ['int', 'int']),
    exec: ([a, b]) => {
      if (typeof a !== 'bigint' || typeof b !== 'bigint') return fail('Expect int type for both operands.')
      return wrap64(f(a, b))
    },
  })
}

function abs(x: Value): Value {
  if (typeof x === 'bigint') return wrap64(x < 0n ? -x : x)
  if (typeof x === 'number') return Math.abs(x)
  return fail('only float64 & int type are supported')
}

export const mathFunctions: readonly ScalarFunction[] = [
  defineScalar({
    name: 'abs',
    arity: [1, 1],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    description: 'The absolute value; ints stay ints.',
    validate: validateArgs('abs', ['number']),
    exec: ([x]) => abs(x),
  }),
  unary('acos', 'The inverse cosine in radians.', gm.acos),
  unary('asin', 'The inverse sine in radians.', gm.asin),
  unary('atan', 'The inverse tangent in radians.', gm.atan),
  binary('atan2', 'The angle between the positive x-axis and the point (x, y): atan2(y, x).', gm.atan2),
  bitwise('bitand', 'Bitwise AND of two ints.', (a, b) => a & b),
  bitwise('bitor', 'Bitwise OR of two ints.', (a, b) => a | b),
  bitwise('bitxor', 'Bitwise XOR of two ints.', (a, b) => a ^ b),
  defineScalar({
    name: 'bitnot',
    arity: [1, 1],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    description: 'Bitwise NOT of an int.',
    validate: validateArgs('bitnot', ['int']),
    exec: ([a]) => (typeof a === 'bigint' ? wrap64(~a) : fail('Expect int type for operand.')),
  }),
  unary('ceil', 'Rounds up to the nearest integer, as a float.', Math.ceil),
  unary('cos', 'The cosine of radians.', gm.cos),
  unary('cosh', 'The hyperbolic cosine.', gm.cosh),
  unary('exp', 'e raised to the power of the argument.', gm.exp),
  unary('ln', 'The natural logarithm.', gm.log),
  unary('log', 'The base-10 logarithm.', gm.log10),
  binary('mod', 'The remainder of x / y (float).', (x, y) => x % y),
  binary('power', 'x raised to the power of y.', gm.pow),
  defineScalar({
    name: 'rand',
    arity: [0, 0],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    description: 'A pseudo-random float in [0, 1).',
    validate: validateArgs('rand', []),
    exec: () => Math.random(),
  }),
  unary('round', 'Rounds half away from zero, as a float.', gm.round),
  defineScalar({
    name: 'sign',
    arity: [1, 1],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    description: 'The sign of a number: 1, -1 or 0 (int).',
    validate: validateArgs('sign', ['number']),
    exec: ([x]) => {
      const v = toF64(x)
      return v > 0 ? 1n : v < 0 ? -1n : 0n
    },
  }),
  unary('sin', 'The sine of radians.', gm.sin),
  unary('sinh', 'The hyperbolic sine.', gm.sinh),
  unary('sqrt', 'The square root.', Math.sqrt),
  unary('tan', 'The tangent of radians.', gm.tan),
  unary('tanh', 'The hyperbolic tangent.', gm.tanh),
]
