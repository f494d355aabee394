// Ports of Go's math package where V8's Math differs from it in the last bit (Go uses Cephes and its own pow,
// V8 uses fdlibm): sin/cos/tan, asin/acos/atan/atan2, sinh/cosh/tanh, pow, round, log10, frexp/ldexp.

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
    a1 = Math.exp(yf * Math.log(x))
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

/** Go's math.Log10: Log(x) * (1/Ln10). */
export const log10 = (x: number): number => Math.log(x) * Math.LOG10E

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
  let [j, z] = reduce(x)
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
  let [j, z] = reduce(x)
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
  if (x > 21) temp = Math.exp(x) * 0.5
  else if (x > 0.5) {
    const ex = Math.exp(x)
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
  if (x > 21) return Math.exp(x) * 0.5
  const ex = Math.exp(x)
  return (ex + 1 / ex) * 0.5
}

export function tanh(x: number): number {
  const MAXLOG = 8.8029691931113054295988e1
  let z = Math.abs(x)
  if (z > 0.5 * MAXLOG) return x < 0 ? -1 : 1
  if (z >= 0.625) {
    const s = Math.exp(2 * z)
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
