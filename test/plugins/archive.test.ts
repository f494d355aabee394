import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { entryNameProblem, extractZip } from '../../src/plugins/archive.js'
import { rawZip } from './raw-zip.js'
import type { RawEntry } from './raw-zip.js'

const work = mkdtempSync(join(tmpdir(), 'kuiper-archive-'))
let n = 0

async function extract(entries: RawEntry[], limits = { maxExtractedBytes: 10_000, maxEntries: 10 }) {
  const zip = join(work, `a${n}.zip`)
  const dest = join(work, `out${n++}`)
  writeFileSync(zip, rawZip(entries))
  mkdirSync(dest)
  return { dest, done: extractZip(zip, dest, limits) }
}

describe('extractZip', () => {
  it('unpacks files and folders under the destination', async () => {
    const { dest, done } = await extract([
      { name: 'lib/', data: '' },
      { name: 'lib/a.js', data: 'export const a = 1\n' },
      { name: 'index.js', data: 'export * from "./lib/a.js"\n' },
    ])
    assert.equal(await done, 2)
    assert.equal(readFileSync(join(dest, 'lib', 'a.js'), 'utf8'), 'export const a = 1\n')
  })

  it('refuses duplicate entries, too many entries and too many bytes', async () => {
    const dup = await extract([
      { name: 'a.js', data: '1' },
      { name: 'a.js', data: '2' },
    ])
    await assert.rejects(dup.done, /entry a.js appears twice/)
    const many = await extract(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: 'x' })))
    await assert.rejects(many.done, /more than 10 entries/)
    const big = await extract([{ name: 'big', data: Buffer.alloc(10_001) }])
    await assert.rejects(big.done, /unpacks to more than 10000 bytes/)
    assert.equal(existsSync(join(big.dest, 'big')), false)
  })

  it('names the unsafe entry names', () => {
    const cases: [string, RegExp | undefined][] = [
      ['a/b.js', undefined],
      ['a/..b.js', undefined],
      ['../x', /leaves the plugin folder/],
      ['a/../../x', /leaves the plugin folder/],
      ['a\\..\\..\\x', /leaves the plugin folder/],
      ['/etc/x', /absolute path/],
      ['\\x', /absolute path/],
      ['C:/x', /absolute path/],
      ['a\0b', /NUL/],
      ['', /empty name/],
    ]
    for (const [name, want] of cases) {
      const problem = entryNameProblem(name)
      if (want === undefined) assert.equal(problem, undefined, name)
      else assert.match(problem ?? '', want, name)
    }
  })
})
