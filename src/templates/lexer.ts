// Lexer of Go text/template (text/template/parse/lex.go): text between `{{ }}` actions, trim markers `{{- ` / ` -}}`,
// comments, and the tokens inside actions (fields, variables, literals, `|`, `:=`, parentheses).

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'identifier'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'badChar'
  | 'comment'
  | 'eof'

export interface Token {
  readonly type: TokenType
  readonly value: string
  /** Byte offset (UTF-16 index) in the template text. */
  readonly pos: number
  readonly line: number
}

export const KEYWORDS = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
])

export class TemplateSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly line: number,
  ) {
    super(detail)
  }
}

const LEFT = '{{'
const RIGHT = '}}'

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n'
}

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && (c === '_' || /^[\p{L}\p{Nd}]$/u.test(c))
}

function lineAt(text: string, pos: number): number {
  let n = 1
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) n++
  return n
}

/** Tokenizes a whole template; throws TemplateSyntaxError with Go's lexer messages. */
export function lex(text: string): Token[] {
  const out: Token[] = []
  const tok = (type: TokenType, value: string, pos: number): void => {
    out.push({ type, value, pos, line: lineAt(text, pos) })
  }
  const fail = (msg: string, pos: number): never => {
    throw new TemplateSyntaxError(msg, lineAt(text, pos))
  }
  let pos = 0
  let trimNextText = false
  while (pos < text.length) {
    const next = text.indexOf(LEFT, pos)
    const end = next < 0 ? text.length : next
    let chunk = text.slice(pos, end)
    let chunkPos = pos
    if (trimNextText) {
      const trimmed = chunk.replace(/^[ \t\r\n]+/, '')
      chunkPos += chunk.length - trimmed.length
      chunk = trimmed
      trimNextText = false
    }
    if (next < 0) {
      if (chunk !== '') tok('text', chunk, chunkPos)
      break
    }
    // Left trim marker: `{{- ` trims the whitespace before the action.
    const leftTrim = text[next + 2] === '-' && isSpace(text[next + 3])
    if (leftTrim) chunk = chunk.replace(/[ \t\r\n]+$/, '')
    if (chunk !== '') tok('text', chunk, chunkPos)
    pos = next + 2 + (leftTrim ? 2 : 0)
    const actionStart = next
    // Comments.
    if (text.startsWith('/*', pos)) {
      const close = text.indexOf('*/', pos + 2)
      if (close < 0) fail('unclosed comment', actionStart)
      let after = close + 2
      let rightTrim = false
      if (isSpace(text[after]) && text[after + 1] === '-' && text.startsWith(RIGHT, after + 2)) {
        rightTrim = true
        after += 2
      }
      if (!text.startsWith(RIGHT, after)) fail('comment ends before closing delimiter', actionStart)
      tok('comment', text.slice(pos, close + 2), pos)
      pos = after + 2
      trimNextText = rightTrim
      continue
    }
    tok('leftDelim', LEFT, actionStart)
    const r = lexInsideAction(text, pos, tok, fail)
    pos = r.pos
    trimNextText = r.trim
  }
  tok('eof', '', text.length)
  return out
}

type Emit = (type: TokenType, value: string, pos: number) => void
type Fail = (msg: string, pos: number) => never

