// Go's time.Format over a Go layout ("2006-01-02T15:04:05.000Z07:00") for the UTC, millisecond-precision Dates of
// Kuiper, and the layout scanner (nextStdChunk) that go-time-parse.ts shares.

// ---- Go layout elements (time/format.go nextStdChunk) ----

type Std =
  | 'January'
  | 'Jan'
  | '1'
  | '01'
  | 'Monday'
  | 'Mon'
  | '2'
  | '_2'
  | '02'
  | '__2'
  | '002'
  | '15'
  | '3'
  | '03'
  | '4'
  | '04'
  | '5'
  | '05'
  | '2006'
  | '06'
  | 'PM'
  | 'pm'
  | 'MST'
  | 'Z0700'
  | 'Z070000'
  | 'Z07'
  | 'Z07:00'
  | 'Z07:00:00'
  | '-0700'
  | '-070000'
  | '-07'
  | '-07:00'
  | '-07:00:00'
  | 'frac0'
  | 'frac9'

export interface Chunk {
  prefix: string
  std?: Std
  /** The layout text of the element (for error messages). */
  text: string
  /** Digits of a fractional-second element. */
  digits: number
  suffix: string
}

const ZONES = ['-070000', '-07:00:00', '-0700', '-07:00', '-07'] as const
export const isDigitAt = (s: string, i: number): boolean =>
  i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57

export function nextChunk(layout: string): Chunk {
  const at = (i: number, std: Std, len: number, prefixEnd = i): Chunk => ({
    prefix: layout.slice(0, prefixEnd),
    std,
    text: layout.slice(prefixEnd, i + len),
    digits: 0,
    suffix: layout.slice(i + len),
  })
  for (let i = 0; i < layout.length; i++) {
    const rest = layout.slice(i)
    const lowerNext = (n: number): boolean => /^[a-z]/.test(layout.slice(i + n))
    switch (layout[i]) {
      case 'J':
        if (rest.startsWith('January')) return at(i, 'January', 7)
        if (rest.startsWith('Jan') && !lowerNext(3)) return at(i, 'Jan', 3)
        break
      case 'M':
        if (rest.startsWith('Monday')) return at(i, 'Monday', 6)
        if (rest.startsWith('Mon') && !lowerNext(3)) return at(i, 'Mon', 3)
        if (rest.startsWith('MST')) return at(i, 'MST', 3)
        break
      case '0': {
        const n = layout[i + 1] ?? ''
        if (n >= '1' && n <= '6') return at(i, (['01', '02', '03', '04', '05', '06'] as const)[Number(n) - 1] as Std, 2)
        if (rest.startsWith('002')) return at(i, '002', 3)
        break
      }
      case '1':
        return rest.startsWith('15') ? at(i, '15', 2) : at(i, '1', 1)
      case '2':
        return rest.startsWith('2006') ? at(i, '2006', 4) : at(i, '2', 1)
      case '_':
        if (rest.startsWith('_2006')) return at(i + 1, '2006', 4, i + 1)
        if (rest.startsWith('_2')) return at(i, '_2', 2)
        if (rest.startsWith('__2')) return at(i, '__2', 3)
        break
      case '3':
      case '4':
      case '5':
        return at(i, layout[i] as Std, 1)
      case 'P':
        if (rest.startsWith('PM')) return at(i, 'PM', 2)
        break
      case 'p':
        if (rest.startsWith('pm')) return at(i, 'pm', 2)
        break
      case '-':
        for (const z of ZONES) if (rest.startsWith(z)) return at(i, z, z.length)
        break
      case 'Z':
        for (const z of ZONES) if (rest.startsWith('Z' + z.slice(1))) return at(i, ('Z' + z.slice(1)) as Std, z.length)
        break
      case '.': {
        const ch = layout[i + 1]
        if (ch === '0' || ch === '9') {
          let j = i + 1
          while (layout[j] === ch) j++
          if (!isDigitAt(layout, j)) return { ...at(i, ch === '0' ? 'frac0' : 'frac9', j - i), digits: j - i - 1 }
        }
        break
      }
    }
  }
  return { prefix: layout, text: '', digits: 0, suffix: '' }
}

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0')
  return n < 0 ? '-' + s : s
}

function yearDay(d: Date): number {
  const start = new Date(0)
  start.setUTCFullYear(d.getUTCFullYear(), 0, 1)
  return Math.floor((d.getTime() - start.getTime()) / 86400000) + 1
}

/** Go's time.Format of `d` (in UTC) with a Go layout. */
export function formatLayout(d: Date, layout: string): string {
  const year = d.getUTCFullYear()
  const hour = d.getUTCHours()
  let out = ''
  for (let l = layout; l !== '';) {
    const c = nextChunk(l)
    out += c.prefix
    if (c.std === undefined) break
    l = c.suffix
    switch (c.std) {
      case '06':
        out += pad(Math.abs(year) % 100, 2)
        break
      case '2006':
        out += pad(year, 4)
        break
      case 'Jan':
        out += (MONTHS[d.getUTCMonth()] ?? '').slice(0, 3)
        break
      case 'January':
        out += MONTHS[d.getUTCMonth()] ?? ''
        break
      case '1':
        out += String(d.getUTCMonth() + 1)
        break
      case '01':
        out += pad(d.getUTCMonth() + 1, 2)
        break
      case 'Mon':
        out += (DAYS[d.getUTCDay()] ?? '').slice(0, 3)
        break
      case 'Monday':
        out += DAYS[d.getUTCDay()] ?? ''
        break
      case '2':
        out += String(d.getUTCDate())
        break
      case '_2':
        out += String(d.getUTCDate()).padStart(2, ' ')
        break
      case '02':
        out += pad(d.getUTCDate(), 2)
        break
      case '__2':
        out += String(yearDay(d)).padStart(3, ' ')
        break
      case '002':
        out += pad(yearDay(d), 3)
        break
      case '15':
        out += pad(hour, 2)
        break
      case '3':
        out += String(hour % 12 === 0 ? 12 : hour % 12)
        break
      case '03':
        out += pad(hour % 12 === 0 ? 12 : hour % 12, 2)
        break
      case '4':
        out += String(d.getUTCMinutes())
        break
      case '04':
        out += pad(d.getUTCMinutes(), 2)
        break
      case '5':
        out += String(d.getUTCSeconds())
        break
      case '05':
        out += pad(d.getUTCSeconds(), 2)
        break
      case 'PM':
        out += hour >= 12 ? 'PM' : 'AM'
        break
      case 'pm':
        out += hour >= 12 ? 'pm' : 'am'
        break
      case 'MST':
        out += 'UTC'
        break
      case 'frac0':
      case 'frac9': {
        const digits = (pad(d.getUTCMilliseconds(), 3) + '000000').slice(0, c.digits)
        out +=
          c.std === 'frac0' ? '.' + digits : digits.replace(/0+$/, '') === '' ? '' : '.' + digits.replace(/0+$/, '')
        break
      }
      default: // numeric zones: the offset is always 0
        if (c.std.startsWith('Z')) out += 'Z'
        else out += c.std.replace(/07/, '00').replace(/^-/, '+')
    }
  }
  return out
}
