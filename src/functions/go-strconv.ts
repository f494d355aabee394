// Go's strconv as the cast function uses it: Atoi, ParseFloat, ParseBool and Quote, with Go's error texts
// (`strconv.Atoi: parsing "abc": invalid syntax`).

import { fail } from './args.js'

/** Go's strconv.Quote for the error texts (printable ASCII kept, the rest escaped). */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    if (ch === '"' || ch === '\\') out += '\\' + ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\r') out += '\\r'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else out += ch
  }
  return out + '"'
}

const syntaxError = (fn: string, s: string): never => fail(`strconv.${fn}: parsing ${goQuote(s)}: invalid syntax`)
const rangeError = (fn: string, s: string): never => fail(`strconv.${fn}: parsing ${goQuote(s)}: value out of range`)

/** Go's strconv.Atoi (base 10, optional sign, int64 range). */
export function goAtoi(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) return syntaxError('Atoi', s)
  const v = BigInt(s)
  if (v > 9223372036854775807n || v < -9223372036854775808n) return rangeError('Atoi', s)
  return v
}

/** Go's strconv.ParseFloat(s, 64): decimal and exponent forms, inf/infinity/nan; no hex floats. */
export function goParseFloat(s: string): number {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s)
  if (special !== null) {
    if ((special[2] ?? '').toLowerCase() === 'nan') return special[1] === '' ? NaN : syntaxError('ParseFloat', s)
    return special[1] === '-' ? -Infinity : Infinity
  }
  if (!/^[+-]?(\d+(_\d+)*\.?(\d+(_\d+)*)?|\.\d+(_\d+)*)([eE][+-]?\d+)?$/.test(s) || s.includes('_')) {
    return syntaxError('ParseFloat', s)
  }
  const v = Number(s)
  if (!Number.isFinite(v)) return rangeError('ParseFloat', s)
  return v
}

/** Go's strconv.ParseBool. */
export function goParseBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false
  return syntaxError('ParseBool', s)
}
