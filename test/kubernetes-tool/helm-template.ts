// Renders this repository's Helm chart as `helm template` does, for the chart tests on machines without Helm: the
// project's Go text/template engine (src/templates) with the Helm and Sprig functions the chart uses, Helm's
// values coalescing, its built-in objects (.Values, .Chart, .Release) and its split of the output into manifests.
// compare-with-helm.ts checks this renderer against a real `helm template` where Helm is installed.

import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { goQuote } from '../../src/core/go-strconv.js'
import { compileTemplate, GoNumber, sprint } from '../../src/templates/index.js'
import type { TemplateFunc } from '../../src/templates/index.js'

export interface RenderOptions {
  readonly releaseName: string
  readonly namespace?: string
  /** Values given with -f: merged over values.yaml (maps key by key; null removes a key). */
  readonly values?: Record<string, unknown>
}

export interface Manifest {
  /** The template file, e.g. templates/statefulset.yaml. */
  readonly source: string
  readonly doc: Record<string, unknown>
}

export interface RenderedChart {
  readonly values: Record<string, unknown>
  /** Each rendered template file's text (whitespace-only ones included). */
  readonly files: ReadonlyMap<string, string>
  readonly manifests: readonly Manifest[]
  readonly notes: string
}

type Obj = Record<string, unknown>

export function renderChart(chartDir: string, o: RenderOptions): RenderedChart {
  const chart = parseYaml(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Obj
  const defaults = (parseYaml(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) ?? {}) as Obj
  const values = coalesce(defaults, o.values ?? {})
  const data = {
    Values: values,
    Chart: { Name: chart['name'], Version: chart['version'], AppVersion: chart['appVersion'], Type: chart['type'] },
    Release: {
      Name: o.releaseName,
      Namespace: o.namespace ?? 'default',
      Service: 'Helm',
      IsInstall: true,
      IsUpgrade: false,
      Revision: 1,
    },
  }
  const dir = join(chartDir, 'templates')
  const names = readdirSync(dir).sort()
  const partials = names
    .filter((n) => n.startsWith('_'))
    .map((n) => readFileSync(join(dir, n), 'utf8'))
    .join('')
  const funcs = helmFuncs(partials)
  const render = (name: string, text: string): string =>
    compileTemplate(partials + text, { name: `templates/${name}`, funcs }).execute(data)
  if (render('_helpers.tpl', '') !== '') throw new Error('the partials write text outside their defines')
  const files = new Map<string, string>()
  const manifests: Manifest[] = []
  let notes = ''
  for (const name of names) {
    if (name.startsWith('_')) continue
    const text = render(name, readFileSync(join(dir, name), 'utf8'))
    if (name === 'NOTES.txt') {
      notes = text
      continue
    }
    files.set(`templates/${name}`, text)
    for (const part of text.split(/^---\s*$/m)) {
      const doc = parseYaml(part) as unknown
      if (doc === null || doc === undefined) continue
      manifests.push({ source: `templates/${name}`, doc: doc as Obj })
    }
  }
  return { values, files, manifests, notes }
}

/** Helm's coalescing of user values over the chart's: maps merge key by key, null deletes, the rest replaces. */
export function coalesce(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base }
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k]
    else if (isMap(v) && isMap(out[k])) out[k] = coalesce(out[k] as Obj, v)
    else out[k] = v
  }
  return out
}

