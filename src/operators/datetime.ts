// DATETIME parsing and event-time extraction of the 1.0 preprocessor: common.ParseTime with the stream's
// TIMESTAMP_FORMAT, or Go's time.Parse with the JS ISO layout, and common.InterfaceToUnixMilli.

import { EvalError } from '../core/errors.js'
import { DEFAULT_LAYOUT, convertFormat, parseLayout } from '../core/time-format.js'
import type { Value } from '../core/value.js'
import type { DatetimeParser } from './coerce.js'
import { formatGo } from '../core/value.js'

/** The parser of DATETIME strings for a stream: its TIMESTAMP_FORMAT when set, else the default layout. */
export function datetimeParser(format: string | undefined): DatetimeParser {
  if (format === undefined) return (s) => parseLayout(s, DEFAULT_LAYOUT)
  return (s) => parseLayout(s, convertFormat(format))
}

/** common.InterfaceToUnixMilli(v, format): numbers are epoch ms, strings are parsed (`''` = default layout). */
export function toUnixMilli(v: Value, format: string): number {
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'number') return Math.trunc(v)
  if (v instanceof Date) return v.getTime()
  if (typeof v === 'string') return parseLayout(v, format === '' ? DEFAULT_LAYOUT : convertFormat(format)).getTime()
  throw new EvalError(`unsupported type to convert to timestamp ${formatGo(v)}`)
}
