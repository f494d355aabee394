// Docs parity: every English page (README.md and docs/*.md) has its Simplified Chinese page in docs/zh_CN/ and no
// Chinese page lacks its English one; each pair opens with its language-switch line, has the same headings level by
// level (with the same code in their titles), the same fenced code blocks byte for byte, in order, and tables of the
// same number of rows; the Chinese
// pages' relative links resolve, to Chinese pages and to headings that exist. Each problem names the page and the
// heading or block to fix.

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import type { CodeBlock, Heading, Outline, Table } from './outline.js'
import { outlineOf } from './outline.js'

/** Where the Chinese pages live, relative to the docs root (the repository root). */
export const ZH_DIR = 'docs/zh_CN'

export interface DocsProblem {
  /** The page to fix, relative to the docs root (posix separators). */
  readonly page: string
  readonly message: string
}

export interface DocsPair {
  /** `README.md` or `docs/x.md`. */
  readonly english: string
  /** `docs/zh_CN/README.md` or `docs/zh_CN/x.md`. */
  readonly chinese: string
}

/** The language-switch line that opens an English page (`English | [简体中文](zh_CN/x.md)`). */
export function englishSwitchLine(pair: DocsPair): string {
  return `English | [简体中文](${posix.relative(posix.dirname(pair.english), pair.chinese)})`
}

/** The language-switch line that opens a Chinese page (`[English](../x.md) | 简体中文`). */
export function chineseSwitchLine(pair: DocsPair): string {
  return `[English](${posix.relative(posix.dirname(pair.chinese), pair.english)}) | 简体中文`
}

/** Every problem of the docs under `root`; none means the two languages are in step. */
export function checkDocsParity(root: string): DocsProblem[] {
  const englishPages = listEnglishPages(root)
  const problems: DocsProblem[] = []
  for (const english of englishPages) {
    const pair = { english, chinese: chinesePageOf(english) }
    if (!existsSync(join(root, pair.chinese))) {
      problems.push({ page: pair.chinese, message: `missing: translate ${english} into Simplified Chinese here` })
      continue
    }
    problems.push(...checkPair(root, pair))
  }
  const expected = new Set(englishPages.map(chinesePageOf))
  for (const chinese of listMarkdown(root, ZH_DIR)) {
    if (!expected.has(chinese)) {
      problems.push({
        page: chinese,
        message: `no English page ${englishPageOf(chinese)}: write it, or remove this page`,
      })
    }
  }
  return problems
}

export function formatProblems(problems: readonly DocsProblem[]): string {
  return problems.map((p) => `${p.page}: ${p.message}`).join('\n')
}

function listEnglishPages(root: string): string[] {
  const readme = existsSync(join(root, 'README.md')) ? ['README.md'] : []
  return [...readme, ...listMarkdown(root, 'docs')]
}

function listMarkdown(root: string, dir: string): string[] {
  if (!existsSync(join(root, dir))) return []
  return readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => `${dir}/${entry.name}`)
    .sort()
}

function chinesePageOf(english: string): string {
  return `${ZH_DIR}/${posix.basename(english)}`
}

function englishPageOf(chinese: string): string {
  const name = posix.basename(chinese)
  return name === 'README.md' ? name : `docs/${name}`
}

function checkPair(root: string, pair: DocsPair): DocsProblem[] {
  const englishText = readFileSync(join(root, pair.english), 'utf8')
  const chineseText = readFileSync(join(root, pair.chinese), 'utf8')
  const english = outlineOf(englishText)
  const chinese = outlineOf(chineseText)
  return [
    ...checkSwitchLine(pair.english, englishText, englishSwitchLine(pair)),
    ...checkSwitchLine(pair.chinese, chineseText, chineseSwitchLine(pair)),
    ...compareHeadings(pair, english.headings, chinese.headings),
    ...compareCodeBlocks(pair, english.codeBlocks, chinese.codeBlocks),
    ...compareTables(pair, english.tables, chinese.tables),
    ...checkChineseLinks(root, pair.chinese, chinese),
  ]
}

