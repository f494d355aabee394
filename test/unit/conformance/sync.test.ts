// npm run conformance:sync: the folder comparison, the mirror copy and the --check exit codes, on temp folders.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { corpusDir, repoRoot } from '../../../scripts/conformance/paths.js'
import { describeDiff, diffCorpus, isEmptyDiff, syncCorpus } from '../../../scripts/conformance/sync.js'

const tmp = mkdtempSync(join(tmpdir(), 'kuiper-corpus-sync-'))
after(() => rmSync(tmp, { recursive: true, force: true }))

let n = 0
/** A new folder under tmp holding `files` (name → content). */
function folder(files: Record<string, string>): string {
  const dir = join(tmp, String(n++))
  mkdirSync(dir)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

function syncCli(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/conformance-sync.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
  return { status: r.status, out: r.stdout + r.stderr }
}

describe('conformance corpus sync', () => {
  it('names the files a sync would add, remove and change', () => {
    const source = folder({ 'a.json': '[1]', 'b.json': '[2]', 'FORMAT.md': '# f' })
    const copy = folder({ 'a.json': '[1]', 'b.json': '[2, 3]', 'old.json': '[]' })
    const d = diffCorpus(source, copy)
    assert.deepEqual(d, { added: ['FORMAT.md'], removed: ['old.json'], changed: ['b.json'] })
    assert.deepEqual(describeDiff(d), [
      '  added:   FORMAT.md (only in the source)',
      "  removed: old.json (only in the repository's copy)",
      '  changed: b.json',
    ])
  })

  it('mirrors a read-only source into the copy, creating it, and is then identical', () => {
    const source = folder({ 'a.json': '[1]', 'check-format.mjs': 'x' })
    chmodSync(join(source, 'a.json'), 0o444)
    const copy = join(tmp, 'new-copy')
    assert.deepEqual(syncCorpus(source, copy).added, ['a.json', 'check-format.mjs'])
    writeFileSync(join(copy, 'a.json'), '[changed]') // the copy's files are writable
    writeFileSync(join(copy, 'stale.json'), '[]')
    const d = syncCorpus(source, copy)
    assert.deepEqual(d, { added: [], removed: ['stale.json'], changed: ['a.json'] })
    assert.equal(readFileSync(join(copy, 'a.json'), 'utf8'), '[1]')
    assert.equal(existsSync(join(copy, 'stale.json')), false)
    assert.ok(isEmptyDiff(diffCorpus(source, copy)))
  })

  it('--check exits 0 against an identical folder and 1 naming each difference', () => {
    const same = join(tmp, 'same')
    cpSync(corpusDir, same, { recursive: true })
    const ok = syncCli(same, '--check')
    assert.equal(ok.status, 0, ok.out)
    assert.match(ok.out, /is identical to/)

    rmSync(join(same, 'FORMAT.md'))
    writeFileSync(join(same, 'extra.json'), '[]')
    writeFileSync(join(same, 'misc.ast_test.json'), '[]')
    const diff = syncCli(same, '--check')
    assert.equal(diff.status, 1, diff.out)
    assert.match(diff.out, /added: {3}extra\.json/)
    assert.match(diff.out, /removed: FORMAT\.md/)
    assert.match(diff.out, /changed: misc\.ast_test\.json/)
  })

  it('exits 2 with a clear message when the source folder is absent', () => {
    const r = syncCli(join(tmp, 'no-such-folder'), '--check')
    assert.equal(r.status, 2, r.out)
    assert.match(r.out, /conformance source folder not found: .*no-such-folder/)
    assert.match(r.out, /npm run conformance:sync -- DIR --check/)
  })
})
