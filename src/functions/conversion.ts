// Conversion functions (1.0's convCall in funcs_misc.go): cast, chr, encode, trunc. `trunc` truncates to n
// decimals as documented (1.0 rounded); cast(int, "string") gives the decimal text (1.0 gave the rune).

import { ValidationError } from '../core/errors.js'
import { formatGoFloat, type Value } from '../core/value.js'
import { defineScalar, type Documented, type ScalarFunction } from './define-function.js'
import { doc } from './doc.js'
import { argTypeError, checkArg, checkLen, fail, floatToInt64, isStringLit, validateArgs } from './args.js'
import { pow } from './go-math.js'
import { goAtoi, goParseBool, goParseFloat } from '../core/go-strconv.js'

const CAST_TYPES = ['bigint', 'float', 'string', 'boolean', 'datetime']
const notSupported = (): never => fail('Not supported type conversion.')

function cast(v: Value, type: Value): Value {
  if (typeof type !== 'string') return fail('Expect string type for the 2nd parameter.')
  switch (type.toLowerCase()) {
    case 'bigint':
      if (typeof v === 'bigint') return v
      if (typeof v === 'number') return floatToInt64(v)
      if (typeof v === 'string') return goAtoi(v)
      if (typeof v === 'boolean') return v ? 1n : 0n
      return notSupported()
    case 'float':
      if (typeof v === 'bigint') return Number(v)
      if (typeof v === 'number') return v
      if (typeof v === 'string') return goParseFloat(v)
      if (typeof v === 'boolean') return v ? 1 : 0
      return notSupported()
    case 'string':
      if (typeof v === 'bigint') return v.toString()
      if (typeof v === 'number') return formatGoFloat(v) // Go's %g
      if (typeof v === 'string') return v
      if (typeof v === 'boolean') return v ? 'true' : 'false'
      return notSupported()
    case 'boolean':
      if (typeof v === 'bigint') return v !== 0n
      if (typeof v === 'number') return v !== 0
      if (typeof v === 'string') return goParseBool(v)
      if (typeof v === 'boolean') return v
      return notSupported()
    case 'datetime':
      return notSupported()
    default:
      return fail('Unknow type, only support bigint, float, string, boolean and datetime.')
  }
}

function chr(v: Value): bigint {
  if (typeof v === 'bigint') return BigInt.asIntN(32, v) // Go's rune(v)
  if (typeof v === 'number') return BigInt.asIntN(32, floatToInt64(v))
  if (typeof v === 'string') {
    if (Buffer.byteLength(v, 'utf8') > 1) return fail('Parameter length cannot larger than 1.')
    const cp = v.codePointAt(0)
    if (cp === undefined) return fail('runtime error: index out of range [0] with length 0')
    return BigInt(cp)
  }
  return fail('Only bigint, float and string type can be convert to char type.')
}

function encode(v: Value, encoding: Value): string {
  if (typeof encoding !== 'string') return fail('<nil>') // unreachable after validation: 1.0 returned (nil, false)
  if (encoding.toLowerCase() !== 'base64') return fail('Only base64 encoding is supported.')
  if (typeof v !== 'string') return fail('Only string type can be encoded.')
  return Buffer.from(v, 'utf8').toString('base64')
}

/** Truncates `num` to `precision` decimals: trunc(num * 10**p) / 10**p. */
function trunc(num: Value, precision: Value): number {
  let v: number
  if (typeof num === 'bigint') v = Number(num)
  else if (typeof num === 'number') v = num
  else return fail('Only int and float type can be truncated.')
  if (typeof precision !== 'bigint') return fail('The 2nd parameter must be int value.')
  const scale = pow(10, Number(precision))
  return Math.trunc(v * scale) / scale
}

export const conversionFunctions: readonly Documented<ScalarFunction>[] = [
  defineScalar({
    name: 'cast',
    arity: [2, 2],
    doc: doc(
      'any',
      [
        ['x', 'any'],
        ['type', 'string'],
      ],
      'Converts x to "bigint" (a float is truncated), "float", "string" or "boolean"; a string is parsed as Go ' +
        'parses it. "datetime" is accepted by the parser but every conversion to it is an error.',
      '将 x 转换为 "bigint"（浮点数截断取整）、"float"、"string" 或 "boolean"；字符串按 Go 的规则解析。' +
        '"datetime" 可通过语法检查，但转换总是报错。',
      'cast(3.7, "bigint")',
      '3',
    ),
    validate: (args) => {
      checkLen('cast', 2, args)
      const t = args[1]
      if (!isStringLit(t)) throw argTypeError('cast', 1, 'string')
      if (t?.kind === 'StringLiteral' && !CAST_TYPES.includes(t.value)) {
        throw new ValidationError(
          'Expect one of following value for the 2nd parameter: bigint, float, string, boolean, datetime.',
        )
      }
    },
    exec: ([v, type]) => cast(v, type),
  }),
  defineScalar({
    name: 'chr',
    arity: [1, 1],
    doc: doc(
      'int',
      [['c', 'any']],
      'The Unicode code point of a one-byte string; an int or a float is returned as a 32-bit code point.',
      '单字节字符串的 Unicode 码点；整数或浮点数按 32 位码点返回。',
      'chr("A")',
      '65',
    ),
    validate: (args) => {
      checkLen('chr', 1, args)
      const a = args[0]
      if (a?.kind === 'NumberLiteral' || a?.kind === 'TimeLiteral' || a?.kind === 'BooleanLiteral') {
        throw argTypeError('chr', 0, 'int')
      }
    },
    exec: ([v]) => chr(v),
  }),
  defineScalar({
    name: 'encode',
    arity: [2, 2],
    doc: doc(
      'string',
      [
        ['s', 'string'],
        ['encoding', 'string'],
      ],
      'Encodes the UTF-8 bytes of s; the only encoding is "base64" (standard alphabet, padded).',
      '对 s 的 UTF-8 字节编码；仅支持 "base64"（标准字母表，带填充）。',
      'encode("hello", "base64")',
      '"aGVsbG8="',
    ),
    validate: (args) => {
      checkLen('encode', 2, args)
      checkArg('encode', args, 0, 'string')
      const e = args[1]
      if (!isStringLit(e)) throw argTypeError('encode', 1, 'string')
      if (e?.kind === 'StringLiteral' && e.value !== 'base64') {
        throw new ValidationError('Only base64 is supported for the 2nd parameter.')
      }
    },
    exec: ([v, encoding]) => encode(v, encoding),
  }),
  defineScalar({
    name: 'trunc',
    arity: [2, 2],
    doc: doc(
      'float',
      [
        ['x', 'number'],
        ['n', 'int'],
      ],
      'x cut (not rounded) to n decimal places, as a float.',
      '将 x 截断（不四舍五入）到 n 位小数，结果为浮点数。',
      'trunc(3.14159, 2)',
      '3.14',
    ),
    validate: validateArgs('trunc', ['number', 'int']),
    exec: ([num, precision]) => trunc(num, precision),
  }),
]
