// Ports of Go's math package as Kuiper 1.0 ran it on amd64, where V8's Math differs in the last bit: Exp and Log
// (Go's amd64 assembly, FMA path), Cephes sin/cos/tan/atan/asin, sinh/cosh/tanh, Pow, Round. Checked bit for bit
// against Go 1.19 on amd64 over ~3000 inputs each.
/* eslint-disable no-loss-of-precision -- Go's constants verbatim; each rounds to the float64 Go uses */

import { fma } from './fma.js'

const PI = Math.PI
const buf = new DataView(new ArrayBuffer(8))

function bits(f: number): bigint {
  buf.setFloat64(0, f)
  return buf.getBigUint64(0)
}

function fromBits(b: bigint): number {
  buf.setBigUint64(0, BigInt.asUintN(64, b))
  return buf.getFloat64(0)
}

const MASK = 0x7ffn
const SHIFT = 52n
const BIAS = 1023

/** Go's math.Frexp: frac in [0.5, 1) and exp with f = frac * 2**exp. */
export function frexp(f: number): [number, number] {
  if (f === 0 || !Number.isFinite(f)) return [f, 0]
  let exp = 0
  if (Math.abs(f) < 2.2250738585072014e-308) {
    f *= 4503599627370496 // 2**52: normalize a subnormal
    exp = -52
  }
  let x = bits(f)
  exp += Number((x >> SHIFT) & MASK) - BIAS + 1
  x &= ~(MASK << SHIFT)
  x |= BigInt(-1 + BIAS) << SHIFT
  return [fromBits(x), exp]
}

/** Go's math.Ldexp: frac * 2**exp, with Go's underflow, overflow and subnormal handling. */
export function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac
  const [f, e] = frexp(frac)
  exp += e
  let x = bits(f)
  exp += Number((x >> SHIFT) & MASK) - BIAS
  if (exp < -1075) return f < 0 ? -0 : 0
  if (exp > 1023) return f < 0 ? -Infinity : Infinity
  let m = 1
  if (exp < -1022) {
    exp += 53
    m = 1 / 9007199254740992 // 2**-53
  }
  x &= ~(MASK << SHIFT)
  x |= BigInt(exp + BIAS) << SHIFT
  return m * fromBits(x)
}

function isOddInt(x: number): boolean {
  if (Math.abs(x) >= 9007199254740992) return false
  const xi = Math.trunc(x)
  return x - xi === 0 && BigInt(xi) % 2n !== 0n
}

/** Go's math.Pow: repeated squaring for the integer part of y, Exp(yf*Log(x)) for the fraction. */
export function pow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1
  if (y === 1) return x
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN
  if (x === 0) {
    if (y < 0) return Object.is(x, -0) && isOddInt(y) ? -Infinity : Infinity
    return Object.is(x, -0) && isOddInt(y) ? x : 0
  }
  if (!Number.isFinite(y)) {
    if (x === -1) return 1
    return Math.abs(x) < 1 === y > 0 ? 0 : Infinity
  }
  if (!Number.isFinite(x)) {
    if (x < 0) return pow(1 / x, -y)
    return y < 0 ? 0 : Infinity
  }
  if (y === 0.5) return Math.sqrt(x)
  if (y === -0.5) return 1 / Math.sqrt(x)
  const ay = Math.abs(y)
  let yi = Math.trunc(ay)
  let yf = ay - yi
  if (yf !== 0 && x < 0) return NaN
  if (yi >= 9223372036854775808) {
    if (x === -1) return 1
    return Math.abs(x) < 1 === y > 0 ? 0 : Infinity
  }
  let a1 = 1
  let ae = 0
  if (yf !== 0) {
    if (yf > 0.5) {
      yf--
      yi++
    }
    a1 = exp(yf * log(x))
  }
  let [x1, xe] = frexp(x)
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe
      break
    }
    if ((i & 1n) === 1n) {
      a1 *= x1
      ae += xe
    }
    x1 *= x1
    xe <<= 1
    if (x1 < 0.5) {
      x1 += x1
      xe--
    }
  }
  if (y < 0) {
    a1 = 1 / a1
    ae = -ae
  }
  return ldexp(a1, ae)
}

/** Go's math.Round: half away from zero. */
export function round(x: number): number {
  const t = Math.trunc(x)
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t
}

// ---- exp and log as Go's amd64 assembly computes them (exp_amd64.s on an FMA CPU, log_amd64.s) ----

const EXP_C = [
  0.5, 1.0, 2.0, 1.6666666666666666667e-1, 4.1666666666666666667e-2, 8.3333333333333333333e-3, 1.3888888888888888889e-3,
  1.984126984126984127e-4, 2.4801587301587301587e-5,
] as const
const LN2U = 0.69314718055966295651160180568695068359375
const LN2L = 0.28235290563031577122588448175013436025525412068e-12

