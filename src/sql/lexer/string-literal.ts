// Decoding of SQL string literals: the escapes of Go's strconv.Unquote for double-quoted strings.

const unescapes: Readonly<Record<string, string>> = {
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
}

function isHex(s: string): boolean {
  return /^[0-9a-fA-F]+$/.test(s)
}

/**
 * Decodes the body of a double-quoted Go string literal (without its quotes). Returns undefined when an escape
 * is invalid. Unlike Go, a raw line break inside the quotes is kept rather than rejected.
 */
export function goUnescape(body: string): string | undefined {
  if (body.indexOf('\\') < 0) return body
  let out = ''
  let i = 0
  while (i < body.length) {
    const ch = body[i]!
    if (ch !== '\\') {
      out += ch
      i++
      continue
    }
    const e = body[i + 1]
    if (e === undefined) return undefined
    const simple = unescapes[e]
    if (simple !== undefined) {
      out += simple
      i += 2
      continue
    }
    let digits: string
    let width: number
    let radix = 16
    if (e === 'x') width = 2
    else if (e === 'u') width = 4
    else if (e === 'U') width = 8
    else if (e >= '0' && e <= '7') {
      width = 3
      radix = 8
    } else return undefined
    if (radix === 8) {
      digits = body.slice(i + 1, i + 4)
      if (!/^[0-7]{3}$/.test(digits)) return undefined
      i += 4
    } else {
      digits = body.slice(i + 2, i + 2 + width)
      if (digits.length !== width || !isHex(digits)) return undefined
      i += 2 + width
    }
    const cp = parseInt(digits, radix)
    if (radix === 8 && cp > 255) return undefined
    if (e === 'x' || radix === 8) {
      // A byte; bytes >= 0x80 are not valid UTF-8 on their own, keep them as the code point of the same value.
      out += String.fromCharCode(cp)
    } else {
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined
      out += String.fromCodePoint(cp)
    }
  }
  return out
}
