// Mathematical functions (1.0's funcs_math.go). Floats follow Go's math package (go-math.ts); ints stay ints
// where 1.0 keeps them (abs, bit operations, sign). `ln` is the natural log as documented (1.0 computed log2).

import type { Value } from '../core/value.js'
import { defineScalar, type Documented, type FunctionDoc, type ScalarFunction } from './define-function.js'
import { doc, sig } from './doc.js'
import { fail, toF64, validateArgs, wrap64 } from './args.js'
import * as gm from './go-math.js'

/**
 * 1.0 only ran math functions written in lower case (the docs say any case). No conformance case relies on it,
 * so the documented behaviour is kept; set to true to reject `ABS(x)` as 1.0's code did.
 */
export const MATH_NAMES_CASE_SENSITIVE = false

function unary(name: string, doc: FunctionDoc, f: (x: number) => number): Documented<ScalarFunction> {
  return defineScalar({
    name,
    arity: [1, 1],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    doc,
    validate: validateArgs(name, ['number']),
    exec: ([x]) => f(toF64(x)),
  })
}

function binary(name: string, doc: FunctionDoc, f: (x: number, y: number) => number): Documented<ScalarFunction> {
  return defineScalar({
    name,
    arity: [2, 2],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    doc,
    validate: validateArgs(name, ['number', 'number']),
    exec: ([x, y]) => f(toF64(x), toF64(y)),
  })
}

function bitwise(name: string, doc: FunctionDoc, f: (a: bigint, b: bigint) => bigint): Documented<ScalarFunction> {
  return defineScalar({
    name,
    arity: [2, 2],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    doc,
    validate: validateArgs(name, ['int', 'int']),
    exec: ([a, b]) => {
      if (typeof a !== 'bigint' || typeof b !== 'bigint') return fail('Expect int type for both operands.')
      return wrap64(f(a, b))
    },
  })
}

/** The doc of a one-number function returning a float. */
const ofX = (en: string, zh: string, sql: string, result: string): FunctionDoc =>
  doc('float', [['x', 'number']], en, zh, sql, result)

/** The doc of a bitwise operator on two ints. */
const ofInts = (en: string, zh: string, sql: string, result: string): FunctionDoc =>
  doc(
    'int',
    [
      ['a', 'int'],
      ['b', 'int'],
    ],
    en,
    zh,
    sql,
    result,
  )

function abs(x: Value): Value {
  if (typeof x === 'bigint') return wrap64(x < 0n ? -x : x)
  if (typeof x === 'number') return Math.abs(x)
  return fail('only float64 & int type are supported')
}