/** Rounds half to even, as CVTSD2SL does. */
function roundEven(x: number): number {
  const r = Math.round(x)
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/** Go's math.Exp on amd64 (Shibata's method, FMA path). */
export function exp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x
  if (x === -Infinity) return 0
  if (x > 7.09782712893384e2) return Infinity
  const k = roundEven(1.442695040888963407359924681001892 * x)
  let x0 = fma(-k, LN2U, x)
  x0 = fma(-k, LN2L, x0) * 0.0625
  let x1 = fma(EXP_C[8], x0, EXP_C[7])
  for (const c of [EXP_C[6], EXP_C[5], EXP_C[4], EXP_C[3], EXP_C[0], EXP_C[1]]) x1 = fma(x1, x0, c)
  x0 = x1 * x0
  for (let i = 0; i < 3; i++) x0 = x0 * (x0 + 2)
  x0 = fma(x0, x0 + 2, 1)
  const biased = k + 0x3ff
  if (biased <= 0) return 0
  if (biased >= 0x7ff) return Infinity
  return x0 * fromBits(BigInt(biased) << SHIFT)
}

/** Go's math.Log on amd64 (log_amd64.s, the fdlibm reduction). */
export function log(x: number): number {
  if (x === 0) return -Infinity
  if (Number.isNaN(x) || x < 0) return NaN
  if (x === Infinity) return x
  const b = bits(x)
  let f1 = fromBits((b & 0xfffffffffffffn) | 0x3fe0000000000000n)
  let k = Number((b >> SHIFT) & MASK) - 0x3fe
  if (f1 <= 7.07106781186547524401e-1) {
    k -= 1
    f1 *= 2
  }
  const f = f1 - 1
  const s = f / (2 + f)
  const s2 = s * s
  const s4 = s2 * s2
  const t1 =
    s2 *
    (6.66666666666673513e-1 +
      s4 * (2.857142874366239149e-1 + s4 * (1.818357216161805012e-1 + s4 * 1.479819860511658591e-1)))
  const t2 = s4 * (3.999999999940941908e-1 + s4 * (2.222219843214978396e-1 + s4 * 1.531383769920937332e-1))
  const hfsq = 0.5 * f * f
  return k * 6.9314718036912381649e-1 - (hfsq - (s * (hfsq + (t1 + t2)) + k * 1.90821492927058770002e-10) - f)
}

/** Go's math.Log10: Log(x) * (1/Ln10). */
export const log10 = (x: number): number => log(x) * Math.LOG10E

// ---- trigonometry (Cephes, as Go) ----

const SIN = [
  1.5896230157654656806e-10, -2.50507477628578072866e-8, 2.75573136213857245213e-6, -1.98412698295895385996e-4,
  8.33333333332211858878e-3, -1.66666666666666307295e-1,
] as const
const COS = [
  -1.135853652138768173e-11, 2.08757008419747316778e-9, -2.75573141792967388112e-7, 2.48015872888517045348e-5,
  -1.38888888888730564116e-3, 4.16666666666665929218e-2,
] as const
const PI4A = 7.85398125648498535156e-1
const PI4B = 3.77489470793079817668e-8
const PI4C = 2.69515142907905952645e-15
/** Beyond this Go switches to Payne-Hanek reduction; we fall back to V8 there. */
const REDUCE_THRESHOLD = 1 << 29

const sinPoly = (z: number, zz: number): number =>
  z + z * zz * (((((SIN[0] * zz + SIN[1]) * zz + SIN[2]) * zz + SIN[3]) * zz + SIN[4]) * zz + SIN[5])
const cosPoly = (zz: number): number =>
  1.0 - 0.5 * zz + zz * zz * (((((COS[0] * zz + COS[1]) * zz + COS[2]) * zz + COS[3]) * zz + COS[4]) * zz + COS[5])

/** Octant j (0..7) and the reduced argument z of |x| < 2**29. */
function reduce(x: number): [number, number] {
  let j = Math.floor(x * (4 / PI))
  let y = j
  if (j % 2 === 1) {
    j++
    y++
  }
  return [j % 8, x - y * PI4A - y * PI4B - y * PI4C]
}

export function sin(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x
  if (!Number.isFinite(x)) return NaN
  let sign = x < 0
  x = Math.abs(x)
  if (x >= REDUCE_THRESHOLD) return sign ? -Math.sin(x) : Math.sin(x)
  const [octant, z] = reduce(x)
  let j = octant
  if (j > 3) {
    sign = !sign
    j -= 4
  }
  const zz = z * z
  const y = j === 1 || j === 2 ? cosPoly(zz) : sinPoly(z, zz)
  return sign ? -y : y
}

export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN
  x = Math.abs(x)
  if (x >= REDUCE_THRESHOLD) return Math.cos(x)
  let sign = false
  const [octant, z] = reduce(x)
  let j = octant
  if (j > 3) {
    j -= 4
    sign = !sign
  }
  if (j > 1) sign = !sign
  const zz = z * z
  const y = j === 1 || j === 2 ? sinPoly(z, zz) : cosPoly(zz)
  return sign ? -y : y
}

