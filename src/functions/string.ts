// String functions (1.0's funcs_str.go). Arguments are turned into text with Go's %v as 1.0 does (a nil argument
// reads as "<nil>"); offsets and lengths follow Go: indexof and substring count UTF-8 bytes, length counts runes.

import { ValidationError } from '../core/errors.js'
import { formatTime } from '../core/time-format.js'
import type { Value } from '../core/value.js'
import type { Expr } from '../sql/ast/expr.js'
import { defineScalar, type Documented, type FunctionDoc, type ScalarFunction } from './define-function.js'
import { doc, sig } from './doc.js'
import { checkArg, checkLen, fail, toGoInt, toGoString, validateArgs } from './args.js'
import { goFindString, goMatch, goReplaceAll } from './go-regexp.js'

/** Go's unicode.IsSpace. */
const SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000'
const LEADING_SPACE = new RegExp(`^[${SPACE}]+`)
const TRAILING_SPACE = new RegExp(`[${SPACE}]+$`)

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false
  return true
}

/** Go's strings.ToUpper/ToLower map rune by rune; a JS mapping to several code points is not a Go rune mapping. */
function mapRunes(s: string, upper: boolean): string {
  if (isAscii(s)) return upper ? s.toUpperCase() : s.toLowerCase()
  let out = ''
  for (const ch of s) {
    const m = upper ? ch.toUpperCase() : ch.toLowerCase()
    const cps = Array.from(m)
    if (cps.length === 1) out += m
    else out += upper ? ch : (cps[0] ?? ch) // İ lowers to i; ß, ŉ and ligatures keep their case
  }
  return out
}

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8')

/** Go's s[start:end] on the UTF-8 bytes of `s`, with Go's panic text when out of range. */
function byteSlice(s: string, start: bigint, end: bigint | undefined): string {
  const bytes = Buffer.from(s, 'utf8')
  const len = BigInt(bytes.length)
  if (end === undefined) {
    if (start < 0n || start > len) return fail(`runtime error: slice bounds out of range [${start}:${len}]`)
    return bytes.subarray(Number(start)).toString('utf8')
  }
  if (end < 0n || end > len) return fail(`runtime error: slice bounds out of range [:${end}] with length ${len}`)
  if (start < 0n || start > end) return fail(`runtime error: slice bounds out of range [${start}:${end}]`)
  return bytes.subarray(Number(start), Number(end)).toString('utf8')
}

function repeatSpaces(n: bigint): string {
  if (n < 0n) return fail('strings: negative Repeat count')
  return ' '.repeat(Number(n))
}

function goSplit(s: string, sep: string): string[] {
  return sep === '' ? Array.from(s) : s.split(sep)
}

function formatTimeArg(t: Value, pattern: Value): string {
  // 1.0 returns ("", false) for a non-time argument or a bad pattern: an error with an empty message.
  if (!(t instanceof Date)) return fail('')
  try {
    return formatTime(t, toGoString(pattern))
  } catch {
    return fail('')
  }
}

function validateSubstring(args: readonly Expr[]): void {
  if (args.length !== 2 && args.length !== 3) throw new ValidationError('the arguments for substring should be 2 or 3')
  checkArg('substring', args, 0, 'string')
  for (let i = 1; i < args.length; i++) checkArg('substring', args, i, 'int')
  const s = args[1]
  const e = args[2]
  if (s?.kind === 'IntegerLiteral') {
    if (s.value < 0n) throw new ValidationError('The start index should not be a nagtive integer.')
    if (e?.kind === 'IntegerLiteral' && e.value < s.value) {
      throw new ValidationError('The end index should be larger than start index.')
    }
  }
}

function validateSplitValue(args: readonly Expr[]): void {
  if (args.length !== 3) throw new ValidationError('the arguments for split_value should be 3')
  checkArg('split_value', args, 0, 'string')
  checkArg('split_value', args, 1, 'string')
  checkArg('split_value', args, 2, 'int')
  const i = args[2]
  if (i?.kind === 'IntegerLiteral' && i.value < 0n) {
    throw new ValidationError('The index should not be a nagtive integer.')
  }
}

function splitValue(s: Value, sep: Value, index: Value): string {
  const parts = goSplit(toGoString(s), toGoString(sep))
  let i = 0n
  try {
    i = toGoInt(index) // 1.0 ignores a conversion error and reads index 0
  } catch {
    i = 0n
  }
  if (i > BigInt(parts.length - 1)) return fail(`${i} out of index array (size = ${parts.length})`)
  if (i < 0n) return fail(`runtime error: index out of range [${i}]`)
  return parts[Number(i)] ?? ''
}

