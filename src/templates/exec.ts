// Executor of a parsed Go text/template (text/template/exec.go): walks the tree over a data value, with Go's variable
// scoping, field and map lookups, pipelines passing the previous value as the last argument, and its error texts.

import type {
  ArgNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  IfNode,
  ListNode,
  NodeBase,
  PipeNode,
  RangeNode,
  VariableNode,
} from './ast.js'
import { nodeString } from './ast.js'
import { formatV } from './fmt.js'
import { GoNumber, goType } from './go-number.js'
import { isTrue } from './funcs.js'
import type { ParamKind, TemplateFunc } from './funcs.js'

/** Thrown when a template fails while executing; `message` is Go's text. */
export class TemplateExecError extends Error {}

/** Marks "no final argument" in a pipeline (Go's missingVal). */
const MISSING: unique symbol = Symbol('missing')
type Final = unknown

const MAX_DEPTH = 1000

class BreakSignal {}
class ContinueSignal {}
const BREAK = new BreakSignal()
const CONTINUE = new ContinueSignal()

export interface ExecEnv {
  readonly name: string
  readonly text: string
  readonly funcs: ReadonlyMap<string, TemplateFunc>
  readonly defines: ReadonlyMap<string, ListNode>
}

interface Variable {
  readonly name: string
  value: unknown
}

/** Runs `root` over `data` and returns the output text. */
export function execute(env: ExecEnv, root: ListNode, data: unknown): string {
  const s = new State(env, [{ name: '$', value: data }], 0)
  s.walkList(data, root)
  return s.out
}

/** Go's "dig down one level" after each command: a nil interface becomes no value at all. */
function dig(v: unknown): unknown {
  return v === null ? undefined : v
}

class State {
  out = ''
  private node: NodeBase | undefined

  constructor(
    private readonly env: ExecEnv,
    private readonly vars: Variable[],
    private readonly depth: number,
  ) {}

  // ---- errors ----

  private fail(msg: string): never {
    const n = this.node
    const name = this.env.name
    if (n === undefined) throw new TemplateExecError(`template: ${name}: ${msg}`)
    const before = this.env.text.slice(0, n.pos)
    const nl = before.lastIndexOf('\n')
    const col = nl < 0 ? n.pos : n.pos - nl - 1
    const ctx = contextString(n)
    throw new TemplateExecError(`template: ${name}:${n.line}:${col}: executing "${name}" at <${ctx}>: ${msg}`)
  }

  private at(n: NodeBase): void {
    this.node = n
  }

  // ---- walking ----

  walkList(dot: unknown, list: ListNode): void {
    for (const n of list) {
      switch (n.kind) {
        case 'text':
          this.out += n.text
          break
        case 'action': {
          const v = this.evalPipeline(dot, n.pipe)
          if (n.pipe.decl.length === 0) this.out += v === undefined ? '<no value>' : formatV(v)
          break
        }
        case 'if':
        case 'with':
          this.walkIfOrWith(dot, n)
          break
        case 'range':
          this.walkRange(dot, n)
          break
        case 'template':
          this.walkTemplate(dot, n.name, n.pipe, n)
          break
        case 'break':
          throw BREAK
        case 'continue':
          throw CONTINUE
      }
    }
  }

  private walkIfOrWith(dot: unknown, n: IfNode): void {
    const mark = this.vars.length
    try {
      const val = this.evalPipeline(dot, n.pipe)
      if (isTrue(val)) this.walkList(n.kind === 'with' ? val : dot, n.list)
      else if (n.elseList !== undefined) this.walkList(dot, n.elseList)
    } finally {
      this.vars.length = mark
    }
  }