function checkSwitchLine(page: string, text: string, expected: string): DocsProblem[] {
  const first = text.split('\n', 1)[0]
  if (first === expected) return []
  return [{ page, message: `line 1 must be the language switch "${expected}", found "${first}"` }]
}

function compareHeadings(pair: DocsPair, english: readonly Heading[], chinese: readonly Heading[]): DocsProblem[] {
  const at = firstDifference(english, chinese, (e, c) => e.level === c.level)
  if (at === undefined) return compareHeadingCode(pair, english, chinese)
  const e = english[at]
  const c = chinese[at]
  const where = `heading ${at + 1}: ${e ? `${pair.english}:${e.line} ${showHeading(e)}` : `${pair.english} has none`}, ${
    c ? `${pair.chinese}:${c.line} ${showHeading(c)}` : `${pair.chinese} has none`
  }`
  const counts = `(${pair.english}: ${headingCounts(english)}; ${pair.chinese}: ${headingCounts(chinese)})`
  // Titles differ by language, so only levels are compared: a heading added on one side shows where the level
  // sequences first part, which is at or after it.
  return [
    {
      page: pair.chinese,
      message: `headings differ from the English page ${counts}; the levels first part at ${where} (a heading added or removed on one side is there or before)`,
    },
  ]
}

/**
 * The code spans of a title (`` ### `create stream NAME` ``) are code, so they must be the same in both languages:
 * this is also what tells a heading renamed on one side only.
 */
function compareHeadingCode(pair: DocsPair, english: readonly Heading[], chinese: readonly Heading[]): DocsProblem[] {
  const problems: DocsProblem[] = []
  english.forEach((e, i) => {
    const c = chinese[i]
    if (c && codeSpans(e.text).join(' ') !== codeSpans(c.text).join(' ')) {
      problems.push({
        page: pair.chinese,
        message:
          `heading ${i + 1} (here line ${c.line}) must keep the code of the English title ` +
          `(${pair.english}:${e.line} ${showHeading(e)}, here ${showHeading(c)})`,
      })
    }
  })
  return problems
}

function codeSpans(text: string): string[] {
  return text.match(/(`+)[^`]*?\1/g) ?? []
}

function compareCodeBlocks(
  pair: DocsPair,
  english: readonly CodeBlock[],
  chinese: readonly CodeBlock[],
): DocsProblem[] {
  const problems: DocsProblem[] = []
  if (english.length !== chinese.length) {
    // Past the first block added or removed on one side every block is shifted: report that first one only.
    const at =
      firstDifference(english, chinese, (e, c) => e.text === c.text) ?? Math.min(english.length, chinese.length)
    problems.push({
      page: pair.chinese,
      message:
        `${english.length} code blocks in ${pair.english}, ${chinese.length} here; the first that differs is ` +
        `block ${at + 1}: ${describeBlock(pair.english, english[at])} / ${describeBlock(pair.chinese, chinese[at])}`,
    })
    return problems
  }
  english.forEach((e, i) => {
    const c = chinese[i]
    if (c && c.text !== e.text) {
      problems.push({
        page: pair.chinese,
        message:
          `code block ${i + 1} (${pair.english}:${e.line}, here line ${c.line}) must be identical to the English ` +
          `one; first difference: ${firstLineDifference(e, c)}`,
      })
    }
  })
  return problems
}

