// Go's fmt for template values: Sprint / Sprintln / Sprintf with the verbs, flags, width and precision users put in
// `{{printf "%.2f" .x}}`, including Go's `%!d(string=hi)` and `%!v(MISSING)` notes for mismatched arguments.

import { goQuote } from '../core/go-strconv.js'
import { compareUtf8, goTimeString } from '../core/value.js'
import { formatFloat } from './float-format.js'
import { GoNumber, goType } from './go-number.js'

interface Spec {
  minus: boolean
  plus: boolean
  sharp: boolean
  space: boolean
  zero: boolean
  width: number | undefined
  prec: number | undefined
}

const PLAIN: Spec = {
  minus: false,
  plus: false,
  sharp: false,
  space: false,
  zero: false,
  width: undefined,
  prec: undefined,
}

/** fmt.Sprint: operands printed with %v, a space between two operands when neither is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = ''
  let prevString = false
  args.forEach((a, i) => {
    const isString = typeof a === 'string'
    if (i > 0 && !isString && !prevString) out += ' '
    out += formatValue(a, 'v', PLAIN)
    prevString = isString
  })
  return out
}

/** fmt.Sprintln: operands printed with %v separated by spaces, then a newline. */
export function sprintln(args: readonly unknown[]): string {
  return args.map((a) => formatValue(a, 'v', PLAIN)).join(' ') + '\n'
}

