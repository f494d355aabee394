// Go-typed numbers for the template functions: Kuiper values know int64 (bigint) and float64 (number) only, but
// 1.0's `add` and `base64` branch on Go's reflect kinds (int, uint64, float32...), which callers can state with GoNumber.

import { goTypeName } from '../core/value.js'
import type { Value } from '../core/value.js'

export type GoIntKind = 'int' | 'int8' | 'int16' | 'int32' | 'int64'
export type GoUintKind = 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64'
export type GoFloatKind = 'float32' | 'float64'
export type GoNumberKind = GoIntKind | GoUintKind | GoFloatKind

/** A number with an explicit Go type: bigint for integer kinds, number for float kinds (float32 already rounded). */
export class GoNumber {
  readonly value: bigint | number

  constructor(
    readonly kind: GoNumberKind,
    value: bigint | number,
  ) {
    if (kind === 'float32') this.value = Math.fround(Number(value))
    else if (kind === 'float64') this.value = Number(value)
    else this.value = typeof value === 'bigint' ? value : BigInt(Math.trunc(value))
  }
}

export function isIntKind(k: string): k is GoIntKind {
  return k === 'int' || k === 'int8' || k === 'int16' || k === 'int32' || k === 'int64'
}

export function isUintKind(k: string): k is GoUintKind {
  return k === 'uint' || k === 'uint8' || k === 'uint16' || k === 'uint32' || k === 'uint64'
}

export function isFloatKind(k: string): k is GoFloatKind {
  return k === 'float32' || k === 'float64'
}

/**
 * Go's reflect Kind name of a template value: a bigint is `int` (what template integer literals are), a JS number
 * `float64`, a map `map`, an array `slice`; nil is `invalid`.
 */
export function reflectKind(v: unknown): string {
  if (v instanceof GoNumber) return v.kind
  switch (typeof v) {
    case 'bigint':
      return 'int'
    case 'number':
      return 'float64'
    case 'string':
      return 'string'
    case 'boolean':
      return 'bool'
    case 'undefined':
      return 'invalid'
    default:
      if (v === null) return 'invalid'
      if (Array.isArray(v) || v instanceof Uint8Array) return 'slice'
      if (v instanceof Date) return 'struct'
      return 'map'
  }
}

/** Go's `%T`-style type name used in template error texts (template integers are Go `int`). */
export function goType(v: unknown): string {
  return v instanceof GoNumber ? v.kind : goTypeName(v as Value, 'int')
}
