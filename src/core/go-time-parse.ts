// Go's time.Parse over a Go layout, with Go 1.15's error texts (`parsing time "x" as "2006-...": cannot parse "y"
// as "05"`). Zone offsets are applied to the instant; zone abbreviations other than UTC and GMT+n count as +0.

import { EvalError } from './errors.js'
import { DAYS, MONTHS, isDigitAt, nextChunk } from './go-time-layout.js'

// ---- parsing (Go's time.Parse) ----

class ParseFail extends Error {
  constructor(
    readonly valueElem: string,
    readonly layoutElem: string,
    readonly detail = '',
  ) {
    super(detail)
  }
}

const quote = (s: string): string => `"${s}"`

/** Go's time atoi (optional sign, digits); `rest` is the value reported when it fails. */
function atoi(s: string, rest: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new ParseFail(rest, '')
  return Number(s)
}

function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new ParseFail(s, '')
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new ParseFail(s, '')
    return [s.charCodeAt(0) - 48, s.slice(1)]
  }
  return [(s.charCodeAt(0) - 48) * 10 + s.charCodeAt(1) - 48, s.slice(2)]
}

function lookup(names: readonly string[], value: string): [number, string] {
  for (let i = 0; i < names.length; i++) {
    const n = names[i] as string
    if (value.length >= n.length && value.slice(0, n.length).toLowerCase() === n.toLowerCase()) {
      return [i, value.slice(n.length)]
    }
  }
  throw new ParseFail(value, '')
}

function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new ParseFail(value, '')
      prefix = prefix.replace(/^ +/, '')
      value = value.replace(/^ +/, '')
      continue
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new ParseFail(value, '')
    prefix = prefix.slice(1)
    value = value.slice(1)
  }
  return value
}