function lexInsideAction(text: string, start: number, tok: Emit, fail: Fail): { pos: number; trim: boolean } {
  let pos = start
  let parenDepth = 0
  for (;;) {
    // Right delimiter, possibly with a trim marker.
    if (isSpace(text[pos]) && text[pos + 1] === '-' && text.startsWith(RIGHT, pos + 2)) {
      if (parenDepth > 0) fail('unclosed left paren', pos)
      tok('rightDelim', RIGHT, pos + 2)
      return { pos: pos + 4, trim: true }
    }
    if (text.startsWith(RIGHT, pos)) {
      if (parenDepth > 0) fail('unclosed left paren', pos)
      tok('rightDelim', RIGHT, pos)
      return { pos: pos + 2, trim: false }
    }
    const c = text[pos]
    if (c === undefined) fail('unclosed action', pos)
    if (isSpace(c)) {
      let e = pos
      while (isSpace(text[e]) && !(text[e + 1] === '-' && text.startsWith(RIGHT, e + 2))) e++
      if (e === pos) e++ // the space before ` -}}` is handled above
      tok('space', text.slice(pos, e), pos)
      pos = e
      continue
    }
    if (c === '=') {
      tok('assign', '=', pos)
      pos++
      continue
    }
    if (c === ':') {
      if (text[pos + 1] !== '=') fail('expected :=', pos)
      tok('declare', ':=', pos)
      pos += 2
      continue
    }
    if (c === '|') {
      tok('pipe', '|', pos)
      pos++
      continue
    }
    if (c === '"') {
      pos = lexQuote(text, pos, tok, fail)
      continue
    }
    if (c === '`') {
      const close = text.indexOf('`', pos + 1)
      if (close < 0) fail('unterminated raw quoted string', pos)
      tok('rawString', text.slice(pos, close + 1), pos)
      pos = close + 1
      continue
    }
    if (c === "'") {
      pos = lexChar(text, pos, tok, fail)
      continue
    }
    if (c === '$') {
      let e = pos + 1
      while (isAlnum(text[e])) e++
      tok('variable', text.slice(pos, e), pos)
      pos = e
      checkTerminator(text, pos, fail)
      continue
    }
    if (c === '.') {
      const n = text[pos + 1]
      if (n !== undefined && n >= '0' && n <= '9') {
        pos = lexNumber(text, pos, tok, fail)
        continue
      }
      let e = pos + 1
      while (isAlnum(text[e])) e++
      if (e === pos + 1) tok('dot', '.', pos)
      else tok('field', text.slice(pos, e), pos)
      pos = e
      checkTerminator(text, pos, fail)
      continue
    }
    if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      pos = lexNumber(text, pos, tok, fail)
      continue
    }
    if (isAlnum(c)) {
      let e = pos
      while (isAlnum(text[e])) e++
      const word = text.slice(pos, e)
      if (KEYWORDS.has(word)) tok('keyword', word, pos)
      else if (word === 'true' || word === 'false') tok('bool', word, pos)
      else if (word === 'nil') tok('nil', word, pos)
      else tok('identifier', word, pos)
      pos = e
      checkTerminator(text, pos, fail)
      continue
    }
    if (c === '(') {
      tok('leftParen', c, pos)
      parenDepth++
      pos++
      continue
    }
    if (c === ')') {
      parenDepth--
      if (parenDepth < 0) fail(`unexpected right paren`, pos)
      tok('rightParen', c, pos)
      pos++
      continue
    }
    if (c === ',') {
      tok('comma', c, pos)
      pos++
      continue
    }
    if (c.charCodeAt(0) < 0x7f && c.charCodeAt(0) >= 0x20) {
      tok('badChar', c, pos)
      pos++
      continue
    }
    fail(`unrecognized character in action: ${goRuneName(c)}`, pos)
  }
}

function checkTerminator(text: string, pos: number, fail: Fail): void {
  const c = text[pos]
  if (c === undefined || isSpace(c) || '.,|:)('.includes(c) || text.startsWith(RIGHT, pos) || c === '=') return
  fail(`bad character ${goRuneName(c)}`, pos)
}

function lexQuote(text: string, start: number, tok: Emit, fail: Fail): number {
  let i = start + 1
  for (;;) {
    const c = text[i]
    if (c === undefined || c === '\n') fail('unterminated quoted string', start)
    if (c === '\\') {
      i += 2
      continue
    }
    if (c === '"') break
    i++
  }
  tok('string', text.slice(start, i + 1), start)
  return i + 1
}

function lexChar(text: string, start: number, tok: Emit, fail: Fail): number {
  let i = start + 1
  for (;;) {
    const c = text[i]
    if (c === undefined || c === '\n') fail('unterminated character constant', start)
    if (c === '\\') {
      i += 2
      continue
    }
    if (c === "'") break
    i++
  }
  tok('char', text.slice(start, i + 1), start)
  return i + 1
}

function lexNumber(text: string, start: number, tok: Emit, fail: Fail): number {
  let i = start
  if (text[i] === '+' || text[i] === '-') i++
  let digits = '0123456789_'
  if (text[i] === '0' && /[xXoObB]/.test(text[i + 1] ?? '')) {
    const p = (text[i + 1] ?? '').toLowerCase()
    digits = p === 'x' ? '0123456789abcdefABCDEF_' : p === 'o' ? '01234567_' : '01_'
    i += 2
  }
  const run = (): void => {
    while (i < text.length && digits.includes(text[i]!)) i++
  }
  run()
  if (text[i] === '.') {
    i++
    run()
  }
  const hex = digits.includes('f')
  if (/[eEpP]/.test(text[i] ?? '') && (hex ? /[pP]/.test(text[i]!) : /[eE]/.test(text[i]!))) {
    i++
    if (text[i] === '+' || text[i] === '-') i++
    while (i < text.length && /[0-9_]/.test(text[i]!)) i++
  }
  if (text[i] === 'i') i++
  if (isAlnum(text[i])) fail(`bad number syntax: "${text.slice(start, i + 1)}"`, start)
  tok('number', text.slice(start, i), start)
  return i
}

/** Go's %#U of a rune: `U+0023 '#'`. */
export function goRuneName(c: string): string {
  const cp = c.codePointAt(0) ?? 0
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`
}