/** Go's %v of one value (what a template action prints). */
export function formatV(v: unknown): string {
  return formatValue(v, 'v', PLAIN)
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = ''
  let argNum = 0
  let i = 0
  while (i < format.length) {
    const pct = format.indexOf('%', i)
    if (pct < 0) {
      out += format.slice(i)
      break
    }
    out += format.slice(i, pct)
    i = pct + 1
    const spec: Spec = { ...PLAIN }
    flags: for (; i < format.length; i++) {
      switch (format[i]) {
        case '-':
          spec.minus = true
          spec.zero = false
          break
        case '+':
          spec.plus = true
          break
        case '#':
          spec.sharp = true
          break
        case ' ':
          spec.space = true
          break
        case '0':
          spec.zero = !spec.minus
          break
        default:
          break flags
      }
    }
    // Width.
    if (format[i] === '*') {
      i++
      const w = args[argNum++]
      if (typeof w === 'bigint') {
        spec.width = Number(w)
        if (spec.width < 0) {
          spec.minus = true
          spec.width = -spec.width
        }
      } else out += '%!(BADWIDTH)'
    } else {
      const m = /^\d+/.exec(format.slice(i))
      if (m !== null) {
        spec.width = Number(m[0])
        i += m[0].length
      }
    }
    // Precision.
    if (format[i] === '.') {
      i++
      if (format[i] === '*') {
        i++
        const p = args[argNum++]
        if (typeof p === 'bigint' && p >= 0n) spec.prec = Number(p)
        else out += '%!(BADPREC)'
      } else {
        const m = /^\d+/.exec(format.slice(i))
        spec.prec = m === null ? 0 : Number(m[0])
        if (m !== null) i += m[0].length
      }
    }
    if (i >= format.length) {
      out += '%!(NOVERB)'
      break
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!)
    i += verb.length
    if (verb === '%') {
      out += '%'
      continue
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`
      continue
    }
    out += formatValue(args[argNum++], verb, spec)
  }
  if (argNum < args.length) {
    out +=
      '%!(EXTRA ' +
      args
        .slice(argNum)
        .map((a) => `${goType(a)}=${formatV(a)}`)
        .join(', ') +
      ')'
  }
  return out
}

function badVerb(v: unknown, verb: string): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`
  return `%!${verb}(${goType(v)}=${formatV(v)})`
}

function pad(s: string, spec: Spec, numeric = false): string {
  const w = spec.width
  const len = [...s].length
  if (w === undefined || len >= w) return s
  if (spec.minus) return s + ' '.repeat(w - len)
  if (spec.zero) {
    if (numeric && (s[0] === '-' || s[0] === '+' || s[0] === ' ')) return s[0] + '0'.repeat(w - len) + s.slice(1)
    return '0'.repeat(w - len) + s
  }
  return ' '.repeat(w - len) + s
}

function signed(s: string, neg: boolean, spec: Spec): string {
  if (neg) return '-' + s
  if (spec.plus) return '+' + s
  if (spec.space) return ' ' + s
  return s
}

function formatValue(v: unknown, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(goType(v), spec)
  if (v === null || v === undefined) return verb === 'v' ? pad('<nil>', spec) : badVerb(v, verb)
  if (v instanceof GoNumber) {
    if (typeof v.value === 'number') return formatFloatVerb(v.value, verb, spec, v.kind === 'float32' ? 32 : 64, v)
    return formatInt(v.value, verb, spec, v)
  }
  switch (typeof v) {
    case 'boolean':
      return verb === 'v' || verb === 't' ? pad(String(v), spec) : badVerb(v, verb)
    case 'bigint':
      return formatInt(v, verb, spec, v)
    case 'number':
      return formatFloatVerb(v, verb, spec, 64, v)
    case 'string':
      return formatString(v, verb, spec)
    default:
      break
  }
  if (v instanceof Date) return verb === 'v' || verb === 's' ? pad(goTimeString(v), spec) : badVerb(v, verb)
  if (v instanceof Uint8Array) {
    if (verb === 's' || verb === 'q' || verb === 'x' || verb === 'X')
      return formatString(Buffer.from(v).toString('latin1'), verb, spec)
    return '[' + Array.from(v, (b) => formatInt(BigInt(b), verb === 'v' ? 'd' : verb, spec, b)).join(' ') + ']'
  }
  if (Array.isArray(v)) return '[' + v.map((e) => formatValue(e, verb, spec)).join(' ') + ']'
  if (typeof v === 'object') {
    const m = v as Record<string, unknown>
    const keys = Object.keys(m).sort(compareUtf8)
    return 'map[' + keys.map((k) => `${formatValue(k, verb, spec)}:${formatValue(m[k], verb, spec)}`).join(' ') + ']'
  }
  return badVerb(v, verb)
}

function formatInt(n: bigint, verb: string, spec: Spec, orig: unknown): string {
  const neg = n < 0n
  const a = neg ? -n : n
  let digits: string
  let prefix = ''
  switch (verb) {
    case 'v':
    case 'd':
      digits = a.toString()
      break
    case 'b':
      digits = a.toString(2)
      if (spec.sharp) prefix = '0b'
      break
    case 'o':
    case 'O':
      digits = a.toString(8)
      if (verb === 'O') prefix = '0o'
      else if (spec.sharp && digits !== '0') prefix = '0'
      break
    case 'x':
      digits = a.toString(16)
      if (spec.sharp) prefix = '0x'
      break
    case 'X':
      digits = a.toString(16).toUpperCase()
      if (spec.sharp) prefix = '0X'
      break
    case 'c':
      return pad(safeChar(n), spec)
    case 'q':
      return pad(quoteRune(n), spec)
    case 'U': {
      const hex = a.toString(16).toUpperCase().padStart(4, '0')
      return pad(spec.sharp && n <= 0x10ffffn ? `U+${hex} '${safeChar(n)}'` : `U+${hex}`, spec)
    }
    default:
      return badVerb(orig, verb)
  }
  if (spec.prec !== undefined) {
    if (spec.prec === 0 && a === 0n) digits = ''
    digits = digits.padStart(spec.prec, '0')
  } else if (spec.zero && spec.width !== undefined && !spec.minus) {
    const signLen = neg || spec.plus || spec.space ? 1 : 0
    digits = digits.padStart(spec.width - signLen - prefix.length, '0')
  }
  return pad(signed(prefix + digits, neg, spec), { ...spec, zero: false })
}

function formatFloatVerb(f: number, verb: string, spec: Spec, bits: 32 | 64, orig: unknown): string {
  let fmt: string
  let prec = spec.prec ?? -1
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
      fmt = verb === 'G' ? 'G' : 'g'
      break
    case 'e':
    case 'E':
    case 'f':
    case 'F':
      fmt = verb
      if (spec.prec === undefined) prec = 6
      break
    default:
      return badVerb(orig, verb)
  }
  let s = formatFloat(f, fmt, prec, bits)
  if (s === 'NaN' || s === '+Inf' || s === '-Inf') {
    if (s === '+Inf' && !spec.plus) s = spec.space ? ' Inf' : 'Inf'
    return pad(s, { ...spec, zero: false })
  }
  if (s[0] !== '-') s = spec.plus ? '+' + s : spec.space ? ' ' + s : s
  return pad(s, spec, true)
}

function formatString(s: string, verb: string, spec: Spec): string {
  switch (verb) {
    case 'v':
    case 's': {
      const t = spec.prec !== undefined ? [...s].slice(0, spec.prec).join('') : s
      return pad(t, spec)
    }
    case 'q':
      return pad(spec.sharp && !s.includes('`') && !/[\p{Cc}]/u.test(s) ? '`' + s + '`' : goQuote(s), spec)
    case 'x':
    case 'X': {
      let hex = Buffer.from(s, 'utf8').toString('hex')
      if (verb === 'X') hex = hex.toUpperCase()
      return pad(hex, spec)
    }
    default:
      return badVerb(s, verb)
  }
}

function safeChar(n: bigint): string {
  if (n < 0n || n > 0x10ffffn || (n >= 0xd800n && n < 0xe000n)) return '\uFFFD'
  return String.fromCodePoint(Number(n))
}

function quoteRune(n: bigint): string {
  const c = safeChar(n)
  if (c === "'") return "'\\''"
  if (c === '"') return `'"'`
  return "'" + goQuote(c).slice(1, -1) + "'"
}
