// The parsed source files are kept while they do not change: a rule start reads its source's files (1.0 does, so hand
// edits count), and parsing them was a fifth of the cost of creating a rule among thousands.

import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { readSourceSections, statOnce } from '../../../src/catalog/source-conf-overlay.js'

const root = mkdtempSync(join(tmpdir(), 'kuiper-conf-cache-'))
after(() => rmSync(root, { recursive: true, force: true }))

/** An etc/ with `sources/random.yaml`, its mtime set `ageSeconds` in the past. */
function etcWith(name: string, text: string, ageSeconds: number): { etcDir: string; file: string; mtime: number } {
  const etcDir = join(root, name)
  mkdirSync(join(etcDir, 'sources'), { recursive: true })
  const file = join(etcDir, 'sources', 'random.yaml')
  writeFileSync(file, text)
  const t = Date.now() / 1000 - ageSeconds
  utimesSync(file, t, t)
  return { etcDir, file, mtime: t }
}

describe('parsed source files', () => {
  it('are parsed again once a file changes, and each caller gets its own copy', () => {
    const { etcDir, file } = etcWith('changed', 'default:\n  interval: 1000\n', 60)
    const first = readSourceSections({ etcDir }, 'random')!
    ;(first['default'] as Record<string, unknown>)['interval'] = 5
    assert.deepEqual(readSourceSections({ etcDir }, 'random'), { default: { interval: 1000 } })
    writeFileSync(file, 'default:\n  interval: 2000\n')
    const t = Date.now() / 1000 - 30
    utimesSync(file, t, t)
    assert.deepEqual(readSourceSections({ etcDir }, 'random'), { default: { interval: 2000 } })
  })

  it('are kept while size, mtime and inode stay the same', () => {
    const { etcDir, file, mtime } = etcWith('kept', 'default:\n  interval: 1000\n', 60)
    assert.deepEqual(readSourceSections({ etcDir }, 'random'), { default: { interval: 1000 } })
    // Same size, same mtime, same inode: nothing tells the file changed, so the parsed copy is what is read.
    writeFileSync(file, 'default:\n  interval: 9999\n')
    utimesSync(file, mtime, mtime)
    assert.deepEqual(readSourceSections({ etcDir }, 'random'), { default: { interval: 1000 } })
  })

  it('are read again every time while a file has just been written (its mtime may not have moved yet)', () => {
    const { etcDir, file } = etcWith('fresh', 'default:\n  interval: 1000\n', 0)
    assert.deepEqual(readSourceSections({ etcDir }, 'random'), { default: { interval: 1000 } })
    writeFileSync(file, 'default:\n  interval: 9999\n')
    assert.deepEqual(readSourceSections({ etcDir }, 'random'), { default: { interval: 9999 } })
  })

  it('are statted once while a batch of rule starts reads them (statOnce), and again after it', () => {
    const { etcDir, file } = etcWith('batch', 'default:\n  interval: 1000\n', 60)
    const older = Date.now() / 1000 - 30
    const inBatch = statOnce(() => {
      const first = readSourceSections({ etcDir }, 'random')
      writeFileSync(file, 'default:\n  interval: 2000\n')
      utimesSync(file, older, older)
      return [first, readSourceSections({ etcDir }, 'random')]
    })
    assert.deepEqual(inBatch, [{ default: { interval: 1000 } }, { default: { interval: 1000 } }])
    assert.deepEqual(readSourceSections({ etcDir }, 'random'), { default: { interval: 2000 } })
  })
})
