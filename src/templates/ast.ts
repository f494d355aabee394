// The parse tree of a Go text/template (text/template/parse/node.go), as plain kind-tagged records,
// and Go's String() rendering of argument nodes (used in execution error texts).

export interface NodeBase {
  /** Offset in the template text. */
  readonly pos: number
  readonly line: number
}

export interface TextNode extends NodeBase {
  readonly kind: 'text'
  readonly text: string
}

export interface ActionNode extends NodeBase {
  readonly kind: 'action'
  readonly pipe: PipeNode
}

export interface IfNode extends NodeBase {
  readonly kind: 'if' | 'with'
  readonly pipe: PipeNode
  readonly list: ListNode
  readonly elseList: ListNode | undefined
}

export interface RangeNode extends NodeBase {
  readonly kind: 'range'
  readonly pipe: PipeNode
  readonly list: ListNode
  readonly elseList: ListNode | undefined
}

export interface TemplateNode extends NodeBase {
  readonly kind: 'template'
  readonly name: string
  readonly pipe: PipeNode | undefined
}

export interface BreakNode extends NodeBase {
  readonly kind: 'break' | 'continue'
}

export type Node = TextNode | ActionNode | IfNode | RangeNode | TemplateNode | BreakNode

export type ListNode = readonly Node[]

export interface PipeNode extends NodeBase {
  readonly kind: 'pipe'
  readonly decl: readonly VariableNode[]
  readonly isAssign: boolean
  readonly cmds: readonly CommandNode[]
}

export interface CommandNode extends NodeBase {
  readonly kind: 'command'
  readonly args: readonly ArgNode[]
}

export interface FieldNode extends NodeBase {
  readonly kind: 'field'
  readonly ident: readonly string[]
}

export interface VariableNode extends NodeBase {
  readonly kind: 'variable'
  /** `$x`, then field names. */
  readonly ident: readonly string[]
}

export interface ChainNode extends NodeBase {
  readonly kind: 'chain'
  readonly node: ArgNode
  readonly field: readonly string[]
}

export interface IdentifierNode extends NodeBase {
  readonly kind: 'identifier'
  readonly name: string
}

export interface DotNode extends NodeBase {
  readonly kind: 'dot'
}

export interface NilNode extends NodeBase {
  readonly kind: 'nil'
}

export interface BoolNode extends NodeBase {
  readonly kind: 'bool'
  readonly value: boolean
}

export interface NumberNode extends NodeBase {
  readonly kind: 'number'
  readonly text: string
  /** Go's ideal constant: an integer literal or char is `int` (bigint), a float literal float64. */
  readonly value: bigint | number
}

export interface StringNode extends NodeBase {
  readonly kind: 'string'
  readonly quoted: string
  readonly value: string
}

export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode

/** Go's Node.String() of pipelines and their operands: `.a.b`, `index . 0`, `(json .) | printf "%s"`. */
export function nodeString(n: ArgNode | CommandNode): string {
  switch (n.kind) {
    case 'field':
      return n.ident.map((i) => '.' + i).join('')
    case 'variable':
      return n.ident.join('.')
    case 'chain': {
      const inner = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)
      return inner + n.field.map((f) => '.' + f).join('')
    }
    case 'identifier':
      return n.name
    case 'dot':
      return '.'
    case 'nil':
      return 'nil'
    case 'bool':
      return String(n.value)
    case 'number':
      return n.text
    case 'string':
      return n.quoted
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ')
    case 'pipe': {
      const decl = n.decl.length === 0 ? '' : `${n.decl.map(nodeString).join(', ')} ${n.isAssign ? '=' : ':='} `
      return decl + n.cmds.map(nodeString).join(' | ')
    }
  }
}
