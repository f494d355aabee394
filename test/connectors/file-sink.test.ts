// File sink through the Engine: one line per payload appended every interval (or at once with interval 0), the
// rest written when the rule stops; an unwritable path fails the rule at start.

import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Engine } from '../../src/index.js'
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

async function rule(file: Record<string, unknown>): Promise<Engine> {
  const engine = new Engine()
  engine.createStream('CREATE STREAM demo () WITH (DATASOURCE="demo", TYPE="memory", FORMAT="json")')
  await engine.createRule({ id: 'f1', sql: 'SELECT * FROM demo', actions: [{ file }] })
  return engine
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
})
