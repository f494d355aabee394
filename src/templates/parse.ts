// Parser of Go text/template (text/template/parse/parse.go): control structures, pipelines with declarations,
// variable scoping, `define`/`block`/`template`, and Go's parse error texts (`template: sink:1: ...`).

import type {
  ArgNode,
  BreakNode,
  CommandNode,
  IfNode,
  ListNode,
  Node,
  PipeNode,
  RangeNode,
  TemplateNode,
  VariableNode,
} from './ast.js'
import { goRuneName, lex, TemplateSyntaxError } from './lexer.js'
import type { Token, TokenType } from './lexer.js'
import { parseGoNumber, unquoteGo } from './literals.js'

export interface ParsedTemplate {
  readonly root: ListNode
  /** `{{define}}` / `{{block}}` bodies by name. */
  readonly defines: ReadonlyMap<string, ListNode>
}

/** Thrown for an invalid template; `message` is Go's text (`template: sink:1: unexpected EOF`). */
export class TemplateParseError extends Error {}

type End = { readonly kind: 'end'; readonly pos: number; readonly line: number }
type Else = { readonly kind: 'else'; readonly pos: number; readonly line: number }

/** Parses `text`; `hasFunction` tells which identifiers are functions (Go checks them while parsing). */
export function parseTemplate(name: string, text: string, hasFunction: (n: string) => boolean): ParsedTemplate {
  try {
    return new Parser(name, lex(text), hasFunction).parse()
  } catch (err) {
    if (err instanceof TemplateSyntaxError) throw new TemplateParseError(`template: ${name}:${err.line}: ${err.detail}`)
    throw err
  }
}

class Parser {
  private i = 0
  private vars: string[] = ['$']
  private rangeDepth = 0
  private readonly defines = new Map<string, ListNode>()

  constructor(
    private readonly name: string,
    private readonly tokens: readonly Token[],
    private readonly hasFunction: (n: string) => boolean,
  ) {}