function isMap(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const fn = (params: TemplateFunc['params'], call: (a: unknown[]) => unknown, variadic?: 'any'): TemplateFunc =>
  variadic === undefined ? { params, call } : { params, variadic, call }

function helmFuncs(partials: string): ReadonlyMap<string, TemplateFunc> {
  const funcs = new Map<string, TemplateFunc>()
  const included = new Map<string, ReturnType<typeof compileTemplate>>()
  funcs.set(
    'include',
    fn(['string', 'any'], ([name, dot]) => {
      const key = name as string
      let t = included.get(key)
      if (t === undefined) {
        t = compileTemplate(`${partials}{{template ${goQuote(key)} .}}`, { name: key, funcs })
        included.set(key, t)
      }
      return t.execute(dot)
    }),
  )
  funcs.set(
    'default',
    fn(['any'], (a) => (a.length < 2 || empty(a[1]) ? a[0] : a[1]), 'any'),
  )
  funcs.set(
    'empty',
    fn(['any'], ([v]) => empty(v)),
  )
  funcs.set(
    'trunc',
    fn(['any', 'any'], ([n, s]) => truncate(toInt(n), str(s))),
  )
  funcs.set(
    'trimSuffix',
    fn(['any', 'any'], ([suffix, s]) => trimSuffix(str(s), str(suffix))),
  )
  funcs.set(
    'contains',
    fn(['any', 'any'], ([sub, s]) => str(s).includes(str(sub))),
  )
  funcs.set(
    'replace',
    fn(['any', 'any', 'any'], ([from, to, s]) => str(s).split(str(from)).join(str(to))),
  )
  funcs.set(
    'quote',
    fn(
      [],
      (a) =>
        a
          .filter((v) => v !== null && v !== undefined)
          .map((v) => goQuote(str(v)))
          .join(' '),
      'any',
    ),
  )
  funcs.set(
    'indent',
    fn(['any', 'any'], ([n, s]) => indent(toInt(n), str(s))),
  )
  funcs.set(
    'nindent',
    fn(['any', 'any'], ([n, s]) => `\n${indent(toInt(n), str(s))}`),
  )
  funcs.set(
    'toYaml',
    fn(['any'], ([v]) => toYaml(v)),
  )
  funcs.set(
    'toJson',
    fn(['any'], ([v]) => goJson(v, '')),
  )
  funcs.set(
    'toPrettyJson',
    fn(['any'], ([v]) => goJson(v, '  ')),
  )
  funcs.set(
    'sha256sum',
    fn(['any'], ([s]) => createHash('sha256').update(str(s)).digest('hex')),
  )
  funcs.set(
    'dig',
    fn(
      ['any', 'any', 'any'],
      (a) => {
        const dict = a[a.length - 1]
        const fallback = a[a.length - 2]
        let v: unknown = dict
        for (const k of a.slice(0, -2)) {
          if (!isMap(v) || !(str(k) in v)) return fallback
          v = v[str(k)]
        }
        return v
      },
      'any',
    ),
  )
  return funcs
}

/** Sprig's empty: nil, false, 0, "" and empty lists and maps. */
function empty(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '' || v === 0) return true
  if (v instanceof GoNumber) return v.value === 0 || v.value === 0n
  if (Array.isArray(v)) return v.length === 0
  if (isMap(v)) return Object.keys(v).length === 0
  return false
}

function toInt(v: unknown): number {
  if (v instanceof GoNumber) return Number(v.value)
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v)
  throw new Error(`not a number: ${String(v)}`)
}

/** Go's fmt.Sprint of one value, as Sprig's strval. */
function str(v: unknown): string {
  return typeof v === 'string' ? v : sprint([v])
}

function truncate(n: number, s: string): string {
  return n >= 0 && s.length > n ? s.slice(0, n) : s
}

function trimSuffix(s: string, suffix: string): string {
  return suffix !== '' && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s
}

function indent(n: number, s: string): string {
  const pad = ' '.repeat(n)
  return pad + s.split('\n').join(`\n${pad}`)
}

/** Helm's toYaml: keys sorted (it marshals through JSON), no trailing newline. */
function toYaml(v: unknown): string {
  return stringifyYaml(plain(v), { sortMapEntries: true, indentSeq: false }).replace(/\n$/, '')
}

/** Go's encoding/json: keys sorted, <, > and & escaped as \u003c..., MarshalIndent's layout with an indent. */
function goJson(v: unknown, indentBy: string): string {
  const text = JSON.stringify(sortKeys(plain(v)), null, indentBy === '' ? undefined : indentBy) ?? 'null'
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function plain(v: unknown): unknown {
  if (v instanceof GoNumber) return Number(v.value)
  if (Array.isArray(v)) return v.map(plain)
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
  return v
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (isMap(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])]),
    )
  return v
}
