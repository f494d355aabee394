// File sink through the Engine: one line per payload appended every interval (or at once with interval 0), the
// rest written when the rule stops; an unwritable path fails the rule at start; no path writes into the data folder.

import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { defaultDataDir } from '../../src/connectors/api.js'
import { Engine } from '../../src/index.js'
import type { EngineOptions } from '../../src/index.js'
import { waitFor } from './sink-helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'kuiper-file-sink-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const read = (p: string): string => {
  try {
    return readFileSync(p, 'utf8')
  } catch {
    return ''
  }
}

async function rule(file: Record<string, unknown>, opts: EngineOptions = {}, id = 'f1'): Promise<Engine> {
  const engine = new Engine(opts)
  engine.createStream('CREATE STREAM demo () WITH (DATASOURCE="demo", TYPE="memory", FORMAT="json")')
  await engine.createRule({ id, sql: 'SELECT * FROM demo', actions: [{ file }] })
  return engine
}

/** Runs `body` with a new empty working directory; answers what it holds afterwards. */
async function inEmptyCwd(body: () => Promise<void>): Promise<string[]> {
  const cwd = mkdtempSync(join(dir, 'cwd-'))
  const before = process.cwd()
  process.chdir(cwd)
  try {
    await body()
  } finally {
    process.chdir(before)
  }
  return readdirSync(cwd)
}

describe('file sink', () => {
  it('appends one line per payload every interval and on close', async () => {
    const path = join(dir, 'sub', 'out.txt')
    const engine = await rule({ path, interval: 50 })
    engine.publish('demo', { n: 1 })
    engine.publish('demo', { n: 2 })
    await waitFor(() => read(path) !== '', 'the first write')
    assert.equal(read(path), '[{"n":1}]\n[{"n":2}]\n')
    engine.publish('demo', { n: 3 })
    await engine.close()
    assert.equal(read(path), '[{"n":1}]\n[{"n":2}]\n[{"n":3}]\n')
  })

  it('writes each row or rendered template at once with interval 0, appending to an existing file', async () => {
    const path = join(dir, 'single.txt')
    writeFileSync(path, 'old\n')
    const engine = await rule({ path, interval: 0, sendSingle: true, dataTemplate: 'n={{.n}}' })
    engine.publish('demo', [{ n: 1 }, { n: 2 }])
    await engine.idle()
    assert.equal(read(path), 'old\nn=1\nn=2\n')
    await engine.close()
  })

  it('fails to start when the file cannot be opened', async () => {
    const engine = new Engine()
    engine.createStream('CREATE STREAM demo () WITH (DATASOURCE="demo", TYPE="memory", FORMAT="json")')
    await assert.rejects(
      engine.createRule({ id: 'f2', sql: 'SELECT * FROM demo', actions: [{ file: { path: dir } }] }),
      /fail to open file sink/,
    )
    assert.match(engine.ruleStatus('f2').status, /^Stopped: fail to open file sink/)
    await engine.close()
  })

  it('writes <dataDir>/sink/<ruleId>_<sinkName> without a path, nothing in the working directory', async () => {
    const dataDir = join(dir, 'data')
    const left = await inEmptyCwd(async () => {
      const engine = await rule({}, { dataDir }, 'no/path')
      engine.publish('demo', { n: 1 })
      await engine.idle()
      await engine.close()
    })
    assert.deepEqual(left, [])
    assert.deepEqual(readdirSync(join(dataDir, 'sink')), ['no%2Fpath_file_0'])
    assert.equal(read(join(dataDir, 'sink', 'no%2Fpath_file_0')), '[{"n":1}]\n')
  })

  it("uses defaultDataDir() (the OS temp dir's kuiper/) when the Engine has no dataDir", async () => {
    const id = `default-data-dir-${process.pid}-${Date.now()}`
    const file = join(defaultDataDir(), 'sink', `${id}_file_0`)
    after(() => rmSync(file, { force: true }))
    assert.equal(defaultDataDir(), join(tmpdir(), 'kuiper'))
    const left = await inEmptyCwd(async () => {
      const engine = await rule({ interval: 0 }, {}, id)
      engine.publish('demo', { n: 2 })
      await engine.idle()
      await engine.close()
    })
    assert.deepEqual(left, [])
    assert.equal(read(file), '[{"n":2}]\n')
  })
})
