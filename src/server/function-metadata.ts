// GET /metadata/functions: 1.0's function metadata (etc/functions/*.json served by plugins/funcMeta.go), one group
// per file: the built-in functions from their records, then each installed function plugin from its manifest.
// 1.0.0 served name, example and hint; the later args, return and node blocks are filled from the signatures.

import { listFunctions } from '../functions/registry.js'
import type { DocText, Documented, FunctionParam, FunctionSignature } from '../functions/registry.js'
import type { PluginFunctionEntry } from '../plugins/manifest.js'
import type { PluginManager } from '../plugins/plugin-manager.js'
import { about } from './metadata-catalog.js'
import type { About } from './metadata-catalog.js'

export interface FunctionArgMeta {
  readonly name: string
  readonly optional: boolean
  readonly control: 'field'
  readonly type: string
  readonly hint: DocText
  readonly label: DocText
}

export interface FunctionMeta {
  readonly name: string
  /** The call with placeholder arguments, as 1.0 gave it: `abs(arg1)`, `substring(arg1, arg2, [arg3])`. */
  readonly example: string
  readonly hint: DocText
  readonly aggregate: boolean
  readonly args?: readonly FunctionArgMeta[]
  readonly return?: { readonly type: string }
  readonly node: { readonly category: 'function'; readonly icon: 'iconPath'; readonly label: DocText }
  /** Kuiper's addition: a call and the result it gives, checked by the tests (the docs' example). */
  readonly sample?: { readonly sql: string; readonly result: string }
}

export interface FunctionGroupMeta {
  readonly name: string
  readonly about: About
  readonly functions: readonly FunctionMeta[]
}

/** `name(arg1, [arg2])` for the allowed argument counts (a variadic function shows one optional argument more). */
export function placeholderCall(name: string, arity: readonly [number, number]): string {
  const n = Number.isFinite(arity[1]) ? arity[1] : arity[0] + 1
  const args = Array.from({ length: n }, (_, i) => (i < arity[0] ? `arg${i + 1}` : `[arg${i + 1}]`))
  return `${name}(${args.join(', ')})`
}

const same = (text: string): DocText => ({ en: text, zh: text })

function argMeta(p: FunctionParam): FunctionArgMeta {
  const repeats = p.variadic === true ? { en: ' (repeatable)', zh: '（可重复）' } : { en: '', zh: '' }
  return {
    name: p.name,
    optional: p.optional === true,
    control: 'field',
    type: p.type,
    hint: { en: `${p.type}${repeats.en}`, zh: `${p.type}${repeats.zh}` },
    label: same(p.name),
  }
}

function signatureMeta(s: FunctionSignature): Pick<FunctionMeta, 'args' | 'return'> {
  return { args: s.args.map(argMeta), return: { type: s.returns } }
}

function builtinMeta(f: Documented): FunctionMeta {
  const { signature, description, example } = f.doc
  return {
    name: f.name,
    example: placeholderCall(f.name, f.arity),
    hint: description,
    aggregate: f.kind === 'aggregate',
    ...signatureMeta(signature),
    node: { category: 'function', icon: 'iconPath', label: same(f.name) },
    sample: { sql: example.sql, result: example.result },
  }
}

function pluginFunctionMeta(f: PluginFunctionEntry): FunctionMeta {
  return {
    name: f.name,
    example: f.example ?? placeholderCall(f.name, f.args ?? [0, Infinity]),
    hint: f.hint !== undefined ? { en: f.hint.en, zh: f.hint.zh ?? f.hint.en } : same(f.description ?? ''),
    aggregate: f.kind === 'aggregate',
    node: { category: 'function', icon: 'iconPath', label: same(f.name) },
  }
}

/** The groups of GET /metadata/functions: `internal` (the built-ins), then one per installed function plugin. */
export function functionMetadata(plugins: PluginManager | undefined): FunctionGroupMeta[] {
  const groups: FunctionGroupMeta[] = [
    {
      name: 'internal',
      about: about({ en: 'The built-in SQL functions', zh: '内置 SQL 函数' }, 'sqls/built-in_functions.md'),
      functions: listFunctions().map(builtinMeta),
    },
  ]
  for (const name of plugins?.list('functions') ?? []) {
    const manifest = plugins?.get('functions', name)?.manifest
    if (manifest === undefined) continue
    groups.push({
      name,
      about: about(same(manifest.description ?? ''), 'plugins/functions/functions.md'),
      functions: (manifest.functions ?? []).map(pluginFunctionMeta),
    })
  }
  return groups
}
