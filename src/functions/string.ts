// String functions (1.0's funcs_str.go). Arguments are turned into text with Go's %v as 1.0 does (a nil argument
// reads as "<nil>"); offsets and lengths follow Go: indexof and substring count UTF-8 bytes, length counts runes.

import { ValidationError } from '../core/errors.js'
import { formatTime } from '../core/time-format.js'
import type { Value } from '../core/value.js'
import type { Expr } from '../sql/ast/expr.js'
import { defineScalar, type ScalarFunction } from './define-function.js'
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

function str1(name: string, description: string, f: (s: string) => Value): ScalarFunction {
  return defineScalar({
    name,
    arity: [1, 1],
    description,
    validate: validateArgs(name, ['string']),
    exec: ([s]) => f(toGoString(s)),
  })
}

function str2(name: string, description: string, f: (a: string, b: string) => Value): ScalarFunction {
  return defineScalar({
    name,
    arity: [2, 2],
    description,
    validate: validateArgs(name, ['string', 'string']),
    exec: ([a, b]) => f(toGoString(a), toGoString(b)),
  })
}

export const stringFunctions: readonly ScalarFunction[] = [
  defineScalar({
    name: 'concat',
    arity: [1, Infinity],
    description: 'Concatenates its arguments (each printed as Go %v).',
    validate: (args) => {
      if (args.length === 0) throw new ValidationError('The arguments for concat should be at least one.\n')
      args.forEach((_, i) => checkArg('concat', args, i, 'string'))
    },
    exec: (args) => args.map(toGoString).join(''),
  }),
  str2('endswith', 'Whether the first string ends with the second.', (a, b) => a.endsWith(b)),
  defineScalar({
    name: 'format_time',
    arity: [2, 2],
    description: 'Formats a datetime with a pattern such as "yyyy-MM-dd HH:mm:ss".',
    validate: validateArgs('format_time', ['datetime', 'string']),
    exec: ([t, pattern]) => formatTimeArg(t, pattern),
  }),
  str2('indexof', 'The byte position of the second string in the first, -1 if absent.', (a, b) => {
    const i = a.indexOf(b)
    return BigInt(i < 0 ? -1 : byteLength(a.slice(0, i)))
  }),
  str1('length', 'The number of characters (runes).', (s) => BigInt(Array.from(s).length)),
  str1('lower', 'Lower case.', (s) => mapRunes(s, false)),
  defineScalar({
    name: 'lpad',
    arity: [2, 2],
    description: 'Prepends n spaces.',
    validate: validateArgs('lpad', ['string', 'int']),
    exec: ([s, n]) => repeatSpaces(toGoInt(n)) + toGoString(s),
  }),
  str1('ltrim', 'Removes leading whitespace.', (s) => s.replace(LEADING_SPACE, '')),
  str1('numbytes', 'The number of UTF-8 bytes.', (s) => BigInt(byteLength(s))),
  str2('regexp_matches', 'Whether the string contains a match of the RE2 pattern.', (s, re) => goMatch(re, s)),
  defineScalar({
    name: 'regexp_replace',
    arity: [3, 3],
    description: 'Replaces every match of the pattern ($1 / ${name} refer to groups).',
    validate: validateArgs('regexp_replace', ['string', 'string', 'string']),
    exec: ([s, re, repl]) => goReplaceAll(toGoString(re), toGoString(s), toGoString(repl)),
  }),
  defineScalar({
    name: 'regexp_substr',
    arity: [2, 2],
    description: 'The first match of the pattern, "" when none.',
    validate: (args) => checkLen('regexp_substr', 2, args),
    exec: ([s, re]) => goFindString(toGoString(re), toGoString(s)),
  }),
  defineScalar({
    name: 'rpad',
    arity: [2, 2],
    description: 'Appends n spaces.',
    validate: validateArgs('rpad', ['string', 'int']),
    exec: ([s, n]) => toGoString(s) + repeatSpaces(toGoInt(n)),
  }),
  str1('rtrim', 'Removes trailing whitespace.', (s) => s.replace(TRAILING_SPACE, '')),
  defineScalar({
    name: 'split_value',
    arity: [3, 3],
    description: 'Splits by a separator and returns the part at an index.',
    validate: validateSplitValue,
    exec: ([s, sep, i]) => splitValue(s, sep, i),
  }),
  str2('startswith', 'Whether the first string starts with the second.', (a, b) => a.startsWith(b)),
  defineScalar({
    name: 'substring',
    arity: [2, 3],
    description: 'The bytes from start (inclusive) to end (exclusive).',
    validate: validateSubstring,
    exec: (args) => byteSlice(toGoString(args[0]), toGoInt(args[1]), args.length > 2 ? toGoInt(args[2]) : undefined),
  }),
  str1('trim', 'Removes leading and trailing whitespace.', (s) =>
    s.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, ''),
  ),
  str1('upper', 'Upper case.', (s) => mapRunes(s, true)),
]
