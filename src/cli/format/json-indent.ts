// Go's json.Indent(dst, src, "", "  ") on JSON text: what 1.0's CLI printed for rules, status and topology.
// Works on the text so numbers and key order stay exactly as kuiperd sent them.

export function indentJson(src: string, indent = '  '): string {
  let out = ''
  let depth = 0
  let inString = false
  let escaped = false
  // After `{` or `[`: the newline is written only if the value is not empty (`[]` and `{}` stay compact).
  let pendingOpen = false
  const newline = (): string => '\n' + indent.repeat(depth)
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string
    if (inString) {
      out += c
      if (escaped) escaped = false
      else if (c === '\\') escaped = true
      else if (c === '"') inString = false
      continue
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue
    if (pendingOpen && c !== ']' && c !== '}') {
      pendingOpen = false
      out += newline()
    }
    switch (c) {
      case '{':
      case '[':
        out += c
        depth++
        pendingOpen = true
        break
      case '}':
      case ']':
        depth--
        if (pendingOpen) pendingOpen = false
        else out += newline()
        out += c
        break
      case ',':
        out += ',' + newline()
        break
      case ':':
        out += ': '
        break
      case '"':
        inString = true
        out += c
        break
      default:
        out += c
    }
  }
  return out
}
