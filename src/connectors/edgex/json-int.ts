// A JSON parser that keeps integer literals exact: `12` becomes 12n (Go decoding into int64 / uint64 / []int keeps
// every digit), `1.5` and `1e3` stay numbers. EdgeX timestamps (ns origins) and UINT64 arrays need it.

export type JsonIntValue = null | boolean | number | bigint | string | JsonIntValue[] | { [key: string]: JsonIntValue }

/** Parses `text`; throws a SyntaxError with the offset on malformed input. */
export function parseJsonInt(text: string): JsonIntValue {
  const p = new Parser(text)
  p.ws()
  const v = p.value()
  p.ws()
  if (p.i < text.length) p.fail('unexpected data after the top-level value')
  return v
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y

class Parser {
  i = 0
  constructor(private readonly s: string) {}

  fail(msg: string): never {
    throw new SyntaxError(`invalid JSON at offset ${this.i}: ${msg}`)
  }

  ws(): void {
    const s = this.s
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i)
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break
      this.i++
    }
  }

  value(): JsonIntValue {
    const c = this.s[this.i]
    switch (c) {
      case '{':
        return this.object()
      case '[':
        return this.array()
      case '"':
        return this.string()
      case 't':
        return this.word('true', true)
      case 'f':
        return this.word('false', false)
      case 'n':
        return this.word('null', null)
      default:
        return this.number()
    }
  }

  private word<T>(w: string, v: T): T {
    if (!this.s.startsWith(w, this.i)) this.fail(`expected ${w}`)
    this.i += w.length
    return v
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.i
    const m = NUMBER.exec(this.s)
    if (m === null || m[0] === '' || m[0] === '-') this.fail('expected a value')
    this.i += m[0].length
    return m[1] === undefined && m[2] === undefined ? BigInt(m[0]) : Number(m[0])
  }

  private string(): string {
    const s = this.s
    const start = ++this.i
    // Fast path: no escapes.
    let j = start
    while (j < s.length) {
      const c = s.charCodeAt(j)
      if (c === 0x22) {
        this.i = j + 1
        return s.slice(start, j)
      }
      if (c === 0x5c || c < 0x20) break
      j++
    }
    let out = s.slice(start, j)
    this.i = j
    for (;;) {
      if (this.i >= s.length) this.fail('unterminated string')
      const c = s[this.i++]!
      if (c === '"') return out
      if (c.charCodeAt(0) < 0x20) this.fail('control character in string')
      if (c !== '\\') {
        out += c
        continue
      }
      const e = s[this.i++]
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e
          break
        case 'b':
          out += '\b'
          break
        case 'f':
          out += '\f'
          break
        case 'n':
          out += '\n'
          break
        case 'r':
          out += '\r'
          break
        case 't':
          out += '\t'
          break
        case 'u': {
          const hex = s.slice(this.i, this.i + 4)
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad unicode escape')
          out += String.fromCharCode(parseInt(hex, 16))
          this.i += 4
          break
        }
        default:
          this.fail('bad escape')
      }
    }
  }

  private array(): JsonIntValue[] {
    this.i++
    const out: JsonIntValue[] = []
    this.ws()
    if (this.s[this.i] === ']') {
      this.i++
      return out
    }
    for (;;) {
      this.ws()
      out.push(this.value())
      this.ws()
      const c = this.s[this.i++]
      if (c === ']') return out
      if (c !== ',') this.fail("expected ',' or ']'")
    }
  }

  private object(): { [key: string]: JsonIntValue } {
    this.i++
    const out: { [key: string]: JsonIntValue } = {}
    this.ws()
    if (this.s[this.i] === '}') {
      this.i++
      return out
    }
    for (;;) {
      this.ws()
      if (this.s[this.i] !== '"') this.fail('expected a key')
      const k = this.string()
      this.ws()
      if (this.s[this.i++] !== ':') this.fail("expected ':'")
      this.ws()
      const v = this.value()
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
      this.ws()
      const c = this.s[this.i++]
      if (c === '}') return out
      if (c !== ',') this.fail("expected ',' or '}'")
    }
  }
}
