// The function reference of docs/sql.md and docs/zh_CN/sql.md (scripts/docs-gen/functions.ts): the repository's
// pages are what the function records generate, and a hand edit, a stale page or missing markers are caught.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { repoRoot } from '../../scripts/conformance/paths.js'
import { BEGIN_MARKER, END_MARKER } from '../../scripts/docs-gen/function-reference.js'
import { generateFunctionDocs } from '../../scripts/docs-gen/functions.js'

const tmp = mkdtempSync(join(tmpdir(), 'kuiper-function-docs-test-'))
after(() => rmSync(tmp, { recursive: true, force: true }))

const PAGES = ['docs/sql.md', 'docs/zh_CN/sql.md']

/** A docs root with copies of the two pages and the Prettier config they are formatted with. */
function copyOfDocs(name: string): string {
  const root = join(tmp, name)
  mkdirSync(join(root, 'docs', 'zh_CN'), { recursive: true })
  for (const page of [...PAGES, '.prettierrc.json']) copyFileSync(join(repoRoot, page), join(root, page))
  return root
}

function runCli(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/docs-gen/functions.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
  return { status: r.status, output: r.stdout + r.stderr }
}

describe('function reference docs', () => {
  it('docs/sql.md and docs/zh_CN/sql.md are what the function records generate (docs:gen:functions --check)', () => {
    const r = runCli('--check')
    assert.equal(r.status, 0, r.output)
    const english = readFileSync(join(repoRoot, 'docs/sql.md'), 'utf8')
    assert.match(english, /\| `substring\(s string, start int \[, end int\]\) string` +\|/)
    assert.match(readFileSync(join(repoRoot, 'docs/zh_CN/sql.md'), 'utf8'), /### 字符串函数/)
  })

  it('finds a hand-edited example stale, and regenerates the page', async () => {
    const root = copyOfDocs('edited')
    const page = join(root, 'docs/sql.md')
    const original = readFileSync(page, 'utf8')
    writeFileSync(page, original.replace('| `abs(-3)` ', '| `abs(-4)` '))
    assert.notEqual(readFileSync(page, 'utf8'), original)

    const cli = runCli('--check', root)
    assert.equal(cli.status, 1)
    assert.match(cli.output, /stale function reference in docs\/sql\.md: run npm run docs:gen:functions/)
    assert.deepEqual(await generateFunctionDocs(root, 'check'), ['docs/sql.md'], 'check writes nothing')

    assert.deepEqual(await generateFunctionDocs(root, 'write'), ['docs/sql.md'])
    assert.equal(readFileSync(page, 'utf8'), original)
    assert.deepEqual(await generateFunctionDocs(root, 'check'), [])
  })

  it('says which page lacks the markers', async () => {
    const root = copyOfDocs('unmarked')
    const page = join(root, 'docs/zh_CN/sql.md')
    writeFileSync(page, readFileSync(page, 'utf8').replace(BEGIN_MARKER, '').replace(END_MARKER, ''))
    await assert.rejects(generateFunctionDocs(root, 'check'), /docs\/zh_CN\/sql\.md: the markers .* are missing/)
  })
})
