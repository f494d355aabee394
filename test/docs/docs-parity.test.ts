// The docs parity check (scripts/docs-parity/): the repository's English and Chinese docs are in step, and a temp
// docs folder shows that a heading or code block added to one side only, a missing or orphan page, a missing
// language-switch line or a Chinese page linking an English one is reported with the page and the place to fix.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, beforeEach, describe, it } from 'node:test'
import { repoRoot } from '../../scripts/conformance/paths.js'
import { outlineOf } from '../../scripts/docs-parity/outline.js'
import { checkDocsParity, formatProblems, headingAnchors } from '../../scripts/docs-parity/parity.js'

const tmp = mkdtempSync(join(tmpdir(), 'kuiper-docs-parity-test-'))
after(() => rmSync(tmp, { recursive: true, force: true }))

const FENCE = '```'

const ENGLISH_GUIDE = [
  'English | [简体中文](zh_CN/guide.md)',
  '',
  '# Guide',
  '',
  'Create a stream:',
  '',
  `${FENCE}sh`,
  '# a shell comment, not a heading',
  'bin/kuiper create stream demo',
  FENCE,
  '',
  '## Rules',
  '',
  'See [the README](../README.md).',
  '',
  `${FENCE}json`,
  '{"id": "rule1"}',
  FENCE,
  '',
].join('\n')

const CHINESE_GUIDE = [
  '[English](../guide.md) | 简体中文',
  '',
  '# 指南',
  '',
  '创建一个流：',
  '',
  `${FENCE}sh`,
  '# a shell comment, not a heading',
  'bin/kuiper create stream demo',
  FENCE,
  '',
  '## 规则',
  '',
  '参见 [README](README.md)。',
  '',
  `${FENCE}json`,
  '{"id": "rule1"}',
  FENCE,
  '',
].join('\n')

const ENGLISH_README = 'English | [简体中文](docs/zh_CN/README.md)\n\n# Kuiper\n\nRead [the guide](docs/guide.md).\n'
const CHINESE_README = '[English](../../README.md) | 简体中文\n\n# Kuiper\n\n阅读[指南](guide.md)。\n'

let root = ''
let fixtureCount = 0

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  writeFileSync(join(root, path), text)
}

function problemsText(): string {
  return formatProblems(checkDocsParity(root))
}

beforeEach(() => {
  root = join(tmp, `docs-${++fixtureCount}`)
  write('README.md', ENGLISH_README)
  write('docs/guide.md', ENGLISH_GUIDE)
  write('docs/zh_CN/README.md', CHINESE_README)
  write('docs/zh_CN/guide.md', CHINESE_GUIDE)
})

