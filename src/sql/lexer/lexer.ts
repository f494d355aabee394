// The SQL lexer: text → tokens with line/column positions, following 1.0's scanner (xsql/lexical.go) except that
// `-` is always its own token (the parser folds `-5` into a literal), so that `a - 1` and `a-1` are subtractions.

import { ParseError } from '../../core/errors.js'
import { goUnescape } from './string-literal.js'
import { keywordOf, type Operator, type Token, type TokenType } from './tokens.js'

const CH_TAB = 9
const CH_LF = 10
const CH_CR = 13
const CH_SPACE = 32

function isWhitespace(c: number): boolean {
  return c === CH_SPACE || c === CH_TAB || c === CH_LF || c === CH_CR
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90)
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function isIdentPart(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95
}

const singleCharOps: Readonly<Record<string, Operator>> = {
  '+': '+',
  '*': '*',
  '%': '%',
  '&': '&',
  '|': '|',
  '^': '^',
  '=': '=',
  ',': ',',
  '(': '(',
  ')': ')',
  '[': '[',
  ']': ']',
  '#': '#',
  ':': ':',
  ';': ';',
}

/** Splits `src` into tokens, ending with one `eof` token. Comments and whitespace are dropped. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = []
  const n = src.length
  let i = 0
  let line = 1
  let lineStart = 0

  const push = (type: TokenType, text: string, start: number, startLine: number, startCol: number, quoted = false) => {
    tokens.push({ type, text, line: startLine, column: startCol, offset: start, quoted })
  }

  /** Skips whitespace from `i`, tracking lines; returns the new index. */
  const skipWhitespace = (from: number): number => {
    let j = from
    while (j < n) {
      const c = src.charCodeAt(j)
      if (c === CH_LF) {
        line++
        lineStart = j + 1
      } else if (!isWhitespace(c)) break
      j++
    }
    return j
  }

  while (i < n) {
    const c = src.charCodeAt(i)
    if (isWhitespace(c)) {
      i = skipWhitespace(i)
      continue
    }
    const start = i
    const startLine = line
    const col = i - lineStart + 1

    if (isLetter(c) || c === 95) {
      let j = i + 1
      while (j < n && isIdentPart(src.charCodeAt(j))) j++
      const word = src.slice(i, j)
      const kw = keywordOf(word.toUpperCase())
      if (kw !== undefined) push(kw, kw, start, startLine, col)
      else push('ident', word, start, startLine, col)
      i = j
      continue
    }
    if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(i + 1)))) {
      let j = i
      let dot = false
      while (j < n) {
        const d = src.charCodeAt(j)
        if (d === 46) dot = true
        else if (!isDigit(d)) break
        j++
      }
      push(dot ? 'number' : 'integer', src.slice(i, j), start, startLine, col)
      i = j
      continue
    }
    const ch = src[i]!
    switch (ch) {
      case '"': {
        let j = i + 1
        let escape = false
        let closed = false
        while (j < n) {
          const d = src.charCodeAt(j)
          if (d === CH_LF) {
            line++
            lineStart = j + 1
          }
          if (d === 34 && !escape) {
            closed = true
            break
          }
          escape = d === 92 && !escape
          j++
        }
        if (!closed) {
          push('badstring', src.slice(i), start, startLine, col)
          i = n
          break
        }
        const value = goUnescape(src.slice(i + 1, j))
        if (value === undefined) {
          throw new ParseError(`found ${src.slice(i, j + 1)}, invalid escape in string literal.`, startLine, col)
        }
        push('string', value, start, startLine, col)
        i = j + 1
        break
      }
      case '`': {
        // As in 1.0, an unterminated back-quoted name runs to the end of the input.
        let j = i + 1
        while (j < n && src.charCodeAt(j) !== 96) {
          if (src.charCodeAt(j) === CH_LF) {
            line++
            lineStart = j + 1
          }
          j++
        }
        push('ident', src.slice(i + 1, j), start, startLine, col, true)
        i = j < n ? j + 1 : n
        break
      }
      case '-': {
        const next = src.charCodeAt(i + 1)
        if (next === 45) {
          // `--` comment to the end of the line
          let j = i + 2
          while (j < n && src.charCodeAt(j) !== CH_LF) j++
          i = j
        } else if (next === 62) {
          push('->', '->', start, startLine, col)
          i += 2
        } else {
          push('-', '-', start, startLine, col)
          i++
        }
        break
      }
      case '/': {
        if (src.charCodeAt(i + 1) === 42) {
          const end = src.indexOf('*/', i + 2)
          const stop = end < 0 ? n : end + 2
          for (let j = i + 2; j < stop; j++) {
            if (src.charCodeAt(j) === CH_LF) {
              line++
              lineStart = j + 1
            }
          }
          // 1.0 reports an unterminated comment as an illegal token.
          if (end < 0) push('illegal', '', start, startLine, col)
          i = stop
        } else {
          push('/', '/', start, startLine, col)
          i++
        }
        break
      }
      case '!':
      case '<':
      case '>': {
        // 1.0 allows whitespace between these and a following `=` (`! =`, `> =`).
        const j = skipWhitespace(i + 1)
        if (src.charCodeAt(j) === 61) {
          const op: Operator = ch === '!' ? '!=' : ch === '<' ? '<=' : '>='
          push(op, op, start, startLine, col)
          i = j + 1
        } else {
          if (ch === '!') push('illegal', '!', start, startLine, col)
          else push(ch, ch, start, startLine, col)
          i++
        }
        break
      }
      case '.': {
        push('.', '.', start, startLine, col)
        i++
        break
      }
      default: {
        const op = singleCharOps[ch]
        if (op !== undefined) {
          push(op, op, start, startLine, col)
          i++
        } else {
          // Go reports an illegal character with an empty literal.
          const cp = src.codePointAt(i)!
          push('illegal', '', start, startLine, col)
          i += cp > 0xffff ? 2 : 1
        }
      }
    }
  }
  tokens.push({ type: 'eof', text: 'EOF', line, column: n - lineStart + 1, offset: n, quoted: false })
  return tokens
}