  parse(): ParsedTemplate {
    const root: Node[] = []
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const save = this.i
        this.next()
        const t = this.nextNonSpace()
        if (t.type === 'keyword' && t.value === 'define') {
          this.parseDefinition()
          continue
        }
        this.i = save
      }
      const n = this.textOrAction()
      if (n === undefined) continue
      if (n.kind === 'end' || n.kind === 'else') this.fail(`unexpected {{${n.kind}}}`)
      root.push(n as Node)
    }
    return { root, defines: this.defines }
  }

  // ---- token access ----

  private peek(): Token {
    return this.tokens[this.i]!
  }

  private next(): Token {
    const t = this.tokens[this.i]!
    if (t.type !== 'eof') this.i++
    return t
  }

  private backup(): void {
    this.i--
  }

  private nextNonSpace(): Token {
    let t = this.next()
    while (t.type === 'space') t = this.next()
    return t
  }

  private peekNonSpace(): Token {
    const save = this.i
    const t = this.nextNonSpace()
    this.i = save
    return t
  }

  private expect(type: TokenType, context: string): Token {
    const t = this.nextNonSpace()
    if (t.type !== type) this.unexpected(t, context)
    return t
  }

  private fail(msg: string, line = this.tokens[Math.max(0, this.i - 1)]?.line ?? 1): never {
    throw new TemplateSyntaxError(msg, line)
  }

  private unexpected(t: Token, context: string): never {
    this.fail(`unexpected ${tokenString(t)} in ${context}`, t.line)
  }

  // ---- structure ----

  private parseDefinition(): void {
    const context = 'define clause'
    const nameTok = this.nextNonSpace()
    const name = this.templateName(nameTok, context)
    this.expect('rightDelim', context)
    const saved = this.vars
    this.vars = ['$']
    const [list, end] = this.itemList()
    this.vars = saved
    if (end.kind !== 'end') this.fail(`unexpected {{${end.kind}}} in ${context}`)
    this.addDefine(name, list)
  }

  private addDefine(name: string, list: ListNode): void {
    // A later non-empty definition replaces an earlier one; an empty one never replaces (Go's AddParseTree rule).
    if (this.defines.has(name) && isEmptyList(list)) return
    if (this.defines.has(name) && !isEmptyList(this.defines.get(name)!))
      this.fail(`template: multiple definition of template "${name}"`)
    this.defines.set(name, list)
  }

  private itemList(): [Node[], End | Else] {
    const list: Node[] = []
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction()
      if (n === undefined) continue
      if (n.kind === 'end' || n.kind === 'else') return [list, n as End | Else]
      list.push(n as Node)
    }
    this.fail('unexpected EOF')
  }

  private textOrAction(): Node | End | Else | undefined {
    const t = this.nextNonSpace()
    switch (t.type) {
      case 'text':
        return { kind: 'text', text: t.value, pos: t.pos, line: t.line }
      case 'leftDelim':
        return this.action()
      case 'comment':
        return undefined
      default:
        this.unexpected(t, 'input')
    }
  }

  private action(): Node | End | Else {
    const t = this.nextNonSpace()
    if (t.type === 'keyword') {
      switch (t.value) {
        case 'block':
          return this.blockControl()
        case 'break':
        case 'continue':
          return this.breakControl(t)
        case 'else':
          return this.elseControl()
        case 'end':
          return { kind: 'end', pos: this.expect('rightDelim', 'end').pos, line: t.line }
        case 'if':
          return this.control('if', t)
        case 'range':
          return this.control('range', t)
        case 'with':
          return this.control('with', t)
        case 'template':
          return this.templateControl()
        case 'define':
          this.fail('unexpected <define> in command')
      }
    }
    this.backup()
    const start = this.peek()
    return { kind: 'action', pipe: this.pipeline('command', 'rightDelim'), pos: start.pos, line: start.line }
  }

  private breakControl(t: Token): BreakNode {
    const kw = t.value as 'break' | 'continue'
    const n = this.nextNonSpace()
    if (n.type !== 'rightDelim') this.unexpected(n, `{{${kw}}}`)
    if (this.rangeDepth === 0) this.fail(`{{${kw}}} outside {{range}}`, t.line)
    return { kind: kw, pos: t.pos, line: t.line }
  }

  private elseControl(): Else {
    const peek = this.peekNonSpace()
    if (peek.type === 'keyword' && (peek.value === 'if' || peek.value === 'with')) {
      return { kind: 'else', pos: peek.pos, line: peek.line }
    }
    const t = this.expect('rightDelim', 'else')
    return { kind: 'else', pos: t.pos, line: t.line }
  }

  private control(context: 'if' | 'with' | 'range', t: Token): IfNode | RangeNode {
    const mark = this.vars.length
    try {
      const pipe = this.pipeline(context, 'rightDelim')
      if (context === 'range') this.rangeDepth++
      const [list, next] = this.itemList()
      if (context === 'range') this.rangeDepth--
      let elseList: Node[] | undefined
      if (next.kind === 'else') {
        const p = this.peekNonSpace()
        if (context !== 'range' && p.type === 'keyword' && p.value === context) {
          // `{{else if ...}}` / `{{else with ...}}`: a nested control sharing the one {{end}}.
          const kw = this.nextNonSpace()
          elseList = [this.control(context, kw)]
        } else {
          const [els, end] = this.itemList()
          if (end.kind !== 'end') this.fail('expected end; found {{else}}')
          elseList = els
        }
      }
      if (context === 'range') return { kind: 'range', pipe, list, elseList, pos: t.pos, line: t.line }
      return { kind: context, pipe, list, elseList, pos: t.pos, line: t.line }
    } finally {
      this.vars.length = mark
    }
  }

  private templateControl(): TemplateNode {
    const context = 'template clause'
    const nameTok = this.nextNonSpace()
    const name = this.templateName(nameTok, context)
    let pipe: PipeNode | undefined
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup()
      pipe = this.pipeline(context, 'rightDelim')
    }
    return { kind: 'template', name, pipe, pos: nameTok.pos, line: nameTok.line }
  }

  private blockControl(): TemplateNode {
    const context = 'block clause'
    const nameTok = this.nextNonSpace()
    const name = this.templateName(nameTok, context)
    const pipe = this.pipeline(context, 'rightDelim')
    const saved = this.vars
    this.vars = ['$']
    const [list, end] = this.itemList()
    this.vars = saved
    if (end.kind !== 'end') this.fail(`unexpected {{${end.kind}}} in ${context}`)
    this.addDefine(name, list)
    return { kind: 'template', name, pipe, pos: nameTok.pos, line: nameTok.line }
  }

  private templateName(t: Token, context: string): string {
    if (t.type === 'string' || t.type === 'rawString') return this.unquote(t)
    this.unexpected(t, context)
  }

  // ---- pipelines ----

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const start = this.peekNonSpace()
    const decl: VariableNode[] = []
    let isAssign = false
    for (;;) {
      const v = this.peekNonSpace()
      if (v.type !== 'variable') break
      const save = this.i
      this.nextNonSpace()
      const n = this.peekNonSpace()
      if (n.type === 'assign' || n.type === 'declare') {
        isAssign = n.type === 'assign'
        this.nextNonSpace()
        decl.push({ kind: 'variable', ident: [v.value], pos: v.pos, line: v.line })
        this.vars.push(v.value)
        break
      }
      if (n.type === 'comma') {
        this.nextNonSpace()
        decl.push({ kind: 'variable', ident: [v.value], pos: v.pos, line: v.line })
        this.vars.push(v.value)
        if (context === 'range' && decl.length < 2) {
          const p = this.peekNonSpace().type
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue
          this.fail('range can only initialize variables')
        }
        this.fail(`too many declarations in ${context}`)
      }
      this.i = save
      break
    }
    const cmds: CommandNode[] = []
    for (;;) {
      const t = this.nextNonSpace()
      if (t.type === end) {
        if (cmds.length === 0) this.fail(`missing value for ${context}`, t.line)
        cmds.slice(1).forEach((c, k) => {
          const first = c.args[0]!.kind
          if (first === 'bool' || first === 'dot' || first === 'nil' || first === 'number' || first === 'string')
            this.fail(`non executable command in pipeline stage ${k + 2}`, t.line)
        })
        return { kind: 'pipe', decl, isAssign, cmds, pos: start.pos, line: start.line }
      }
      switch (t.type) {
        case 'bool':
        case 'char':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup()
          cmds.push(this.command())
          break
        default:
          this.unexpected(t, context)
      }
    }
  }

  private command(): CommandNode {
    const start = this.peekNonSpace()
    const args: ArgNode[] = []
    for (;;) {
      while (this.peek().type === 'space') this.next()
      const operand = this.operand()
      if (operand !== undefined) args.push(operand)
      const t = this.next()
      if (t.type === 'space') continue
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup()
      else if (t.type !== 'pipe') this.unexpected(t, 'operand')
      break
    }
    if (args.length === 0) this.fail('empty command')
    return { kind: 'command', args, pos: start.pos, line: start.line }
  }

  private operand(): ArgNode | undefined {
    const node = this.term()
    if (node === undefined) return undefined
    if (this.peek().type !== 'field') return node
    const fields: string[] = []
    while (this.peek().type === 'field') fields.push(this.next().value.slice(1))
    switch (node.kind) {
      case 'field':
        return { ...node, ident: [...node.ident, ...fields] }
      case 'variable':
        return { ...node, ident: [...node.ident, ...fields] }
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.fail(`unexpected . after term "${nodeText(node)}"`)
      default:
        return { kind: 'chain', node, field: fields, pos: node.pos, line: node.line }
    }
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace()
    const at = { pos: t.pos, line: t.line }
    switch (t.type) {
      case 'identifier':
        if (!this.hasFunction(t.value)) this.fail(`function "${t.value}" not defined`, t.line)
        return { kind: 'identifier', name: t.value, ...at }
      case 'dot':
        return { kind: 'dot', ...at }
      case 'nil':
        return { kind: 'nil', ...at }
      case 'variable':
        if (!this.vars.includes(t.value)) this.fail(`undefined variable "${t.value}"`, t.line)
        return { kind: 'variable', ident: [t.value], ...at }
      case 'field':
        return { kind: 'field', ident: [t.value.slice(1)], ...at }
      case 'bool':
        return { kind: 'bool', value: t.value === 'true', ...at }
      case 'char':
      case 'number': {
        const r = t.type === 'char' ? charValue(this.unquote(t)) : parseGoNumber(t.value)
        if (typeof r === 'string') this.fail(r, t.line)
        return { kind: 'number', text: t.value, value: r, ...at }
      }
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen')
      case 'string':
      case 'rawString':
        return { kind: 'string', quoted: t.value, value: this.unquote(t), ...at }
      default:
        this.backup()
        return undefined
    }
  }

  private unquote(t: Token): string {
    const r = unquoteGo(t.value)
    if (r === undefined) this.fail('invalid syntax', t.line)
    return r
  }
}

function charValue(s: string): bigint | string {
  const cps = [...s]
  if (cps.length !== 1) return 'malformed character constant'
  return BigInt(cps[0]!.codePointAt(0)!)
}

function isEmptyList(list: ListNode): boolean {
  return list.every((n) => n.kind === 'text' && n.text.trim() === '')
}

function nodeText(n: ArgNode): string {
  switch (n.kind) {
    case 'bool':
      return String(n.value)
    case 'string':
      return n.quoted
    case 'number':
      return n.text
    case 'nil':
      return 'nil'
    default:
      return '.'
  }
}

/** Go's item.String() in "unexpected X in Y". */
function tokenString(t: Token): string {
  switch (t.type) {
    case 'eof':
      return 'EOF'
    case 'keyword':
      return `<${t.value}>`
    case 'leftDelim':
    case 'rightDelim':
    case 'space':
    case 'pipe':
    case 'leftParen':
    case 'rightParen':
    case 'comma':
    case 'assign':
    case 'declare':
    case 'badChar':
      return JSON.stringify(t.value)
    default:
      return t.value.length > 10 ? `${JSON.stringify(t.value.slice(0, 10))}...` : JSON.stringify(t.value)
  }
}

export { goRuneName }
