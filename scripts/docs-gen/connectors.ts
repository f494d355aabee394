// `npm run docs:gen:connectors [-- --check]`: writes the property tables of docs/connectors.md and
// docs/zh_CN/connectors.md from the connectors' declarations (src/connectors/*/properties.ts); with --check it
// writes nothing and exits 1 when a table is stale, a declared connector has no table or a table no connector.
// A table sits between `<!-- properties source:mqtt -->` and `<!-- /properties -->` (`sink:every`: the common
// sink properties).

import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { commonSinkProperties } from '../../src/connectors/common-sink-properties.js'
import type { ConnectorDeclaration, NamedProperty, PropertyType } from '../../src/connectors/properties.js'
import { builtinConnectors } from '../../src/connectors/builtin-connectors.js'

export type Language = 'en' | 'zh'

/** The declarations documented: every built-in source and sink with properties, and the common sink properties. */
export function documentedDeclarations(): Map<string, ConnectorDeclaration> {
  const out = new Map<string, ConnectorDeclaration>()
  for (const e of Object.values(builtinConnectors)) {
    for (const d of [e.sourceProperties, e.sinkProperties]) {
      if (d !== undefined && d.properties.length > 0) out.set(`${d.kind}:${d.name}`, d)
    }
  }
  out.set('sink:every', commonSinkProperties)
  return out
}

const TYPE_WORDS: Readonly<Record<PropertyType, Record<Language, string>>> = {
  string: { en: 'string', zh: '字符串' },
  int: { en: 'integer', zh: '整数' },
  float: { en: 'number', zh: '数字' },
  bool: { en: 'bool', zh: '布尔' },
  map: { en: 'map', zh: '映射' },
  list_string: { en: 'list of strings', zh: '字符串列表' },
  list_int: { en: 'list of integers', zh: '整数列表' },
  any: { en: 'any', zh: '任意' },
}

const HEADERS: Readonly<Record<'source' | 'sink', Record<Language, readonly string[]>>> = {
  source: { en: ['Key', 'Type', 'Default', 'Meaning', 'Example'], zh: ['配置项', '类型', '默认值', '含义', '示例'] },
  sink: { en: ['Property', 'Type', 'Default', 'Meaning', 'Example'], zh: ['属性', '类型', '默认值', '含义', '示例'] },
}

const code = (s: string): string => (s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``)

function typeCell(p: NamedProperty, lang: Language): string {
  const word = TYPE_WORDS[p.type][lang]
  if (p.values === undefined) return word
  const values = p.values.map((v) => code(String(v)))
  return lang === 'en' ? `${word}: ${values.join(', ')}` : `${word}：${values.join('、')}`
}

function defaultCell(p: NamedProperty, lang: Language): string {
  if (p.required === true) return lang === 'en' ? '— (required)' : '—（必需）'
  if (p.defaultText !== undefined) return p.defaultText[lang]
  if (p.default === undefined) return '—'
  return code(typeof p.default === 'string' ? (p.default === '' ? '""' : p.default) : JSON.stringify(p.default))
}

/** One row's cells: the pipes of a cell escaped. */
function row(p: NamedProperty, lang: Language): string[] {
  const cells = [
    code(p.name),
    typeCell(p, lang),
    defaultCell(p, lang),
    p.description[lang],
    p.example !== undefined ? code(p.example) : '',
  ]
  return cells.map((c) => c.replace(/\|/g, '\\|'))
}

/** Display width as prettier counts it: East Asian wide and full-width characters count 2. */
export function displayWidth(s: string): number {
  let w = 0
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0x303e) ||
      (c >= 0x3041 && c <= 0x33ff) ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xa000 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
    w += wide ? 2 : 1
  }
  return w
}

/** A markdown table padded as prettier pads it, so that `npm run format` leaves the generated docs alone. */
export function propertyTable(decl: ConnectorDeclaration, lang: Language): string {
  const rows = [HEADERS[decl.kind][lang], ...decl.properties.map((p) => row(p, lang))]
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((r) => displayWidth(r[i] ?? ''))))
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - displayWidth(c))).join(' | ')} |`
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n')
}

const MARKER = /<!-- properties ([a-z]+:[a-z0-9_-]+) -->\n[\s\S]*?<!-- \/properties -->/g

export interface DocProblem {
  readonly file: string
  readonly section: string
  readonly problem: string
}

/** The page with every marked table regenerated, and what was wrong with it (stale, unknown or missing tables). */
export function renderPage(
  text: string,
  lang: Language,
  file: string,
  decls: ReadonlyMap<string, ConnectorDeclaration>,
): { text: string; problems: DocProblem[] } {
  const problems: DocProblem[] = []
  const seen = new Set<string>()
  const out = text.replace(MARKER, (block, id: string) => {
    seen.add(id)
    const decl = decls.get(id)
    if (decl === undefined) {
      problems.push({ file, section: id, problem: 'no connector declares these properties' })
      return block
    }
    const fresh = `<!-- properties ${id} -->\n\n${propertyTable(decl, lang)}\n\n<!-- /properties -->`
    if (fresh !== block) problems.push({ file, section: id, problem: 'the table is stale' })
    return fresh
  })
  for (const id of decls.keys()) {
    if (!seen.has(id)) problems.push({ file, section: id, problem: `no table (add <!-- properties ${id} -->)` })
  }
  return { text: out, problems }
}

export const PAGES: readonly { readonly path: string; readonly lang: Language }[] = [
  { path: 'docs/connectors.md', lang: 'en' },
  { path: 'docs/zh_CN/connectors.md', lang: 'zh' },
]

/** Regenerates the pages under `root` (or, with `write` false, only reports what is out of date). */
export function generateConnectorDocs(root: string, write: boolean): DocProblem[] {
  const decls = documentedDeclarations()
  const problems: DocProblem[] = []
  for (const page of PAGES) {
    const file = join(root, page.path)
    const before = readFileSync(file, 'utf8')
    const r = renderPage(before, page.lang, page.path, decls)
    problems.push(...r.problems)
    if (write && r.text !== before) writeFileSync(file, r.text)
  }
  return problems
}

function main(argv: readonly string[]): void {
  const check = argv.includes('--check')
  const rootArg = argv.find((a) => !a.startsWith('--'))
  const root = resolve(rootArg ?? join(fileURLToPath(import.meta.url), '..', '..', '..'))
  const problems = generateConnectorDocs(root, !check)
  const blocking = check ? problems : problems.filter((p) => p.problem !== 'the table is stale')
  for (const p of blocking) console.error(`${p.file}: ${p.section}: ${p.problem}`)
  if (blocking.length > 0) {
    if (check) console.error('run `npm run docs:gen:connectors` to regenerate the connector property tables')
    process.exit(1)
  }
  console.log(check ? 'connector property tables are up to date' : 'connector property tables written')
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2))
}
