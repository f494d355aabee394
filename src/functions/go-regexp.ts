// Go regexp (RE2 syntax) on top of unicode-mode JS RegExp: translates RE2-only syntax ((?P<n>..), leading (?flags),
// \A, \z, \Q..\E, [[:alpha:]], \pL, \x{41}, ASCII \s, literal braces, escaped punctuation) and reproduces Go's
// ReplaceAllString ($name templates, empty-match rules) and FindString.
// Not covered: RE2 rejects backreferences and lookaround, which JS accepts; (?i:...) groups need a newer V8.

import { fail } from './args.js'

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
}

const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''))
const escapeLiteral = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
const hexEscape = (ch: string): string => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`
/** RE2's \s is ASCII whitespace; in unicode mode JS's \s is wider. */
const RE2_SPACE = '\\t\\n\\f\\r '

/** Translates an RE2 pattern to a JS source for a unicode-mode RegExp (runes, as Go matches) and its flags. */
function translate(pattern: string): { source: string; flags: string } {
  let flags = 'u'
  let p = pattern
  const lead = /^\(\?([imsU]+)\)/.exec(p)
  if (lead !== null) {
    for (const f of lead[1] ?? '') if (f !== 'U' && !flags.includes(f)) flags += f
    p = p.slice(lead[0].length)
  }
  let out = ''
  let inClass = false
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string
    if (c === '\\') {
      const n = String.fromCodePoint(p.codePointAt(i + 1) ?? 0x5c)
      i += n.length
      if (n === 'Q') {
        const end = p.indexOf('\\E', i + 1)
        out += escapeLiteral(end < 0 ? p.slice(i + 1) : p.slice(i + 1, end))
        i = end < 0 ? p.length : end + 1
      } else if (n === 'A' && !inClass) out += '(?<![\\s\\S])'
      else if (n === 'z' && !inClass) out += '(?![\\s\\S])'
      else if (n === 'x' && p[i + 1] === '{') {
        const end = p.indexOf('}', i)
        out += `\\u${p.slice(i + 1, end + 1)}`
        i = end
      } else if (n === 's') out += inClass ? RE2_SPACE : `[${RE2_SPACE}]`
      else if (n === 'S' && !inClass) out += `[^${RE2_SPACE}]`
      else if ((n === 'p' || n === 'P') && p[i + 1] !== '{' && p[i + 1] !== undefined) {
        out += `\\${n}{${p[i + 1]}}`
        i++
      } else if (/[0-9A-Za-z]/.test(n) || SYNTAX.has(n) || (inClass && n === '-')) out += c + n
      else out += hexEscape(n) // RE2 escapes any punctuation; unicode-mode JS only its syntax characters
      continue
    }
    if (inClass) {
      const posix = /^\[:([a-z]+):\]/.exec(p.slice(i))
      if (posix !== null && POSIX[posix[1] ?? ''] !== undefined) {
        out += POSIX[posix[1] ?? '']
        i += posix[0].length - 1
        continue
      }
      if (c === ']') inClass = false
      out += c
      continue
    }
    if (c === '[') {
      inClass = true
      out += c
      if (p[i + 1] === '^') out += p[++i]
      if (p[i + 1] === ']') out += '\\' + p[++i] // a leading ] is a literal in RE2
      continue
    }
    if (c === '(' && p.startsWith('?P<', i + 1)) {
      out += '(?<'
      i += 3
      continue
    }
    if (c === '{') {
      // a repetition, or a literal brace as RE2 reads `a{` or `{x}`
      const rep = /^\{\d+(,\d*)?\}/.exec(p.slice(i))
      if (rep !== null) {
        out += rep[0]
        i += rep[0].length - 1
      } else out += '\\{'
      continue
    }
    out += c === '}' || c === ']' ? '\\' + c : c
  }
  return { source: out, flags }
}

const cache = new Map<string, RegExp>()

/** Compiles an RE2 pattern (cached); throws `error parsing regexp: ...` like Go's regexp.Compile. */
export function compileGoRegexp(pattern: string): RegExp {
  let re = cache.get(pattern)
  if (re === undefined) {
    const { source, flags } = translate(pattern)
    try {
      re = new RegExp(source, flags + 'g')
    } catch (err) {
      return fail(`error parsing regexp: ${err instanceof Error ? err.message : String(err)}: \`${pattern}\``)
    }
    if (cache.size > 1000) cache.clear()
    cache.set(pattern, re)
  }
  re.lastIndex = 0
  return re
}

function execAt(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos
  return re.exec(s)
}

/** Go's regexp.MatchString: an unanchored search. */
export function goMatch(pattern: string, s: string): boolean {
  return execAt(compileGoRegexp(pattern), s, 0) !== null
}

/** Go's (*Regexp).FindString: the leftmost match, or "" when none. */
export function goFindString(pattern: string, s: string): string {
  return execAt(compileGoRegexp(pattern), s, 0)?.[0] ?? ''
}

const width = (s: string, i: number): number => ((s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1)

/** Go's (*Regexp).ReplaceAllString, with `$1`, `${1}`, `$name`, `${name}` and `$$` in the template. */
export function goReplaceAll(pattern: string, src: string, template: string): string {
  const re = compileGoRegexp(pattern)
  let out = ''
  let lastMatchEnd = 0
  let searchPos = 0
  while (searchPos <= src.length) {
    const m = execAt(re, src, searchPos)
    if (m === null) break
    const start = m.index
    const end = start + m[0].length
    out += src.slice(lastMatchEnd, start)
    // No replacement for an empty match right after another match.
    if (end > lastMatchEnd || start === 0) out += expand(template, m)
    lastMatchEnd = end
    const w = searchPos < src.length ? width(src, searchPos) : 1
    searchPos = searchPos + w > end ? searchPos + w : end
  }
  return out + src.slice(lastMatchEnd)
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u

function expand(template: string, m: RegExpExecArray): string {
  let out = ''
  let t = template
  for (;;) {
    const i = t.indexOf('$')
    if (i < 0) break
    out += t.slice(0, i)
    t = t.slice(i + 1)
    if (t.startsWith('$')) {
      out += '$'
      t = t.slice(1)
      continue
    }
    const brace = t.startsWith('{')
    let j = brace ? 1 : 0
    while (j < t.length) {
      const ch = String.fromCodePoint(t.codePointAt(j) ?? 0)
      if (!NAME_CHAR.test(ch)) break
      j += ch.length
    }
    const name = t.slice(brace ? 1 : 0, j)
    if (name === '' || (brace && t[j] !== '}')) {
      out += '$' // malformed: the $ is raw text
      continue
    }
    t = t.slice(brace ? j + 1 : j)
    const num = /^(0|[1-9]\d{0,7})$/.test(name) ? Number(name) : -1
    const group = num >= 0 ? m[num] : m.groups?.[name]
    out += group ?? ''
  }
  return out + t
}
