// Go literal syntax inside template actions: numbers (Go's ideal constants: int or float64) and quoted strings
// (strconv.Unquote with \x, octal, \u and \U escapes; the bytes are read as UTF-8).

const INT_RE = /^[+-]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/
const FLOAT_RE = /^[+-]?(\d[\d_]*\.?[\d_]*([eE][+-]?\d[\d_]*)?|\.\d[\d_]*([eE][+-]?\d[\d_]*)?)$/
const MAX_INT = (1n << 63n) - 1n
const MIN_INT = -(1n << 63n)

/** A number literal as Go's template evaluates it: bigint for an integer, number for a float; a string is an error. */
export function parseGoNumber(text: string): bigint | number | string {
  if (text.endsWith('i')) return `complex number ${text} not supported`
  const clean = text.replace(/_/g, '')
  if (INT_RE.test(text)) {
    let body = clean
    let neg = false
    if (body[0] === '+' || body[0] === '-') {
      neg = body[0] === '-'
      body = body.slice(1)
    }
    let v: bigint
    if (/^0[oO]/.test(body)) v = BigInt('0o' + body.slice(2))
    else if (/^0[0-7]+$/.test(body)) v = BigInt('0o' + body.slice(1))
    else v = BigInt(body)
    if (neg) v = -v
    if (v > MAX_INT || v < MIN_INT) return `${text} overflows int`
    return v
  }
  if (FLOAT_RE.test(text)) {
    const f = Number(clean)
    if (Number.isNaN(f)) return `illegal number syntax: "${text}"`
    // An integral float without . or exponent cannot happen here (INT_RE took it), e.g. 1e3 stays float64.
    return f
  }
  return `illegal number syntax: "${text}"`
}

/** Go's strconv.Unquote of a "..." , `...` or '...' literal; undefined when malformed. */
export function unquoteGo(lit: string): string | undefined {
  const q = lit[0]
  if (lit.length < 2 || lit[lit.length - 1] !== q) return undefined
  const body = lit.slice(1, -1)
  if (q === '`') return body.includes('`') ? undefined : body.replace(/\r/g, '')
  if (q !== '"' && q !== "'") return undefined
  if (!body.includes('\\')) return body.includes(q) || body.includes('\n') ? undefined : body
  const bytes: number[] = []
  const pushString = (s: string): void => {
    for (const b of Buffer.from(s, 'utf8')) bytes.push(b)
  }
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!
    if (c !== '\\') {
      if (c === q || c === '\n') return undefined
      const cp = body.codePointAt(i)!
      const ch = String.fromCodePoint(cp)
      pushString(ch)
      i += ch.length - 1
      continue
    }
    const e = body[++i]
    switch (e) {
      case 'a':
        bytes.push(7)
        break
      case 'b':
        bytes.push(8)
        break
      case 'f':
        bytes.push(12)
        break
      case 'n':
        bytes.push(10)
        break
      case 'r':
        bytes.push(13)
        break
      case 't':
        bytes.push(9)
        break
      case 'v':
        bytes.push(11)
        break
      case '\\':
        bytes.push(92)
        break
      case "'":
      case '"':
        if (e !== q) return undefined
        bytes.push(e.charCodeAt(0))
        break
      case 'x': {
        const h = body.slice(i + 1, i + 3)
        if (!/^[0-9a-fA-F]{2}$/.test(h)) return undefined
        bytes.push(parseInt(h, 16))
        i += 2
        break
      }
      case 'u':
      case 'U': {
        const n = e === 'u' ? 4 : 8
        const h = body.slice(i + 1, i + 1 + n)
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) return undefined
        const cp = parseInt(h, 16)
        if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return undefined
        pushString(String.fromCodePoint(cp))
        i += n
        break
      }
      default: {
        const o = body.slice(i, i + 3)
        if (!/^[0-7]{3}$/.test(o)) return undefined
        const v = parseInt(o, 8)
        if (v > 255) return undefined
        bytes.push(v)
        i += 2
      }
    }
  }
  return Buffer.from(bytes).toString('utf8')
}
