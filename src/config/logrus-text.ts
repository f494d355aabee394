// 1.0's log line: logrus' TextFormatter with DisableColors and FullTimestamp, which 1.0's users and their log
// shippers parse: `time="2020-10-10T10:10:10+08:00" level=info msg="Rule r1 is created." rule=r1`. Turns one
// pino JSON line into that line.

import { goQuote } from '../core/go-strconv.js'

/** pino's numeric levels → logrus' level names (logrus says `warning`, not `warn`). */
const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'fatal',
}

/** pino's own keys that a 1.0 line does not carry (or carries in its fixed fields). */
const NOT_FIELDS = new Set(['time', 'level', 'msg', 'pid', 'hostname'])

/**
 * One pino JSON line → one logrus text line (with its newline): `time`, `level`, `msg` first, then the other fields
 * (the bindings of child loggers: rule, connector...) sorted by key, as logrus prints them. A line that is not JSON
 * is passed through.
 */
export function logrusLine(json: string): string {
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(json) as Record<string, unknown>
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`
  }
  const parts: string[] = []
  const time = entry['time']
  if (typeof time === 'string' || typeof time === 'number') parts.push(`time=${value(rfc3339Local(new Date(time)))}`)
  const level = typeof entry['level'] === 'number' ? (LEVEL_NAMES[entry['level']] ?? 'info') : 'info'
  parts.push(`level=${level}`)
  const msg = entry['msg']
  if (msg !== undefined && msg !== '') parts.push(`msg=${value(msg)}`)
  for (const key of Object.keys(entry).sort()) {
    if (NOT_FIELDS.has(key)) continue
    parts.push(`${key}=${value(entry[key])}`)
  }
  return `${parts.join(' ')}\n`
}

/** A field value as logrus prints it: bare when it only has safe characters, else Go-quoted (`%q`). */
function value(v: unknown): string {
  const text = typeof v === 'string' ? v : v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)
  return /^[A-Za-z0-9\-._/@^+]*$/.test(text) ? text : goQuote(text)
}

/** Go's time.RFC3339 in local time (logrus' FullTimestamp default): 2006-01-02T15:04:05+08:00, or ...Z in UTC. */
export function rfc3339Local(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  const off = -d.getTimezoneOffset()
  const zone =
    off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`
  )
}