/** A row added to one side's table (a new configuration key, a new endpoint) shows as a different row count. */
function compareTables(pair: DocsPair, english: readonly Table[], chinese: readonly Table[]): DocsProblem[] {
  if (english.length !== chinese.length) {
    const at = firstDifference(english, chinese, (e, c) => e.rows === c.rows) ?? 0
    const e = english[at]
    const c = chinese[at]
    return [
      {
        page: pair.chinese,
        message:
          `${english.length} tables in ${pair.english}, ${chinese.length} here; the first that differs is table ` +
          `${at + 1}: ${e ? `${pair.english}:${e.line}, ${e.rows} rows` : `${pair.english} has none`} / ` +
          `${c ? `line ${c.line}, ${c.rows} rows` : 'none here'}`,
      },
    ]
  }
  const problems: DocsProblem[] = []
  english.forEach((e, i) => {
    const c = chinese[i]
    if (c && c.rows !== e.rows) {
      problems.push({
        page: pair.chinese,
        message: `table ${i + 1} (${pair.english}:${e.line}, here line ${c.line}) has ${e.rows} rows in English, ${c.rows} here`,
      })
    }
  })
  return problems
}

function checkChineseLinks(root: string, page: string, outline: Outline): DocsProblem[] {
  const problems: DocsProblem[] = []
  for (const link of outline.links) {
    // Line 1 is the language switch, the one link to the English page; a link with a scheme is not a file.
    if (link.line === 1 || /^[a-z][a-z0-9+.-]*:/i.test(link.target)) continue
    const [path = '', fragment] = link.target.split('#')
    const resolved = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), percentDecoded(path)))
    const isEnglishPage = resolved === 'README.md' || (posix.dirname(resolved) === 'docs' && resolved.endsWith('.md'))
    if (isEnglishPage) {
      problems.push({
        page,
        message: `line ${link.line}: links to the English page ${resolved}; link ${posix.relative(posix.dirname(page), chinesePageOf(resolved))} instead`,
      })
    } else if (!existsSync(join(root, resolved))) {
      problems.push({ page, message: `line ${link.line}: link target ${link.target} does not exist (${resolved})` })
    } else if (fragment !== undefined && resolved.endsWith('.md')) {
      const target = resolved === page ? outline : outlineOf(readFileSync(join(root, resolved), 'utf8'))
      const anchors = headingAnchors(target.headings)
      if (!anchors.has(percentDecoded(fragment))) {
        problems.push({
          page,
          message: `line ${link.line}: ${resolved} has no heading with the anchor #${fragment} (its anchors: ${[...anchors].join(', ')})`,
        })
      }
    }
  }
  return problems
}

/**
 * The anchors GitHub gives a page's headings: lower case, punctuation (ASCII or CJK) dropped, spaces as hyphens, and
 * `-1`, `-2`... after a repeated one.
 */
export function headingAnchors(headings: readonly Heading[]): Set<string> {
  const anchors = new Set<string>()
  for (const h of headings) {
    const base = h.text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-')
    let anchor = base
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`
    anchors.add(anchor)
  }
  return anchors
}

/** `%E5%85%81` as `允`; a malformed escape is kept as written (and then reported as a missing target). */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function firstDifference<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): number | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i]
    const y = b[i]
    if (x === undefined || y === undefined || !same(x, y)) return i
  }
  return undefined
}

function showHeading(h: Heading): string {
  return `"${'#'.repeat(h.level)} ${h.text}"`
}

function headingCounts(headings: readonly Heading[]): string {
  const counts = new Map<number, number>()
  for (const h of headings) counts.set(h.level, (counts.get(h.level) ?? 0) + 1)
  const levels = [...counts.keys()].sort((x, y) => x - y)
  return levels.length === 0 ? 'none' : levels.map((l) => `h${l}×${counts.get(l)}`).join(' ')
}

function describeBlock(page: string, block: CodeBlock | undefined): string {
  if (!block) return `${page} has none`
  return `${page}:${block.line} ${JSON.stringify(block.text.split('\n').slice(0, 2).join('\n'))}`
}

function firstLineDifference(english: CodeBlock, chinese: CodeBlock): string {
  const e = english.text.split('\n')
  const c = chinese.text.split('\n')
  const at = firstDifference(e, c, (x, y) => x === y) ?? 0
  const show = (line: string | undefined) => (line === undefined ? '(no line)' : JSON.stringify(line))
  return `English line ${english.line + at} ${show(e[at])}, here line ${chinese.line + at} ${show(c[at])}`
}
