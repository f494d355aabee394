// Go's strconv as 1.0 used it: Quote, Atoi, ParseUint(s, 10, 64), ParseFloat(s, 64) and ParseBool, with Go's
// syntax and Go's error texts (`strconv.Atoi: parsing "abc": invalid syntax`). The one implementation of each.
//
// What the callers need differs only in how a failure reaches them, so each parse comes in two named variants of
// one scanner:
// - `goAtoi`, `goParseUint`, `goParseFloat`, `goParseBool` throw a GoNumError carrying Go's error text. The cast
//   function reports that text as its own failure (so the error is an EvalError) and the EdgeX source logs it
//   when it drops a reading.
// - `tryAtoi`, `tryParseFloat`, `tryParseBool` return undefined instead: the preprocessor replaces Go's error
//   with its own `invalid data type for ...` and must not pay for an exception on each bad field.
// Results keep Go's types: integers are int64 (uint64 for ParseUint) as bigint, floats a JS number.
//
// Edge behaviour, by Go 1.15 (the toolchain of 1.0): Atoi takes an optional sign and decimal digits only (no
// spaces, no underscores, no base prefix) within int64. ParseUint takes no sign at all. ParseFloat takes decimal and
// hexadecimal (`0x1.8p3`, a `p` exponent required) mantissas, `inf`/`infinity` in any case with an optional sign,
// `nan` in any case without one, and underscores between digits (`1_000.5`, `0x_1p4`) but never at the start, the
// end, doubled or next to `.`/`e`. Overflow is `value out of range`; underflow is 0 without an error.
// Before this module the three copies disagreed: one rejected hex floats, one every underscore, one accepted
// `+nan`, and the EdgeX one quoted the input with JSON rather than Go.

import { EvalError } from './errors.js'

// ---- Quote ----

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

const hex = (cp: number, width: number): string => cp.toString(16).padStart(width, '0')