  private walkRange(dot: unknown, r: RangeNode): void {
    this.at(r)
    const outer = this.vars.length
    try {
      const val = this.evalPipeline(dot, r.pipe)
      const mark = this.vars.length
      const decl = r.pipe.decl
      const one = (index: unknown, elem: unknown): boolean => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : elem)
          else this.vars[this.vars.length - 1]!.value = elem
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem)
          else this.vars[this.vars.length - 2]!.value = index
        }
        try {
          this.walkList(elem, r.list)
        } catch (e) {
          if (e === BREAK) return true
          if (e !== CONTINUE) throw e
        } finally {
          this.vars.length = mark
        }
        return false
      }
      let iterated = false
      if (Array.isArray(val) || val instanceof Uint8Array) {
        for (let i = 0; i < val.length; i++) {
          iterated = true
          const elem = val instanceof Uint8Array ? BigInt(val[i]!) : (val[i] ?? null)
          if (one(BigInt(i), elem)) break
        }
      } else if (typeof val === 'bigint' || (val instanceof GoNumber && typeof val.value === 'bigint')) {
        const n = typeof val === 'bigint' ? val : (val.value as bigint)
        for (let i = 0n; i < n; i++) {
          iterated = true
          if (one(i, i)) break
        }
      } else if (val !== undefined && typeof val === 'object' && !(val instanceof Date) && !(val instanceof GoNumber)) {
        const m = val as Record<string, unknown>
        for (const k of Object.keys(m).sort(byteOrder)) {
          iterated = true
          if (one(k, m[k] ?? null)) break
        }
      } else if (val !== undefined) {
        this.at(r)
        this.fail(`range can't iterate over ${formatV(val)}`)
      }
      if (!iterated && r.elseList !== undefined) this.walkList(dot, r.elseList)
    } finally {
      this.vars.length = outer
    }
  }

  private walkTemplate(dot: unknown, name: string, pipe: PipeNode | undefined, n: NodeBase): void {
    this.at(n)
    const body = this.env.defines.get(name)
    if (body === undefined) this.fail(`template "${name}" not defined`)
    if (this.depth >= MAX_DEPTH) this.fail(`exceeded maximum template depth (${MAX_DEPTH})`)
    const newDot = pipe === undefined ? undefined : this.evalPipeline(dot, pipe)
    const sub = new State(this.env, [{ name: '$', value: newDot }], this.depth + 1)
    sub.walkList(newDot, body)
    this.out += sub.out
  }

  // ---- variables ----

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value
    this.fail(`undefined variable: ${name}`)
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value
        return
      }
    }
    this.fail(`undefined variable: ${name}`)
  }

  // ---- evaluation ----

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at(pipe)
    let value: Final = MISSING
    for (const cmd of pipe.cmds) value = dig(this.evalCommand(dot, cmd, value))
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, value)
      else this.vars.push({ name: v.ident[0]!, value })
    }
    return value
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0]!
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final)
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final)
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final)
      case 'pipe':
        this.notAFunction(cmd.args, final)
        return this.evalPipeline(dot, first)
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final)
      default:
        break
    }
    this.at(first)
    this.notAFunction(cmd.args, final)
    switch (first.kind) {
      case 'bool':
        return first.value
      case 'dot':
        return dot
      case 'nil':
        return this.fail('nil is not a command')
      case 'number':
        return first.value
      case 'string':
        return first.value
    }
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.fail(`can't give argument to non-function ${nodeString(args[0]!)}`)
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: readonly ArgNode[], final: Final): unknown {
    this.at(field)
    return this.evalFieldChain(dot, field.ident, args, final)
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: readonly ArgNode[], final: Final): unknown {
    this.at(chain)
    if (chain.node.kind === 'nil') this.fail(`indirection through explicit nil in ${nodeString(chain)}`)
    const pipe = this.evalArg(dot, 'value', chain.node)
    return this.evalFieldChain(pipe, chain.field, args, final)
  }

  private evalVariableNode(dot: unknown, v: VariableNode, args: readonly ArgNode[], final: Final): unknown {
    this.at(v)
    const value = this.varValue(v.ident[0]!)
    if (v.ident.length === 1) {
      this.notAFunction(args, final)
      return value
    }
    return this.evalFieldChain(value, v.ident.slice(1), args, final)
  }

  private evalFieldChain(receiver: unknown, ident: readonly string[], args: readonly ArgNode[], final: Final): unknown {
    let r = receiver
    for (let i = 0; i < ident.length - 1; i++) r = this.evalField(ident[i]!, [], MISSING, r)
    return this.evalField(ident[ident.length - 1]!, args, final, r)
  }

  private evalField(name: string, args: readonly ArgNode[], final: Final, receiver: unknown): unknown {
    if (receiver === undefined) return undefined
    if (receiver === null) this.fail(`nil pointer evaluating interface {}.${name}`)
    const hasArgs = args.length > 1 || final !== MISSING
    if (
      typeof receiver === 'object' &&
      !Array.isArray(receiver) &&
      !(receiver instanceof Date) &&
      !(receiver instanceof Uint8Array) &&
      !(receiver instanceof GoNumber)
    ) {
      if (hasArgs) this.fail(`${name} is not a method but has arguments`)
      const m = receiver as Record<string, unknown>
      return Object.hasOwn(m, name) ? m[name] : undefined
    }
    this.fail(`can't evaluate field ${name} in type ${goType(receiver)}`)
  }

  private evalFunction(
    dot: unknown,
    node: IdentifierNode,
    cmd: CommandNode | IdentifierNode,
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    this.at(node)
    const name = node.name
    const f = this.env.funcs.get(name)
    if (f === undefined) this.fail(`"${name}" is not a defined function`)
    const real = args.slice(1)
    const numIn = real.length + (final !== MISSING ? 1 : 0)
    const numFixed = f.params.length
    if (f.variadic !== undefined) {
      if (numIn < numFixed) this.fail(`wrong number of args for ${name}: want at least ${numFixed} got ${real.length}`)
    } else if (numIn !== numFixed) this.fail(`wrong number of args for ${name}: want ${numFixed} got ${numIn}`)
    if (name === 'and' || name === 'or') {
      let v: unknown
      for (const a of real) {
        v = this.evalArg(dot, 'value', a)
        if (isTrue(v) === (name === 'or')) return v
      }
      if (final !== MISSING) v = final
      return v
    }
    const argv: unknown[] = []
    real.forEach((a, i) => argv.push(this.evalArg(dot, f.params[i] ?? f.variadic!, a)))
    if (final !== MISSING) {
      const kind = numIn - 1 < numFixed ? f.params[numIn - 1]! : f.variadic!
      argv.push(this.validate(final, kind))
    }
    try {
      return f.call(argv)
    } catch (err) {
      if (err instanceof TemplateExecError) throw err
      this.at(cmd)
      return this.fail(`error calling ${name}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  /** Go's validateType for our parameter kinds. */
  private validate(v: unknown, kind: ParamKind): unknown {
    switch (kind) {
      case 'value':
        return v
      case 'any':
        return v === undefined ? null : v
      case 'string':
        if (v === undefined || v === null) this.fail('invalid value; expected string')
        if (typeof v !== 'string') this.fail(`wrong type for value; expected string; got ${goType(v)}`)
        return v
    }
  }

  private evalArg(dot: unknown, kind: ParamKind, n: ArgNode): unknown {
    this.at(n)
    switch (n.kind) {
      case 'dot':
        return this.validate(dot, kind)
      case 'nil':
        if (kind === 'string') this.fail('cannot assign nil to string')
        return kind === 'value' ? undefined : null
      case 'field':
        return this.validate(this.evalFieldNode(dot, n, [n], MISSING), kind)
      case 'variable':
        return this.validate(this.evalVariableNode(dot, n, [], MISSING), kind)
      case 'pipe':
        return this.validate(this.evalPipeline(dot, n), kind)
      case 'identifier':
        return this.validate(this.evalFunction(dot, n, n, [n], MISSING), kind)
      case 'chain':
        return this.validate(this.evalChainNode(dot, n, [], MISSING), kind)
      case 'string':
        return n.value
      case 'bool':
        if (kind === 'string') this.fail(`expected string; found ${n.value}`)
        return n.value
      case 'number':
        if (kind === 'string') this.fail(`expected string; found ${n.text}`)
        return n.value
    }
  }
}

/** Go's String() of the node an error happened at. */
function contextString(n: NodeBase): string {
  const k = (n as { kind?: string }).kind
  switch (k) {
    case 'range':
    case 'if':
    case 'with':
      return `{{${k} ${nodeString((n as RangeNode | IfNode).pipe)}}}`
    case 'template':
      return `{{template ...}}`
    case undefined:
      return ''
    default:
      return nodeString(n as ArgNode | CommandNode)
  }
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}