function parseTimeZoneLength(value: string): number {
  if (value.length < 3) return 0
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4
  if (value.startsWith('GMT')) {
    const m = /^[+-](\d+)/.exec(value.slice(3))
    return m !== null && Number(m[1]) <= 23 ? 3 + m[0].length : 3
  }
  if (value[0] === '+' || value[0] === '-') {
    const m = /^[+-](\d+)/.exec(value)
    return m !== null && Number(m[1]) <= 23 ? m[0].length : 0
  }
  const n = (/^[A-Z]{0,6}/.exec(value)?.[0] ?? '').length
  if (n === 3) return 3
  if (n === 4 && (value[3] === 'T' || value.startsWith('WITA'))) return 4
  if (n === 5 && value[4] === 'T') return 5
  return 0
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** Go's time.Parse with a Go layout; zone offsets are applied, zone abbreviations other than UTC count as +0. */
export function parseLayout(value: string, layout: string): Date {
  const fullValue = value
  const fullLayout = layout
  let year = 0
  let month = -1
  let day = -1
  let yday = -1
  let hour = 0
  let min = 0
  let sec = 0
  let nsec = 0
  let zoneOffset = 0
  let pm = false
  let am = false
  const error = (e: ParseFail): EvalError =>
    new EvalError(
      e.detail !== ''
        ? `parsing time ${quote(fullValue)}${e.detail}`
        : `parsing time ${quote(fullValue)} as ${quote(fullLayout)}: cannot parse ${quote(e.valueElem)} as ${quote(e.layoutElem)}`,
    )
  for (;;) {
    const c = nextChunk(layout)
    try {
      value = skip(value, c.prefix)
    } catch (e) {
      throw error(new ParseFail((e as ParseFail).valueElem, c.prefix))
    }
    if (c.std === undefined) {
      if (value.length !== 0) throw error(new ParseFail(value, '', `: extra text: ${value}`))
      break
    }
    layout = c.suffix
    let range = ''
    try {
      switch (c.std) {
        case '06': {
          if (value.length < 2) throw new ParseFail(value, '')
          const p = value.slice(0, 2)
          value = value.slice(2)
          year = atoi(p, value)
          year += year >= 69 ? 1900 : 2000
          break
        }
        case '2006': {
          if (value.length < 4 || !isDigitAt(value, 0)) throw new ParseFail(value, '')
          const p = value.slice(0, 4)
          value = value.slice(4)
          year = atoi(p, value)
          break
        }
        case 'Jan':
        case 'January':
          ;[month, value] = lookup(c.std === 'Jan' ? MONTHS.map((m) => m.slice(0, 3)) : MONTHS, value)
          month++
          break
        case '1':
        case '01':
          ;[month, value] = getnum(value, c.std === '01')
          if (month <= 0 || month > 12) range = 'month'
          break
        case 'Mon':
        case 'Monday':
          ;[, value] = lookup(c.std === 'Mon' ? DAYS.map((m) => m.slice(0, 3)) : DAYS, value)
          break
        case '2':
        case '_2':
        case '02':
          if (c.std === '_2' && value[0] === ' ') value = value.slice(1)
          ;[day, value] = getnum(value, c.std === '02')
          break
        case '__2':
        case '002': {
          if (c.std === '__2') value = value.replace(/^ {1,2}/, '')
          const m = /^\d{1,3}/.exec(value)?.[0] ?? ''
          if (m === '' || (c.std === '002' && m.length !== 3)) throw new ParseFail(value, '')
          yday = Number(m)
          value = value.slice(m.length)
          break
        }
        case '15':
          ;[hour, value] = getnum(value, false)
          if (hour >= 24) range = 'hour'
          break
        case '3':
        case '03':
          ;[hour, value] = getnum(value, c.std === '03')
          if (hour > 12) range = 'hour'
          break
        case '4':
        case '04':
          ;[min, value] = getnum(value, c.std === '04')
          if (min >= 60) range = 'minute'
          break
        case '5':
        case '05': {
          ;[sec, value] = getnum(value, c.std === '05')
          if (sec >= 60) {
            range = 'second'
            break
          }
          // A fractional second in the value that the layout does not mention is accepted.
          const next = nextChunk(layout).std
          if (value.length >= 2 && value[0] === '.' && isDigitAt(value, 1) && next !== 'frac0' && next !== 'frac9') {
            const digits = /^\.\d+/.exec(value)?.[0] ?? ''
            nsec = Number((digits.slice(1) + '000000000').slice(0, 9))
            value = value.slice(digits.length)
          }
          break
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw new ParseFail(value, '')
          const p = value.slice(0, 2)
          value = value.slice(2)
          if (p === (c.std === 'PM' ? 'PM' : 'pm')) pm = true
          else if (p === (c.std === 'PM' ? 'AM' : 'am')) am = true
          else throw new ParseFail(value, '')
          break
        }
        case 'MST': {
          if (value.startsWith('UTC')) {
            value = value.slice(3)
            break
          }
          const n = parseTimeZoneLength(value)
          if (n === 0) throw new ParseFail(value, '')
          // An unknown abbreviation (GMT+n too) only labels the time: Go keeps the instant as if UTC.
          value = value.slice(n)
          break
        }
        case 'frac0': {
          const n = c.digits + 1
          if (value.length < n) throw new ParseFail(value, '')
          const p = value.slice(0, n)
          value = value.slice(n)
          if (p[0] !== '.') throw new ParseFail(value, '')
          nsec = atoi(p.slice(1), value)
          if (nsec < 0) range = 'fractional second'
          nsec = Number((String(nsec).padStart(p.length - 1, '0') + '000000000').slice(0, 9))
          break
        }
        case 'frac9': {
          if (value.length < 2 || value[0] !== '.' || !isDigitAt(value, 1)) break
          const digits = /^\.\d+/.exec(value)?.[0] ?? ''
          nsec = Number((digits.slice(1) + '000000000').slice(0, 9))
          value = value.slice(digits.length)
          break
        }
        default: {
          // numeric zone offsets, with Z meaning UTC for the ISO 8601 forms
          if (c.std.startsWith('Z') && value[0] === 'Z') {
            value = value.slice(1)
            break
          }
          const form = c.std.startsWith('Z') ? '-' + c.std.slice(1) : c.std
          if (value.length < form.length) throw new ParseFail(value, '')
          const part = value.slice(0, form.length)
          for (let i = 0; i < form.length; i++) if (form[i] === ':' && part[i] !== ':') throw new ParseFail(value, '')
          const digits = part.slice(1).replace(/:/g, '')
          value = value.slice(form.length)
          if (!/^\d+$/.test(digits) || digits.length !== form.slice(1).replace(/:/g, '').length) {
            throw new ParseFail(value, '')
          }
          const hh = Number(digits.slice(0, 2))
          const mm = Number(digits.slice(2, 4) || '0')
          const ss = Number(digits.slice(4, 6) || '0')
          if (hh > 24) range = 'time zone offset hour'
          if (mm > 60) range = 'time zone offset minute'
          if (ss > 60) range = 'time zone offset second'
          zoneOffset = (hh * 60 + mm) * 60 + ss
          if (part[0] === '-') zoneOffset = -zoneOffset
          else if (part[0] !== '+') throw new ParseFail(value, '')
        }
      }
    } catch (e) {
      if (!(e instanceof ParseFail)) throw e
      throw error(new ParseFail(e.valueElem, c.text))
    }
    if (range !== '') throw error(new ParseFail(value, c.text, `: ${range} out of range`))
  }
  if (pm && hour < 12) hour += 12
  else if (am && hour === 12) hour = 0
  if (yday >= 0) {
    const leap = daysIn(2, year) === 29
    let m = 0
    let d = 0
    if (leap && yday === 60) [m, d] = [2, 29]
    else if (leap && yday > 60) yday--
    if (yday < 1 || yday > 365) throw error(new ParseFail(value, '', ': day-of-year out of range'))
    if (m === 0) {
      let left = yday
      for (m = 1; left > daysIn(m, 2001); m++) left -= daysIn(m, 2001)
      d = left
    }
    if (month >= 0 && month !== m) throw error(new ParseFail(value, '', ': day-of-year does not match month'))
    if (day >= 0 && day !== d) throw error(new ParseFail(value, '', ': day-of-year does not match day'))
    month = m
    day = d
  } else {
    if (month < 0) month = 1
    if (day < 0) day = 1
  }
  if (day < 1 || day > daysIn(month, year)) throw error(new ParseFail(value, '', ': day out of range'))
  const t = new Date(0)
  t.setUTCFullYear(year, month - 1, day)
  t.setUTCHours(hour, min, sec, Math.floor(nsec / 1e6))
  return new Date(t.getTime() - zoneOffset * 1000)
}
