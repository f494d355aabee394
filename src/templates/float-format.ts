// Go's strconv float formatting ('e', 'f', 'g' with or without precision, for float64 and float32), with exact
// round-half-even decimal rounding done in BigInt arithmetic so that `%.2f` and friends print what Go prints.

/** Decimal digits without leading or trailing zeros, and the position of the decimal point (Go's decimalSlice). */
interface Digits {
  readonly d: string
  readonly dp: number
}

/** x = mant × 2^exp exactly (x finite, > 0). */
function decompose(x: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const e = Number((bits >> 52n) & 0x7ffn)
  const f = bits & ((1n << 52n) - 1n)
  if (e === 0) return { mant: f, exp: -1074 }
  return { mant: f | (1n << 52n), exp: e - 1075 }
}

/** round(num/den) with ties to even. */
function roundDiv(num: bigint, den: bigint): bigint {
  const q = num / den
  const r2 = (num % den) * 2n
  if (r2 > den || (r2 === den && q % 2n === 1n)) return q + 1n
  return q
}

function trimZeros(s: string, dp: number): Digits {
  let end = s.length
  while (end > 0 && s[end - 1] === '0') end--
  let start = 0
  while (start < end && s[start] === '0') {
    start++
    dp--
  }
  return start === end ? { d: '', dp: 0 } : { d: s.slice(start, end), dp }
}

/** Shortest round-trip digits (Go's shortest, as JavaScript's Number→string is); float32 when `bits32`. */
function shortest(x: number, bits32: boolean): Digits {
  if (x === 0) return { d: '', dp: 0 }
  let s = x.toExponential()
  if (bits32) {
    for (let p = 1; p <= 9; p++) {
      const t = x.toExponential(p - 1)
      if (Math.fround(Number(t)) === x) {
        s = t
        break
      }
    }
  }
  const [mant, e] = s.split('e') as [string, string]
  return trimZeros(mant.replace('.', ''), Number(e) + 1)
}

/** x rounded to `nd` significant digits (nd ≥ 1), exactly, ties to even. */
function roundedSig(x: number, nd: number): Digits {
  if (x === 0) return { d: '', dp: 0 }
  const { mant, exp } = decompose(x)
  let num = exp >= 0 ? mant << BigInt(exp) : mant
  let den = exp >= 0 ? 1n : 1n << BigInt(-exp)
  // k = floor(log10(x)), fixed up exactly.
  let k = Math.floor(Math.log10(x))
  const ge = (kk: number): boolean => (kk >= 0 ? num >= den * 10n ** BigInt(kk) : num * 10n ** BigInt(-kk) >= den)
  while (!ge(k)) k--
  while (ge(k + 1)) k++
  const s = nd - 1 - k
  if (s >= 0) num *= 10n ** BigInt(s)
  else den *= 10n ** BigInt(-s)
  let n = roundDiv(num, den)
  if (n === 10n ** BigInt(nd)) {
    n = 10n ** BigInt(nd - 1)
    k++
  }
  return trimZeros(n.toString(), k + 1)
}

/** x rounded at `frac` decimals, exactly, ties to even: the integer and fraction digit strings. */
function roundedFixed(x: number, frac: number): { int: string; frac: string } {
  const { mant, exp } = x === 0 ? { mant: 0n, exp: 0 } : decompose(x)
  let num = exp >= 0 ? mant << BigInt(exp) : mant
  const den = exp >= 0 ? 1n : 1n << BigInt(-exp)
  num *= 10n ** BigInt(frac)
  const s = roundDiv(num, den)
    .toString()
    .padStart(frac + 1, '0')
  return { int: s.slice(0, s.length - frac), frac: s.slice(s.length - frac) }
}

function fmtE(dg: Digits, prec: number, e: 'e' | 'E'): string {
  let out = dg.d === '' ? '0' : dg.d[0]!
  if (prec > 0) {
    out += '.'
    for (let i = 1; i <= prec; i++) out += dg.d[i] ?? '0'
  }
  const exp = dg.d === '' ? 0 : dg.dp - 1
  const abs = String(Math.abs(exp))
  return `${out}${e}${exp < 0 ? '-' : '+'}${abs.length < 2 ? '0' + abs : abs}`
}

function fmtF(dg: Digits, prec: number): string {
  let out = ''
  if (dg.dp > 0) {
    for (let i = 0; i < dg.dp; i++) out += dg.d[i] ?? '0'
  } else out = '0'
  if (prec > 0) {
    out += '.'
    for (let i = 0; i < prec; i++) {
      const j = dg.dp + i
      out += j < 0 ? '0' : (dg.d[j] ?? '0')
    }
  }
  return out
}

/**
 * strconv.FormatFloat(x, fmt, prec, bits): `fmt` one of e E f F g G; `prec` < 0 = shortest.
 * @example formatFloat(1e6, 'g', -1) === '1e+06'; formatFloat(2.5, 'f', 0) === '2'
 */
export function formatFloat(x: number, fmt: string, prec: number, bits: 32 | 64 = 64): string {
  if (Number.isNaN(x)) return 'NaN'
  if (x === Infinity) return '+Inf'
  if (x === -Infinity) return '-Inf'
  const neg = x < 0 || Object.is(x, -0)
  const a = Math.abs(x)
  const sign = neg ? '-' : ''
  const short = prec < 0
  switch (fmt) {
    case 'e':
    case 'E': {
      const dg = short ? shortest(a, bits === 32) : roundedSig(a, prec + 1)
      return sign + fmtE(dg, short ? Math.max(dg.d.length - 1, 0) : prec, fmt)
    }
    case 'f':
    case 'F': {
      if (short) {
        const dg = shortest(a, bits === 32)
        return sign + fmtF(dg, Math.max(dg.d.length - dg.dp, 0))
      }
      const r = roundedFixed(a, prec)
      return sign + r.int + (prec > 0 ? '.' + r.frac : '')
    }
    default: {
      // g / G
      let p = prec
      if (p === 0) p = 1
      const dg = short ? shortest(a, bits === 32) : roundedSig(a, p)
      let eprec = short ? 6 : p
      if (!short && eprec > dg.d.length && dg.d.length >= dg.dp) eprec = dg.d.length
      const exp = dg.dp - 1
      if (dg.d !== '' && (exp < -4 || exp >= eprec)) {
        let ep = short ? dg.d.length : p
        if (ep > dg.d.length) ep = dg.d.length
        return sign + fmtE(dg, ep - 1, fmt === 'G' ? 'E' : 'e')
      }
      let fp = short ? dg.d.length : p
      if (fp > dg.dp) fp = dg.d.length
      return sign + fmtF(dg, Math.max(fp - dg.dp, 0))
    }
  }
}
