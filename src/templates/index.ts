// Go text/template for sink `dataTemplate`s: compile once (parse errors as Go words them), execute per payload.
// Functions: Go's builtins plus Kuiper 1.0's json, base64 and add. No HTML escaping (text/template, not html/template).

import type { ListNode } from './ast.js'
import { execute } from './exec.js'
import { builtinFuncs, kuiperFuncs } from './funcs.js'
import type { TemplateFunc } from './funcs.js'
import { parseTemplate } from './parse.js'

export { TemplateExecError } from './exec.js'
export { TemplateParseError } from './parse.js'
export { GoNumber } from './go-number.js'
export type { GoNumberKind } from './go-number.js'
export { addFunc, base64Func, jsonFunc } from './funcs.js'
export type { TemplateFunc } from './funcs.js'
export { formatV, sprint, sprintf } from './fmt.js'

export interface TemplateOptions {
  /** Template name in error texts (Kuiper 1.0 names sink templates `sink`). */
  readonly name?: string
  /** Extra functions; Go's builtins and Kuiper's json/base64/add are always there. */
  readonly funcs?: ReadonlyMap<string, TemplateFunc>
}

export interface Template {
  readonly name: string
  readonly source: string
  /** Runs the template over `data`; throws TemplateExecError with Go's message. */
  execute(data: unknown): string
}

const DEFAULT_FUNCS: ReadonlyMap<string, TemplateFunc> = new Map([...builtinFuncs, ...kuiperFuncs])

/**
 * Parses a Go text/template; throws TemplateParseError (`template: sink:1: unexpected EOF`).
 * @example
 * compileTemplate('{{range .}}<li>{{.ab}}</li>{{end}}').execute([{ ab: 'x' }]) === '<li>x</li>'
 */
export function compileTemplate(source: string, opts: TemplateOptions = {}): Template {
  const name = opts.name ?? 'sink'
  const funcs = opts.funcs === undefined ? DEFAULT_FUNCS : new Map([...DEFAULT_FUNCS, ...opts.funcs])
  const parsed = parseTemplate(name, source, (n) => funcs.has(n))
  const defines = new Map(parsed.defines)
  const root: ListNode = parsed.root
  const env = { name, text: source, funcs, defines }
  return {
    name,
    source,
    execute: (data: unknown): string => execute(env, root, data),
  }
}