describe('docs parity', () => {
  it('finds the repository docs in step: every English page has its Chinese page with the same outline', () => {
    const problems = checkDocsParity(repoRoot)
    assert.deepEqual(problems, [], formatProblems(problems))
  })

  it('accepts a translated pair whose headings and code blocks match', () => {
    assert.deepEqual(checkDocsParity(root), [])
  })

  it('reads # lines in a code block as code and the language-switch line as neither heading nor code', () => {
    const outline = outlineOf(ENGLISH_GUIDE)
    assert.deepEqual(
      outline.headings.map((h) => [h.level, h.text, h.line]),
      [
        [1, 'Guide', 3],
        [2, 'Rules', 12],
      ],
    )
    assert.deepEqual(
      outline.codeBlocks.map((b) => b.line),
      [7, 16],
    )
  })

  it('counts setext headings (a paragraph underlined with === or ---) but not thematic breaks or list items', () => {
    const page = 'Title\n=====\n\nSection\n---\n\ntext\n\n---\n\n- item\n---\n'
    assert.deepEqual(
      outlineOf(page).headings.map((h) => [h.level, h.text, h.line]),
      [
        [1, 'Title', 1],
        [2, 'Section', 4],
      ],
    )
    write('docs/zh_CN/guide.md', CHINESE_GUIDE.replace('## 规则', '规则\n---'))
    assert.deepEqual(checkDocsParity(root), [])
    write('docs/zh_CN/guide.md', CHINESE_GUIDE.replace('## 规则', '规则\n==='))
    assert.match(problemsText(), /heading 2: docs\/guide\.md:12 "## Rules", docs\/zh_CN\/guide\.md:12 "# 规则"/)
  })

  it('reports a heading added to the English page only, naming both pages and the heading', () => {
    write('docs/guide.md', ENGLISH_GUIDE.replace('## Rules', '## Streams\n\nText.\n\n## Rules'))
    const text = problemsText()
    assert.match(text, /^docs\/zh_CN\/guide\.md: headings differ/m)
    assert.match(text, /first part at heading 3: docs\/guide\.md:16 "## Rules", docs\/zh_CN\/guide\.md has none/)
    assert.match(text, /docs\/guide\.md: h1×1 h2×2; docs\/zh_CN\/guide\.md: h1×1 h2×1/)
  })

  it('reports a heading whose level changed on the Chinese side only', () => {
    write('docs/zh_CN/guide.md', CHINESE_GUIDE.replace('## 规则', '### 规则'))
    assert.match(problemsText(), /heading 2: docs\/guide\.md:12 "## Rules", docs\/zh_CN\/guide\.md:12 "### 规则"/)
  })

  it('reports a heading added at the end of the Chinese page', () => {
    write('docs/zh_CN/guide.md', `${CHINESE_GUIDE}\n## 附录\n`)
    assert.match(problemsText(), /heading 3: docs\/guide\.md has none, docs\/zh_CN\/guide\.md:20 "## 附录"/)
  })

  it('reports a heading whose code differs between the languages (a heading renamed on one side)', () => {
    write('docs/guide.md', ENGLISH_GUIDE.replace('## Rules', '## Rules: `create rule`'))
    write('docs/zh_CN/guide.md', CHINESE_GUIDE.replace('## 规则', '## 规则：`create rule`'))
    assert.deepEqual(checkDocsParity(root), [])
    write('docs/guide.md', ENGLISH_GUIDE.replace('## Rules', '## Rules: `create rule -f`'))
    assert.equal(
      problemsText(),
      'docs/zh_CN/guide.md: heading 2 (here line 12) must keep the code of the English title ' +
        '(docs/guide.md:12 "## Rules: `create rule -f`", here "## 规则：`create rule`")',
    )
  })

  it('reports a code block added to the Chinese page only, with the first block that differs', () => {
    write('docs/zh_CN/guide.md', CHINESE_GUIDE.replace('## 规则', `${FENCE}sh\nnpm start\n${FENCE}\n\n## 规则`))
    const text = problemsText()
    assert.match(text, /docs\/zh_CN\/guide\.md: 2 code blocks in docs\/guide\.md, 3 here/)
    assert.match(
      text,
      /block 2: docs\/guide\.md:16 "```json\\n\{\\"id\\": \\"rule1\\"\}" \/ docs\/zh_CN\/guide\.md:12 "```sh\\nnpm start"/,
    )
  })

  it('reports a code block added to the English page only', () => {
    write('docs/guide.md', `${ENGLISH_GUIDE}\n${FENCE}text\nmore\n${FENCE}\n`)
    assert.match(
      problemsText(),
      /3 code blocks in docs\/guide\.md, 2 here; the first that differs is block 3: docs\/guide\.md:20 "```text\\nmore" \/ docs\/zh_CN\/guide\.md has none/,
    )
  })

  it('reports a code block that differs by one byte, with the line where it differs', () => {
    write('docs/zh_CN/guide.md', CHINESE_GUIDE.replace('{"id": "rule1"}', '{"id":"rule1"}'))
    assert.match(
      problemsText(),
      /code block 2 \(docs\/guide\.md:16, here line 16\) must be identical to the English one; first difference: English line 17 "\{\\"id\\": \\"rule1\\"\}", here line 17 "\{\\"id\\":\\"rule1\\"\}"/,
    )
  })

  it('reports a code block whose language was changed or that was translated', () => {
    write('docs/zh_CN/guide.md', CHINESE_GUIDE.replace('```sh', '```bash').replace('# a shell comment', '# 注释'))
    assert.match(problemsText(), /code block 1 .* first difference: English line 7 "```sh", here line 7 "```bash"/)
  })

  it('reports a table row added to one side, and a table missing on one side', () => {
    const table = (rows: string[]) => ['| key | meaning |', '| --- | ------- |', ...rows].join('\n')
    write('docs/guide.md', ENGLISH_GUIDE.replace('Create a stream:', table(['| `a` | first |', '| `b` | second |'])))
    write('docs/zh_CN/guide.md', CHINESE_GUIDE.replace('创建一个流：', table(['| `a` | 第一 |', '| `b` | 第二 |'])))
    assert.deepEqual(checkDocsParity(root), [])
    write(
      'docs/guide.md',
      ENGLISH_GUIDE.replace('Create a stream:', table(['| `a` | 1 |', '| `b` | 2 |', '| `c` | 3 |'])),
    )
    assert.equal(
      problemsText(),
      'docs/zh_CN/guide.md: table 1 (docs/guide.md:5, here line 5) has 3 rows in English, 2 here',
    )
    write('docs/zh_CN/guide.md', CHINESE_GUIDE)
    assert.equal(
      problemsText(),
      'docs/zh_CN/guide.md: 1 tables in docs/guide.md, 0 here; the first that differs is table 1: docs/guide.md:5, 3 rows / none here',
    )
  })

  it('reports an English page without its Chinese page', () => {
    write('docs/install.md', 'English | [简体中文](zh_CN/install.md)\n\n# Install\n')
    assert.equal(
      problemsText(),
      'docs/zh_CN/install.md: missing: translate docs/install.md into Simplified Chinese here',
    )
  })

  it('reports an orphan Chinese page', () => {
    write('docs/zh_CN/old.md', '[English](../old.md) | 简体中文\n\n# 旧\n')
    assert.equal(problemsText(), 'docs/zh_CN/old.md: no English page docs/old.md: write it, or remove this page')
  })

  it('reports a missing or wrong language-switch line on either side', () => {
    write('docs/guide.md', ENGLISH_GUIDE.replace('English | [简体中文](zh_CN/guide.md)\n', ''))
    write('docs/zh_CN/README.md', CHINESE_README.replace('../../README.md', '../README.md'))
    const text = problemsText()
    assert.match(
      text,
      /^docs\/guide\.md: line 1 must be the language switch "English \| \[简体中文\]\(zh_CN\/guide\.md\)"/m,
    )
    assert.match(
      text,
      /^docs\/zh_CN\/README\.md: line 1 must be the language switch "\[English\]\(\.\.\/\.\.\/README\.md\) \| 简体中文", found "\[English\]\(\.\.\/README\.md\) \| 简体中文"/m,
    )
  })

  it('reports a Chinese page linking an English page or a file that does not exist', () => {
    write(
      'docs/zh_CN/guide.md',
      CHINESE_GUIDE.replace('[README](README.md)', '[README](../../README.md) [源码](../../src/x.ts)'),
    )
    const text = problemsText()
    assert.match(text, /docs\/zh_CN\/guide\.md: line 14: links to the English page README\.md; link README\.md instead/)
    assert.match(
      text,
      /docs\/zh_CN\/guide\.md: line 14: link target \.\.\/\.\.\/src\/x\.ts does not exist \(src\/x\.ts\)/,
    )
    write('src/x.ts', '')
    assert.doesNotMatch(problemsText(), /src\/x\.ts/)
  })

  it('checks the anchors of Chinese links against the target page headings, as GitHub makes them', () => {
    const links = '[规则](guide.md#规则) [指南](#指南) [Kuiper](README.md#kuiper)'
    write('docs/zh_CN/guide.md', CHINESE_GUIDE.replace('[README](README.md)', links))
    assert.deepEqual(checkDocsParity(root), [])
    write('docs/zh_CN/guide.md', CHINESE_GUIDE.replace('[README](README.md)', '[规则](guide.md#rules)'))
    assert.match(
      problemsText(),
      /line 14: docs\/zh_CN\/guide\.md has no heading with the anchor #rules \(its anchors: 指南, 规则\)/,
    )
  })

  it('makes GitHub heading anchors: lower case, punctuation dropped, repeats numbered', () => {
    const page = '# How it connects (a change from 1.0)\n## 嵌入式 MQTT 代理（kuiperd）\n## `a.b`, c\n## A B\n## A B\n'
    assert.deepEqual(
      [...headingAnchors(outlineOf(page).headings)],
      ['how-it-connects-a-change-from-10', '嵌入式-mqtt-代理kuiperd', 'ab-c', 'a-b', 'a-b-1'],
    )
  })

  it('runs as `npm run docs:check`, taking the docs root and exiting 1 with the problems', () => {
    write('docs/zh_CN/guide.md', CHINESE_GUIDE.replace('## 规则', '规则'))
    const script = join(repoRoot, 'scripts/docs-parity.ts')
    const failing = spawnSync(process.execPath, ['--import', 'tsx', script, root], { cwd: repoRoot, encoding: 'utf8' })
    assert.equal(failing.status, 1, failing.stderr)
    assert.match(failing.stderr, /docs\/zh_CN\/guide\.md: headings differ/)
    write('docs/zh_CN/guide.md', CHINESE_GUIDE)
    const passing = spawnSync(process.execPath, ['--import', 'tsx', script, root], { cwd: repoRoot, encoding: 'utf8' })
    assert.equal(passing.status, 0, passing.stderr)
  })
})