const TAN_P = [-1.30936939181383777646e4, 1.1535166483858741614e6, -1.79565251976484877988e7] as const
const TAN_Q = [
  1.36812963470692954678e4, -1.32089234440210967447e6, 2.50083801823357915839e7, -5.38695755929454629881e7,
] as const

export function tan(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x
  if (!Number.isFinite(x)) return NaN
  const sign = x < 0
  x = Math.abs(x)
  if (x >= REDUCE_THRESHOLD) return sign ? -Math.tan(x) : Math.tan(x)
  const [j, z] = reduce(x)
  const zz = z * z
  let y =
    zz > 1e-14
      ? z +
        z *
          ((zz * ((TAN_P[0] * zz + TAN_P[1]) * zz + TAN_P[2])) /
            ((((zz + TAN_Q[0]) * zz + TAN_Q[1]) * zz + TAN_Q[2]) * zz + TAN_Q[3]))
      : z
  if ((j & 2) === 2) y = -1 / y
  return sign ? -y : y
}

function xatan(x: number): number {
  const z = x * x
  const r =
    (z *
      ((((-8.750608600031904122785e-1 * z + -1.615753718733365076637e1) * z + -7.50085579231470466734e1) * z +
        -1.22886668449013617341e2) *
        z +
        -6.485021904942025371773e1)) /
    (((((z + 2.485846490142306297962e1) * z + 1.650270098316988542046e2) * z + 4.328810604912902668951e2) * z +
      4.853903996359136964868e2) *
      z +
      1.945506571482613964425e2)
  return x * r + x
}

function satan(x: number): number {
  const MOREBITS = 6.12323399573676588613e-17
  const TAN3PIO8 = 2.4142135623730950488
  if (x <= 0.66) return xatan(x)
  if (x > TAN3PIO8) return PI / 2 - xatan(1 / x) + MOREBITS
  return PI / 4 + xatan((x - 1) / (x + 1)) + 0.5 * MOREBITS
}

export function atan(x: number): number {
  if (x === 0) return x
  return x > 0 ? satan(x) : -satan(-x)
}

export function asin(x: number): number {
  if (x === 0) return x
  const sign = x < 0
  if (sign) x = -x
  if (x > 1) return NaN
  let temp = Math.sqrt(1 - x * x)
  temp = x > 0.7 ? PI / 2 - satan(temp / x) : satan(x / temp)
  return sign ? -temp : temp
}

export const acos = (x: number): number => PI / 2 - asin(x)

const copysign = (mag: number, sign: number): number =>
  sign < 0 || Object.is(sign, -0) ? -Math.abs(mag) : Math.abs(mag)

export function atan2(y: number, x: number): number {
  if (Number.isNaN(y) || Number.isNaN(x)) return NaN
  if (y === 0) return x >= 0 && !Object.is(x, -0) ? copysign(0, y) : copysign(PI, y)
  if (x === 0) return copysign(PI / 2, y)
  if (!Number.isFinite(x)) {
    if (x > 0) return Number.isFinite(y) ? copysign(0, y) : copysign(PI / 4, y)
    return Number.isFinite(y) ? copysign(PI, y) : copysign((3 * PI) / 4, y)
  }
  if (!Number.isFinite(y)) return copysign(PI / 2, y)
  const q = atan(y / x)
  if (x < 0) return q <= 0 ? q + PI : q - PI
  return q
}

// ---- hyperbolic functions ----

export function sinh(x: number): number {
  const sign = x < 0
  if (sign) x = -x
  let temp: number
  if (x > 21) temp = exp(x) * 0.5
  else if (x > 0.5) {
    const ex = exp(x)
    temp = (ex - 1 / ex) * 0.5
  } else {
    const sq = x * x
    temp =
      (((-0.2630563213397497062819489e2 * sq + -0.2894211355989563807284660366e4) * sq +
        -0.8991272022039509355398013511e5) *
        sq +
        -0.6307673640497716991184787251e6) *
      x
    temp =
      temp /
      (((sq + -0.173678953558233699533450911e3) * sq + 0.1521517378790019070696485176e5) * sq +
        -0.6307673640497716991212077277e6)
  }
  return sign ? -temp : temp
}

export function cosh(x: number): number {
  x = Math.abs(x)
  if (x > 21) return exp(x) * 0.5
  const ex = exp(x)
  return (ex + 1 / ex) * 0.5
}

export function tanh(x: number): number {
  const MAXLOG = 8.8029691931113054295988e1
  let z = Math.abs(x)
  if (z > 0.5 * MAXLOG) return x < 0 ? -1 : 1
  if (z >= 0.625) {
    const s = exp(2 * z)
    z = 1 - 2 / (s + 1)
    return x < 0 ? -z : z
  }
  if (x === 0) return x
  const s = x * x
  return (
    x +
    (x * s * ((-9.64399179425052238628e-1 * s + -9.92877231001918586564e1) * s + -1.61468768441708447952e3)) /
      (((s + 1.12811678491632931402e2) * s + 2.23548839060100448583e3) * s + 4.84406305325125486048e3)
  )
}
