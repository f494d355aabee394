// Kuiper's time patterns: Java-style letters (features.md §1.5) converted to a Go layout as 1.0's
// common/time_util.go convertFormat does, then Go's time.Format / time.Parse on that layout (UTC, millisecond Date).

import { EvalError } from './errors.js'
import { formatLayout } from './go-time-layout.js'
import { parseLayout } from './go-time-parse.js'

export { formatLayout, parseLayout }

/** 1.0's default (JSISO) layout: ISO 8601 with milliseconds and zone. */
export const DEFAULT_LAYOUT = '2006-01-02T15:04:05.000Z07:00'

const run = (r: readonly string[], i: number, c: string, max: number): number => {
  let j = 1
  for (; i + j < r.length && j <= max; j++) if (r[i + j] !== c) break
  return j
}

/** 1.0's convertFormat: Java-style pattern letters to a Go layout; throws on Y/E/H counts it does not support. */
export function convertFormat(pattern: string): string {
  const r = Array.from(pattern)
  const bad = (what: string): never => {
    throw new EvalError(`invalid time format ${pattern} ${what}`)
  }
  let out = ''
  for (let i = 0; i < r.length; i++) {
    const c = r[i] as string
    let j = 1
    switch (c) {
      case 'Y':
      case 'y':
        j = run(r, i, c, 4)
        out += j === 4 ? '2006' : j === 2 ? '06' : bad('for Y/y')
        break
      case 'G':
        out += 'AD'
        break
      case 'M':
        j = run(r, i, c, 4)
        out += ['', '1', '01', 'Jan', 'January'][j] ?? ''
        break
      case 'd':
        j = run(r, i, c, 2)
        out += ['', '2', '02'][j] ?? ''
        break
      case 'E':
        j = run(r, i, c, 4)
        out += j === 3 ? 'Mon' : j === 4 ? 'Monday' : bad('for E')
        break
      case 'H':
        j = run(r, i, c, 2)
        out += j === 2 ? '15' : bad('of H, only HH is supported')
        break
      case 'h':
        j = run(r, i, c, 2)
        out += ['', '3', '03'][j] ?? ''
        break
      case 'a':
        out += 'PM'
        break
      case 'm':
        j = run(r, i, c, 2)
        out += ['', '4', '04'][j] ?? ''
        break
      case 's':
        j = run(r, i, c, 2)
        out += ['', '5', '05'][j] ?? ''
        break
      case 'S':
        j = run(r, i, c, 3)
        out += ['', '.0', '.00', '.000'][j] ?? ''
        break
      case 'z':
        out += 'MST'
        break
      case 'Z':
        out += '-0700'
        break
      case 'X':
        j = run(r, i, c, 3)
        out += ['', '-07', '-0700', '-07:00'][j] ?? ''
        break
      case "'": {
        if (r[i + 1] === "'") {
          out += "'"
          i++
          continue
        }
        let k = i + 1
        while (k < r.length && r[k] !== "'") out += r[k++]
        i = k
        continue
      }
      default:
        out += c
    }
    i += j - 1
  }
  return out
}

/** Formats `d` with a Java-style pattern (features.md §1.5); without a pattern, with the default layout. */
export function formatTime(d: Date, pattern?: string): string {
  return formatLayout(d, pattern === undefined ? DEFAULT_LAYOUT : convertFormat(pattern))
}

/** Parses `s` with a Java-style pattern; an absent or empty pattern means the default layout (as 1.0). */
export function parseTime(s: string, pattern?: string): Date {
  return parseLayout(s, pattern === undefined || pattern === '' ? DEFAULT_LAYOUT : convertFormat(pattern))
}