function str1(name: string, doc: FunctionDoc, f: (s: string) => Value): Documented<ScalarFunction> {
  return defineScalar({
    name,
    arity: [1, 1],
    doc,
    validate: validateArgs(name, ['string']),
    exec: ([s]) => f(toGoString(s)),
  })
}

function str2(name: string, doc: FunctionDoc, f: (a: string, b: string) => Value): Documented<ScalarFunction> {
  return defineScalar({
    name,
    arity: [2, 2],
    doc,
    validate: validateArgs(name, ['string', 'string']),
    exec: ([a, b]) => f(toGoString(a), toGoString(b)),
  })
}

export const stringFunctions: readonly Documented<ScalarFunction>[] = [
  defineScalar({
    name: 'concat',
    arity: [1, Infinity],
    doc: doc(
      'string',
      [['s', 'any', 'variadic']],
      'Joins its arguments into one string; a non-string argument is printed as Go prints it (%v), null as "<nil>".',
      '将各参数连接成一个字符串；非字符串参数按 Go 的 %v 格式打印，null 打印为 "<nil>"。',
      'concat("Hello", ", ", "world")',
      '"Hello, world"',
    ),
    validate: (args) => {
      if (args.length === 0) throw new ValidationError('The arguments for concat should be at least one.\n')
      args.forEach((_, i) => checkArg('concat', args, i, 'string'))
    },
    exec: (args) => args.map(toGoString).join(''),
  }),
  str2(
    'endswith',
    doc(
      'boolean',
      [
        ['s', 'string'],
        ['suffix', 'string'],
      ],
      'Whether s ends with suffix.',
      's 是否以 suffix 结尾。',
      'endswith("kuiper.yaml", ".yaml")',
      'true',
    ),
    (a, b) => a.endsWith(b),
  ),
  defineScalar({
    name: 'format_time',
    arity: [2, 2],
    doc: {
      signature: sig('string', ['t', 'datetime'], ['pattern', 'string']),
      description: {
        en: 'Formats a datetime (a DATETIME field) in UTC with a pattern of yyyy, MM, dd, HH, mm, ss, SSS and Z.',
        zh: '按格式串（yyyy、MM、dd、HH、mm、ss、SSS、Z）以 UTC 格式化一个日期时间（DATETIME 字段）。',
      },
      example: {
        sql: 'format_time(ts, "yyyy-MM-dd HH:mm:ss")',
        schema: 'ts DATETIME',
        rows: [{ ts: 1568894400000 }],
        result: '"2019-09-19 12:00:00"',
      },
    },
    validate: validateArgs('format_time', ['datetime', 'string']),
    exec: ([t, pattern]) => formatTimeArg(t, pattern),
  }),
  str2(
    'indexof',
    doc(
      'int',
      [
        ['s', 'string'],
        ['sub', 'string'],
      ],
      'The position (in UTF-8 bytes, from 0) of the first sub in s; -1 when s does not contain it.',
      'sub 在 s 中第一次出现的位置（按 UTF-8 字节计，从 0 开始）；不包含时为 -1。',
      'indexof("kuiper", "per")',
      '3',
    ),
    (a, b) => {
      const i = a.indexOf(b)
      return BigInt(i < 0 ? -1 : byteLength(a.slice(0, i)))
    },
  ),
  str1(
    'length',
    doc(
      'int',
      [['s', 'string']],
      'The number of characters (Unicode code points) in s.',
      's 中的字符（Unicode 码点）个数。',
      'length("héllo")',
      '5',
    ),
    (s) => BigInt(Array.from(s).length),
  ),
  str1(
    'lower',
    doc('string', [['s', 'string']], 's in lower case.', 's 的小写形式。', 'lower("Kuiper")', '"kuiper"'),
    (s) => mapRunes(s, false),
  ),
  defineScalar({
    name: 'lpad',
    arity: [2, 2],
    doc: doc(
      'string',
      [
        ['s', 'string'],
        ['n', 'int'],
      ],
      's with n spaces added on its left.',
      '在 s 左侧加上 n 个空格。',
      'lpad("ab", 3)',
      '"   ab"',
    ),
    validate: validateArgs('lpad', ['string', 'int']),
    exec: ([s, n]) => repeatSpaces(toGoInt(n)) + toGoString(s),
  }),
  str1(
    'ltrim',
    doc(
      'string',
      [['s', 'string']],
      's without its leading whitespace.',
      '去掉 s 开头的空白字符。',
      'ltrim("  ab  ")',
      '"ab  "',
    ),
    (s) => s.replace(LEADING_SPACE, ''),
  ),
  str1(
    'numbytes',
    doc(
      'int',
      [['s', 'string']],
      'The number of bytes of s in UTF-8.',
      's 的 UTF-8 字节数。',
      'numbytes("héllo")',
      '6',
    ),
    (s) => BigInt(byteLength(s)),
  ),
  str2(
    'regexp_matches',
    doc(
      'boolean',
      [
        ['s', 'string'],
        ['pattern', 'string'],
      ],
      'Whether s contains a match of the regular expression (Go RE2 syntax).',
      's 是否包含该正则表达式（Go RE2 语法）的匹配。',
      'regexp_matches("sensor42", "[0-9]+$")',
      'true',
    ),
    (s, re) => goMatch(re, s),
  ),
  defineScalar({
    name: 'regexp_replace',
    arity: [3, 3],
    doc: doc(
      'string',
      [
        ['s', 'string'],
        ['pattern', 'string'],
        ['replacement', 'string'],
      ],
      'Replaces every match of the pattern in s; in the replacement, $1 or ${name} stand for a group.',
      '将 s 中该正则表达式的每个匹配替换掉；替换串中 $1 或 ${name} 表示分组。',
      'regexp_replace("a1b22c333", "[0-9]+", "-")',
      '"a-b-c-"',
    ),
    validate: validateArgs('regexp_replace', ['string', 'string', 'string']),
    exec: ([s, re, repl]) => goReplaceAll(toGoString(re), toGoString(s), toGoString(repl)),
  }),
  defineScalar({
    name: 'regexp_substr',
    arity: [2, 2],
    doc: doc(
      'string',
      [
        ['s', 'string'],
        ['pattern', 'string'],
      ],
      'The first match of the pattern in s; "" when there is none.',
      's 中该正则表达式的第一个匹配；没有匹配时为 ""。',
      'regexp_substr("temp=21.5C", "[0-9.]+")',
      '"21.5"',
    ),
    validate: (args) => checkLen('regexp_substr', 2, args),
    exec: ([s, re]) => goFindString(toGoString(re), toGoString(s)),
  }),
  defineScalar({
    name: 'rpad',
    arity: [2, 2],
    doc: doc(
      'string',
      [
        ['s', 'string'],
        ['n', 'int'],
      ],
      's with n spaces added on its right.',
      '在 s 右侧加上 n 个空格。',
      'rpad("ab", 3)',
      '"ab   "',
    ),
    validate: validateArgs('rpad', ['string', 'int']),
    exec: ([s, n]) => toGoString(s) + repeatSpaces(toGoInt(n)),
  }),
  str1(
    'rtrim',
    doc(
      'string',
      [['s', 'string']],
      's without its trailing whitespace.',
      '去掉 s 末尾的空白字符。',
      'rtrim("  ab  ")',
      '"  ab"',
    ),
    (s) => s.replace(TRAILING_SPACE, ''),
  ),
  defineScalar({
    name: 'split_value',
    arity: [3, 3],
    doc: doc(
      'string',
      [
        ['s', 'string'],
        ['separator', 'string'],
        ['index', 'int'],
      ],
      'Splits s at each separator and returns the part at index (from 0); an index past the last part is an error.',
      '用 separator 拆分 s，返回下标为 index（从 0 开始）的部分；下标超出范围时报错。',
      'split_value("a/b/c", "/", 1)',
      '"b"',
    ),
    validate: validateSplitValue,
    exec: ([s, sep, i]) => splitValue(s, sep, i),
  }),
  str2(
    'startswith',
    doc(
      'boolean',
      [
        ['s', 'string'],
        ['prefix', 'string'],
      ],
      'Whether s starts with prefix.',
      's 是否以 prefix 开头。',
      'startswith("kuiper", "kui")',
      'true',
    ),
    (a, b) => a.startsWith(b),
  ),
  defineScalar({
    name: 'substring',
    arity: [2, 3],
    doc: doc(
      'string',
      [
        ['s', 'string'],
        ['start', 'int'],
        ['end', 'int', 'optional'],
      ],
      'The part of s from start (included) to end (excluded, default: the end of s), counted in UTF-8 bytes from 0.',
      's 中从 start（包含）到 end（不包含，默认到末尾）的部分，按 UTF-8 字节从 0 开始计。',
      'substring("kuiper", 1, 3)',
      '"ui"',
    ),
    validate: validateSubstring,
    exec: (args) => byteSlice(toGoString(args[0]), toGoInt(args[1]), args.length > 2 ? toGoInt(args[2]) : undefined),
  }),
  str1(
    'trim',
    doc(
      'string',
      [['s', 'string']],
      's without its leading and trailing whitespace.',
      '去掉 s 开头和末尾的空白字符。',
      'trim("  ab  ")',
      '"ab"',
    ),
    (s) => s.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, ''),
  ),
  str1(
    'upper',
    doc('string', [['s', 'string']], 's in upper case.', 's 的大写形式。', 'upper("kuiper")', '"KUIPER"'),
    (s) => mapRunes(s, true),
  ),
]