/**
 * Go's strconv.Quote: double-quoted, printable characters kept, the rest escaped (`\n`, `\x01`, `\u00a0`,
 * `\U000e0001`). A lone surrogate, which a Go string cannot hold, is written as Go writes an invalid rune: `\ufffd`.
 * @example goQuote('a "b"\n') // '"a \\"b\\"\\n"'
 */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const short = SHORT_ESCAPES[ch]
    if (short !== undefined) {
      out += short
      continue
    }
    if (PRINTABLE.test(ch)) {
      out += ch
      continue
    }
    const cp = ch.codePointAt(0)!
    if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`
    else out += `\\U${hex(cp, 8)}`
  }
  return out + '"'
}

// ---- the parse error ----

/** Why a parse failed, in Go's words (strconv.ErrSyntax, strconv.ErrRange). */
export type NumErrorReason = 'invalid syntax' | 'value out of range'

/** Go's *strconv.NumError: `strconv.<Func>: parsing "<input>": <reason>`. */
export class GoNumError extends EvalError {
  constructor(
    readonly func: string,
    readonly input: string,
    readonly reason: NumErrorReason,
  ) {
    super(`strconv.${func}: parsing ${goQuote(input)}: ${reason}`)
  }
}

const SYNTAX: NumErrorReason = 'invalid syntax'
const RANGE: NumErrorReason = 'value out of range'

function orThrow<T>(func: string, s: string, r: T | NumErrorReason): T {
  if (typeof r === 'string') throw new GoNumError(func, s, r as NumErrorReason)
  return r
}

function orUndefined<T>(r: T | NumErrorReason): T | undefined {
  return typeof r === 'string' ? undefined : r
}

// ---- Atoi, ParseUint ----

const INT64_MIN = -(1n << 63n)
const INT64_MAX = (1n << 63n) - 1n
const UINT64_MAX = (1n << 64n) - 1n

function scanAtoi(s: string): bigint | NumErrorReason {
  if (!/^[+-]?[0-9]+$/.test(s)) return SYNTAX
  const v = BigInt(s)
  return v < INT64_MIN || v > INT64_MAX ? RANGE : v
}

function scanUint64(s: string): bigint | NumErrorReason {
  if (!/^[0-9]+$/.test(s)) return SYNTAX
  const v = BigInt(s)
  return v > UINT64_MAX ? RANGE : v
}

/** strconv.Atoi on a 64-bit platform; throws GoNumError. */
export const goAtoi = (s: string): bigint => orThrow('Atoi', s, scanAtoi(s))
/** strconv.Atoi; undefined where Go returns an error. */
export const tryAtoi = (s: string): bigint | undefined => orUndefined(scanAtoi(s))
/** strconv.ParseUint(s, 10, 64); throws GoNumError. */
export const goParseUint = (s: string): bigint => orThrow('ParseUint', s, scanUint64(s))

// ---- ParseFloat ----

const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i
// Digits may carry underscores here; underscoreOK decides whether they stand where Go allows them (and so that a
// mantissa of underscores alone has no digit). No two repetitions can share a character: no backtracking blow-up.
const DECIMAL = /^[+-]?(?:[0-9_]+(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][+-]?[0-9][0-9_]*)?$/
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9][0-9_]*)$/

/** Go's underscoreOK: each underscore stands between two digits, or between the base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let body = s.replace(/^[+-]/, '')
  let saw = '^' // ^ start, 0 digit or base prefix, _ underscore, ! anything else
  let digit = /[0-9]/
  if (/^0[xX]/.test(body)) {
    body = body.slice(2)
    saw = '0'
    digit = /[0-9a-fA-F]/
  }
  for (const c of body) {
    if (digit.test(c)) saw = '0'
    else if (c === '_') {
      if (saw !== '0') return false
      saw = '_'
    } else if (saw === '_') return false
    else saw = '!'
  }
  return saw !== '_'
}

/** mant · 2^exp rounded to the nearest double (ties to even), subnormals included; Infinity beyond the range. */
function scaleBinary(mant: bigint, exp: number): number {
  if (mant === 0n) return 0
  const bits = mant.toString(2).length
  const top = exp + bits - 1 // exponent of the leading bit
  const precision = top >= -1022 ? 53 : 53 - (-1022 - top)
  const drop = bits - precision
  if (drop > 0) {
    const d = BigInt(drop)
    const rest = mant & ((1n << d) - 1n)
    const half = 1n << (d - 1n)
    mant >>= d
    if (rest > half || (rest === half && (mant & 1n) === 1n)) mant += 1n
    exp += drop
  }
  // Two steps so that neither power of two underflows or overflows on its own.
  const first = Math.trunc(exp / 2)
  return Number(mant) * Math.pow(2, first) * Math.pow(2, exp - first)
}

function scanFloat64(s: string): number | NumErrorReason {
  const special = SPECIAL.exec(s)
  if (special !== null) {
    if (special[2]!.toLowerCase() === 'nan') return special[1] === '' ? NaN : SYNTAX
    return special[1] === '-' ? -Infinity : Infinity
  }
  if (s.includes('_') && !underscoreOK(s)) return SYNTAX
  let v: number
  const hexFloat = HEX_FLOAT.exec(s)
  if (hexFloat !== null) {
    const intPart = hexFloat[2]!.replace(/_/g, '')
    const fracPart = (hexFloat[3] ?? '').replace(/_/g, '')
    if (intPart === '' && fracPart === '') return SYNTAX
    // Go stops reading the exponent at 10000: beyond that it only matters that it is huge.
    const e = Math.max(-1e5, Math.min(1e5, Number(hexFloat[4]!.replace(/_/g, ''))))
    const m = scaleBinary(BigInt(`0x${intPart}${fracPart}`), e - 4 * fracPart.length)
    v = hexFloat[1] === '-' ? -m : m
  } else if (DECIMAL.test(s)) {
    v = Number(s.replace(/_/g, ''))
  } else return SYNTAX
  return Number.isFinite(v) ? v : RANGE
}

/** strconv.ParseFloat(s, 64); throws GoNumError. */
export const goParseFloat = (s: string): number => orThrow('ParseFloat', s, scanFloat64(s))
/** strconv.ParseFloat(s, 64); undefined where Go returns an error. */
export const tryParseFloat = (s: string): number | undefined => orUndefined(scanFloat64(s))

// ---- ParseBool ----

const BOOLS: ReadonlyMap<string, boolean> = new Map([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((k) => [k, true] as const),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((k) => [k, false] as const),
])

const scanBool = (s: string): boolean | NumErrorReason => BOOLS.get(s) ?? SYNTAX

/** strconv.ParseBool (exactly 1 t T TRUE true True / 0 f F FALSE false False); throws GoNumError. */
export const goParseBool = (s: string): boolean => orThrow('ParseBool', s, scanBool(s))
/** strconv.ParseBool; undefined where Go returns an error. */
export const tryParseBool = (s: string): boolean | undefined => orUndefined(scanBool(s))
