// Go fmt renderings that 1.0's preprocessor and ORDER BY print in their error texts. Values there come straight from
// a decoded message, where Kuiper 1.0 holds integers as Go `int` (not `int64`), so a bigint prints as `int`.

import { compareUtf8, formatGo, formatGoFloat, goTimeString, goTypeName, isMap, kindOf } from '../core/value.js'
import type { Value } from '../core/value.js'

/** Go's `%T` of a message value: `int`, `float64`, `string`, `bool`, `time.Time`, `[]interface {}`... */
export function messageTypeName(v: Value): string {
  return goTypeName(v, 'int')
}

/** Go's `%[1]T(%[1]v)` of a message value: `string(hello)`, `int(3)`, `<nil>(<nil>)`. */
export function describeMessageValue(v: Value): string {
  return `${messageTypeName(v)}(${formatGo(v)})`
}

/**
 * Go's `%s` of a message value: strings as they are, other scalars as `%!s(float64=6)`, maps as `map[k:v ...]`
 * with sorted keys and slices as `[a b]`, the verb applied to every element (1.0's "field not found" text).
 */
export function formatS(v: Value): string {
  switch (kindOf(v)) {
    case 'nil':
      return '%!s(<nil>)'
    case 'string':
      return v as string
    case 'bigint':
      return `%!s(int=${String(v)})`
    case 'float':
      return `%!s(float64=${formatGoFloat(v as number)})`
    case 'boolean':
      return `%!s(bool=${String(v)})`
    case 'datetime':
      return goTimeString(v as Date)
    case 'bytea':
      return Buffer.from(v as Uint8Array).toString('utf8')
    case 'array':
      return `[${(v as Value[]).map(formatS).join(' ')}]`
    case 'struct': {
      if (!isMap(v)) return ''
      const keys = Object.keys(v).sort(compareUtf8)
      return `map[${keys.map((k) => `${k}:${formatS(v[k])}`).join(' ')}]`
    }
  }
}
