// Ordering semantics of Kuiper 1.0's simpleDataEval for strings (byte-wise, as Go compares UTF-8) and time.Time
// (a Date on the left compares with a Date, epoch milliseconds or an ISO-8601 string on the right).

import { compareUtf8 } from '../core/value.js'
import type { Value } from '../core/value.js'
import type { ValueOp } from './arithmetic.js'
import { invalidOp } from './describe.js'

/** string ∘ string: the six comparisons; anything else is an invalid operation. */
export function stringOp(op: ValueOp, l: string, r: string): boolean {
  switch (op) {
    case '=':
      return l === r
    case '!=':
      return l !== r
    case '<':
      return compareUtf8(l, r) < 0
    case '<=':
      return compareUtf8(l, r) <= 0
    case '>':
      return compareUtf8(l, r) > 0
    case '>=':
      return compareUtf8(l, r) >= 0
    default:
      throw invalidOp(l, op, r)
  }
}

/** time.Time ∘ x where x converts to a time (common.InterfaceToTime with the default format). */
export function timeOp(op: ValueOp, l: Date, r: Value): boolean {
  const rt = toTimeMs(r)
  if (rt === undefined) throw invalidOp(l, op, r)
  const lt = l.getTime()
  switch (op) {
    case '=':
      return lt === rt
    case '!=':
      return lt !== rt
    case '<':
      return lt < rt
    case '<=':
      return lt <= rt
    case '>':
      return lt > rt
    case '>=':
      return lt >= rt
    default:
      throw invalidOp(l, op, r)
  }
}

/**
 * 1.0's common.InterfaceToTime(v, ""): ints and floats are epoch milliseconds, Dates themselves, strings must match
 * the JavaScript ISO layout `2006-01-02T15:04:05.000Z07:00` (exactly three fraction digits). Undefined if none fits.
 */
export function toTimeMs(v: Value): number | undefined {
  switch (typeof v) {
    case 'bigint':
      return Number(v)
    case 'number':
      return Number.isFinite(v) ? Math.trunc(v) : undefined
    case 'string':
      return parseJsIso(v)
    default:
      return v instanceof Date ? v.getTime() : undefined
  }
}

const JS_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})(?:Z|([+-])(\d{2}):(\d{2}))$/

function parseJsIso(s: string): number | undefined {
  const m = JS_ISO.exec(s)
  if (m === null) return undefined
  const [year, month, day, hour, min, sec, ms] = m.slice(1, 8).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || min > 59 || sec > 59)
    return undefined
  let offset = 0
  if (m[8] !== undefined) {
    const oh = Number(m[9])
    const om = Number(m[10])
    if (oh > 23 || om > 59) return undefined
    offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000
  }
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  d.setUTCHours(hour, min, sec, ms)
  return d.getTime() - offset
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}
