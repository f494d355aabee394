// The parts of a Markdown page that its translation must keep in step: headings (ATX `## Title`, and setext: a
// paragraph line underlined with `===` or `---`), fenced code blocks and tables (rows starting with `|`) (``` or ~~~), each with its line number, plus the prose's link targets. A `#` line or a `](x)` inside a code
// block is code, not a heading or a link.

export interface Heading {
  /** 1 for `#`, 2 for `##`... */
  readonly level: number
  readonly text: string
  /** 1-based line number in the page. */
  readonly line: number
}

export interface CodeBlock {
  /** The block as written, opening and closing fence lines included. */
  readonly text: string
  /** 1-based line number of the opening fence. */
  readonly line: number
}

export interface Table {
  /** 1-based line number of the header row. */
  readonly line: number
  /** Rows below the header and delimiter rows. */
  readonly rows: number
}

export interface Link {
  /** As written: `other.md#part`, `../src/x.ts`, `https://...`. */
  readonly target: string
  readonly line: number
}

export interface Outline {
  readonly headings: readonly Heading[]
  readonly codeBlocks: readonly CodeBlock[]
  readonly tables: readonly Table[]
  readonly links: readonly Link[]
}

const FENCE = /^[ \t]*(`{3,}|~{3,})/
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/
// A line that can end a paragraph an underline turns into a heading: not blank, not indented code, not a list item,
// quote, table row, heading or HTML line (an underline under those is a thematic break or their own content).
const PARAGRAPH_LINE = /^ {0,3}(?![-*+>|#<]|\d+[.)][ \t])\S/
const TABLE_ROW = /^[ \t]*\|/
const INLINE_CODE = /(`+)[^`]*?\1/g
const INLINE_LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g
const REFERENCE_LINK = /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/

/**
 * Headings, fenced code blocks, tables and links (inline `[text](target)` and reference `[label]: target`, outside
 * code spans) of a Markdown page, in order. An unclosed fence runs to the end of the page.
 */
export function outlineOf(markdown: string): Outline {
  const headings: Heading[] = []
  const codeBlocks: CodeBlock[] = []
  const tables: { line: number; rows: number }[] = []
  const links: Link[] = []
  const lines = markdown.split('\n')
  let open: { fence: string; line: number; lines: string[] } | undefined
  let previousIsParagraph = false
  let inTable = false
  lines.forEach((text, i) => {
    const line = i + 1
    const isParagraph = previousIsParagraph
    previousIsParagraph = false
    const wasInTable = inTable
    inTable = false
    if (open) {
      open.lines.push(text)
      if (closes(open.fence, text)) {
        codeBlocks.push({ text: open.lines.join('\n'), line: open.line })
        open = undefined
      }
      return
    }
    const fence = FENCE.exec(text)
    // A backtick fence's info string may not hold a backtick (CommonMark); such a line is inline code.
    if (fence?.[1] && !(fence[1].startsWith('`') && text.slice(fence.index + fence[0].length).includes('`'))) {
      open = { fence: fence[1], line, lines: [text] }
      return
    }
    if (TABLE_ROW.test(text)) {
      inTable = true
      const table = tables.at(-1)
      // The header row opens a table; the delimiter row below it (| --- |) is not a row.
      if (!wasInTable || !table) tables.push({ line, rows: -1 })
      else table.rows++
    } else {
      const underline = SETEXT_UNDERLINE.exec(text)?.[1]
      if (underline && isParagraph) {
        headings.push({ level: underline.startsWith('=') ? 1 : 2, text: (lines[i - 1] ?? '').trim(), line: line - 1 })
        return
      }
      // An indented line continues a paragraph rather than starting a code block.
      previousIsParagraph = PARAGRAPH_LINE.test(text) || (isParagraph && /^[ \t]+\S/.test(text))
      const heading = HEADING.exec(text)
      if (heading?.[1]) {
        // A closing sequence of #s (`## Title ##`) is not part of the title.
        const title = (heading[2] ?? '').replace(/(?:^|[ \t]+)#+$/, '')
        headings.push({ level: heading[1].length, text: title, line })
      }
    }
    const prose = text.replace(INLINE_CODE, '')
    for (const match of prose.matchAll(INLINE_LINK)) links.push({ target: match[1] ?? '', line })
    const reference = REFERENCE_LINK.exec(prose)?.[1]
    if (reference) links.push({ target: reference, line })
  })
  if (open) codeBlocks.push({ text: open.lines.join('\n'), line: open.line })
  return { headings, codeBlocks, tables, links }
}

function closes(fence: string, text: string): boolean {
  const trimmed = text.trim()
  const char = fence.charAt(0)
  return trimmed.length >= fence.length && [...trimmed].every((c) => c === char)
}