export const mathFunctions: readonly Documented<ScalarFunction>[] = [
  defineScalar({
    name: 'abs',
    arity: [1, 1],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    doc: {
      signature: sig('number', ['x', 'number']),
      description: {
        en: 'The absolute value of a number; an int gives an int, a float a float.',
        zh: '数值的绝对值；整数返回整数，浮点数返回浮点数。',
      },
      example: { sql: 'abs(-3)', result: '3' },
    },
    validate: validateArgs('abs', ['number']),
    exec: ([x]) => abs(x),
  }),
  unary('acos', ofX('The inverse cosine of x, in radians.', 'x 的反余弦值，单位为弧度。', 'acos(1)', '0'), gm.acos),
  unary(
    'asin',
    ofX('The inverse sine of x, in radians.', 'x 的反正弦值，单位为弧度。', 'asin(1)', '1.5707963267948966'),
    gm.asin,
  ),
  unary(
    'atan',
    ofX('The inverse tangent of x, in radians.', 'x 的反正切值，单位为弧度。', 'atan(1)', '0.7853981633974483'),
    gm.atan,
  ),
  binary(
    'atan2',
    {
      signature: sig('float', ['y', 'number'], ['x', 'number']),
      description: {
        en: 'The angle in radians between the positive x-axis and the point (x, y); note the order: y first.',
        zh: '正 x 轴与点 (x, y) 之间的夹角，单位为弧度；注意参数顺序：y 在前。',
      },
      example: { sql: 'atan2(1, 1)', result: '0.7853981633974483' },
    },
    gm.atan2,
  ),
  bitwise('bitand', ofInts('Bitwise AND of two ints.', '两个整数的按位与。', 'bitand(12, 10)', '8'), (a, b) => a & b),
  bitwise('bitor', ofInts('Bitwise OR of two ints.', '两个整数的按位或。', 'bitor(12, 10)', '14'), (a, b) => a | b),
  bitwise('bitxor', ofInts('Bitwise XOR of two ints.', '两个整数的按位异或。', 'bitxor(12, 10)', '6'), (a, b) => a ^ b),
  defineScalar({
    name: 'bitnot',
    arity: [1, 1],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    doc: {
      signature: sig('int', ['a', 'int']),
      description: { en: 'Bitwise NOT of an int.', zh: '整数的按位取反。' },
      example: { sql: 'bitnot(12)', result: '-13' },
    },
    validate: validateArgs('bitnot', ['int']),
    exec: ([a]) => (typeof a === 'bigint' ? wrap64(~a) : fail('Expect int type for operand.')),
  }),
  unary(
    'ceil',
    ofX(
      'Rounds x up to the nearest integer; the result is a float.',
      '将 x 向上取整；结果为浮点数。',
      'ceil(1.2)',
      '2',
    ),
    Math.ceil,
  ),
  unary('cos', ofX('The cosine of x radians.', 'x 弧度的余弦值。', 'cos(0)', '1'), gm.cos),
  unary('cosh', ofX('The hyperbolic cosine of x.', 'x 的双曲余弦值。', 'cosh(0)', '1'), gm.cosh),
  unary('exp', ofX('e raised to the power x.', 'e 的 x 次幂。', 'exp(1)', '2.718281828459045'), gm.exp),
  unary('ln', ofX('The natural logarithm of x.', 'x 的自然对数。', 'ln(1)', '0'), gm.log),
  unary('log', ofX('The base-10 logarithm of x.', 'x 以 10 为底的对数。', 'log(100)', '2'), gm.log10),
  binary(
    'mod',
    {
      signature: sig('float', ['x', 'number'], ['y', 'number']),
      description: {
        en: 'The remainder of x divided by y, as a float; it has the sign of x.',
        zh: 'x 除以 y 的余数，结果为浮点数，符号与 x 相同。',
      },
      example: { sql: 'mod(-7, 3)', result: '-1' },
    },
    (x, y) => x % y,
  ),
  binary(
    'power',
    {
      signature: sig('float', ['x', 'number'], ['y', 'number']),
      description: { en: 'x raised to the power y.', zh: 'x 的 y 次幂。' },
      example: { sql: 'power(2, 10)', result: '1024' },
    },
    gm.pow,
  ),
  defineScalar({
    name: 'rand',
    arity: [0, 0],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    doc: {
      signature: sig('float'),
      description: {
        en: 'A pseudo-random float, uniformly distributed in [0, 1); a new one on each call.',
        zh: '在 [0, 1) 上均匀分布的伪随机浮点数；每次调用都不同。',
      },
      example: { sql: 'rand()', result: '0.6046602879796196', varies: /^(0|0\.\d+|\d(\.\d+)?e-\d+)$/ },
    },
    validate: validateArgs('rand', []),
    exec: () => Math.random(),
  }),
  unary(
    'round',
    ofX(
      'Rounds x to the nearest integer, halves away from zero; the result is a float.',
      '将 x 四舍五入到最接近的整数（0.5 远离零取整）；结果为浮点数。',
      'round(-2.5)',
      '-3',
    ),
    gm.round,
  ),
  defineScalar({
    name: 'sign',
    arity: [1, 1],
    caseSensitive: MATH_NAMES_CASE_SENSITIVE,
    doc: {
      signature: sig('int', ['x', 'number']),
      description: {
        en: 'The sign of x as an int: 1 when positive, -1 when negative, 0 when zero.',
        zh: 'x 的符号，结果为整数：正数为 1，负数为 -1，零为 0。',
      },
      example: { sql: 'sign(-7.5)', result: '-1' },
    },
    validate: validateArgs('sign', ['number']),
    exec: ([x]) => {
      const v = toF64(x)
      return v > 0 ? 1n : v < 0 ? -1n : 0n
    },
  }),
  unary('sin', ofX('The sine of x radians.', 'x 弧度的正弦值。', 'sin(0)', '0'), gm.sin),
  unary('sinh', ofX('The hyperbolic sine of x.', 'x 的双曲正弦值。', 'sinh(0)', '0'), gm.sinh),
  unary('sqrt', ofX('The square root of x.', 'x 的平方根。', 'sqrt(16)', '4'), Math.sqrt),
  unary('tan', ofX('The tangent of x radians.', 'x 弧度的正切值。', 'tan(0)', '0'), gm.tan),
  unary('tanh', ofX('The hyperbolic tangent of x.', 'x 的双曲正切值。', 'tanh(0)', '0'), gm.tanh),
]
