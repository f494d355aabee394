// Go's strconv.Atoi / ParseFloat / ParseBool as the 1.0 preprocessor uses them to read numbers and booleans out of
// strings: each returns undefined where Go returns an error.

const MAX_INT64 = (1n << 63n) - 1n
const MIN_INT64 = -(1n << 63n)

/** strconv.Atoi on a 64-bit platform: optional sign, decimal digits only, within int64. */
export function atoi(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined
  const v = BigInt(s)
  return v > MAX_INT64 || v < MIN_INT64 ? undefined : v
}

const DECIMAL = /^[+-]?(?:[0-9]+(?:_[0-9]+)*\.?(?:[0-9]+(?:_[0-9]+)*)?|\.[0-9]+(?:_[0-9]+)*)(?:[eE][+-]?[0-9]+)?$/
const HEX = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i

/** strconv.ParseFloat(s, 64): decimal and hex-exponent forms, inf/infinity/nan; out of range is an error. */
export function parseFloat64(s: string): number | undefined {
  const special = SPECIAL.exec(s)
  if (special !== null) {
    if (special[2]!.toLowerCase() === 'nan') return special[1] === '' ? NaN : undefined
    return special[1] === '-' ? -Infinity : Infinity
  }
  if (DECIMAL.test(s)) {
    // Go only allows underscores after a base prefix.
    if (s.includes('_')) return undefined
    const v = Number(s)
    return Number.isFinite(v) ? v : undefined
  }
  const hex = HEX.exec(s)
  if (hex !== null) {
    const intPart = hex[2]!.replace(/_/g, '')
    const fracPart = (hex[3] ?? '').replace(/_/g, '')
    if (intPart === '' && fracPart === '') return undefined
    let mant = 0
    for (const ch of intPart + fracPart) mant = mant * 16 + parseInt(ch, 16)
    const exp = Number(hex[4]!.replace(/_/g, '')) - 4 * fracPart.length
    const v = mant * Math.pow(2, exp)
    if (!Number.isFinite(v)) return undefined
    return hex[1] === '-' ? -v : v
  }
  return undefined
}

/** strconv.ParseBool: exactly 1 t T TRUE true True / 0 f F FALSE false False. */
export function parseBool(s: string): boolean | undefined {
  switch (s) {
    case '1':
    case 't':
    case 'T':
    case 'TRUE':
    case 'true':
    case 'True':
      return true
    case '0':
    case 'f':
    case 'F':
    case 'FALSE':
    case 'false':
    case 'False':
      return false
    default:
      return undefined
  }
}

/** Go's int(f) / uint64(f) of the preprocessor: truncation toward zero, values beyond MaxInt64 kept as uint64. */
export function floatToInt(f: number): bigint {
  if (!Number.isFinite(f)) return MIN_INT64
  const v = BigInt(Math.trunc(f))
  return v < MIN_INT64 ? MIN_INT64 : v
}
