// Go's int(f) of the 1.0 preprocessor, converting a float message value to a bigint field.
// (Go's strconv parsing the preprocessor also uses lives in core/go-strconv.ts.)

const MIN_INT64 = -(1n << 63n)

/** Go's int(f) / uint64(f) of the preprocessor: truncation toward zero, values beyond MaxInt64 kept as uint64. */
export function floatToInt(f: number): bigint {
  if (!Number.isFinite(f)) return MIN_INT64
  const v = BigInt(Math.trunc(f))
  return v < MIN_INT64 ? MIN_INT64 : v
}
