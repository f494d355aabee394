// A correctly rounded fused multiply-add (a*b + c with one rounding), as the FMA instructions Go's amd64 Exp uses.
// Exact BigInt arithmetic on the binary significands, rounded half to even.

const dv = new DataView(new ArrayBuffer(8))

/** x = m * 2**e exactly (x finite). */
function decompose(x: number): [bigint, number] {
  dv.setFloat64(0, x)
  const b = dv.getBigUint64(0)
  const exp = Number((b >> 52n) & 0x7ffn)
  let m = b & 0xfffffffffffffn
  if (exp !== 0) m |= 0x10000000000000n
  return [b >> 63n === 1n ? -m : m, exp === 0 ? -1074 : exp - 1075]
}

/** The double nearest to m * 2**e (ties to even), with gradual underflow. */
function toDouble(m: bigint, e: number): number {
  const neg = m < 0n
  let a = neg ? -m : m
  let shift = a.toString(2).length - 53
  if (e + shift < -1074) shift = -1074 - e
  if (shift > 0) {
    const s = BigInt(shift)
    const q = a >> s
    const rem = a - (q << s)
    const half = 1n << (s - 1n)
    a = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q
    e += shift
  }
  let v = Number(a) // exact: a < 2**54
  while (e > 0) {
    const s = Math.min(e, 1000)
    v *= 2 ** s
    e -= s
  }
  while (e < 0) {
    const s = Math.min(-e, 1000)
    v /= 2 ** s
    e += s
  }
  return neg ? -v : v
}

/** a * b + c rounded once. */
export function fma(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || a === 0 || b === 0) return a * b + c
  const [ma, ea] = decompose(a)
  const [mb, eb] = decompose(b)
  const mp = ma * mb
  const ep = ea + eb
  if (c === 0) return toDouble(mp, ep)
  const [mc, ec] = decompose(c)
  const e = Math.min(ep, ec)
  const t = (mp << BigInt(ep - e)) + (mc << BigInt(ec - e))
  return t === 0n ? 0 : toDouble(t, e)
}
