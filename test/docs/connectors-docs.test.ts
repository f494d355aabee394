// The connector property tables of docs/connectors.md and docs/zh_CN/connectors.md are generated from the
// declarations (scripts/docs-gen/connectors.ts): the repository's pages are up to date, and a stale, missing or
// orphan table is reported with the page and the section, and fixed by regenerating.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { repoRoot } from '../../scripts/conformance/paths.js'
import { generateConnectorDocs, PAGES, propertyTable } from '../../scripts/docs-gen/connectors.js'
import { mqttSinkProperties } from '../../src/connectors/mqtt/properties.js'

const tmp = mkdtempSync(join(tmpdir(), 'kuiper-connector-docs-'))
after(() => rmSync(tmp, { recursive: true, force: true }))

/** A copy of the two connector pages under a fresh root. */
function copyPages(name: string): string {
  const root = join(tmp, name)
  mkdirSync(join(root, 'docs', 'zh_CN'), { recursive: true })
  for (const p of PAGES) cpSync(join(repoRoot, p.path), join(root, p.path))
  return root
}

function edit(root: string, path: string, change: (text: string) => string): void {
  const file = join(root, path)
  writeFileSync(file, change(readFileSync(file, 'utf8')))
}

describe('connector docs generation', () => {
  it("finds the repository's tables up to date (npm run docs:gen:connectors -- --check)", () => {
    assert.deepEqual(generateConnectorDocs(repoRoot, false), [])
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/docs-gen/connectors.ts', '--check'], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
    assert.equal(r.status, 0, r.stderr)
  })

  it('writes each table from the declaration, in English and in Chinese', () => {
    const en = readFileSync(join(repoRoot, 'docs/connectors.md'), 'utf8')
    const zh = readFileSync(join(repoRoot, 'docs/zh_CN/connectors.md'), 'utf8')
    assert.ok(en.includes(propertyTable(mqttSinkProperties, 'en')))
    assert.ok(zh.includes(propertyTable(mqttSinkProperties, 'zh')))
    assert.match(propertyTable(mqttSinkProperties, 'zh'), /\| `qos` +\| 整数：`0`、`1`、`2` +\| `0` +\| 发布的 QoS/)
  })

  it('fails the check on a stale table, naming the page and section, and regenerating fixes it', () => {
    const root = copyPages('stale')
    edit(root, 'docs/zh_CN/connectors.md', (t) => t.replace('| 发布的 QoS。', '| 旧的说明。'))
    assert.deepEqual(generateConnectorDocs(root, false), [
      { file: 'docs/zh_CN/connectors.md', section: 'sink:mqtt', problem: 'the table is stale' },
    ])
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/docs-gen/connectors.ts', '--check', root], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
    assert.equal(r.status, 1)
    assert.match(r.stderr, /docs\/zh_CN\/connectors.md: sink:mqtt: the table is stale/)
    assert.deepEqual(generateConnectorDocs(root, true), [
      { file: 'docs/zh_CN/connectors.md', section: 'sink:mqtt', problem: 'the table is stale' },
    ])
    assert.deepEqual(generateConnectorDocs(root, false), [])
  })

  it('reports a declared connector without a table and a table no connector declares', () => {
    const root = copyPages('orphans')
    edit(root, 'docs/connectors.md', (t) =>
      t.replace('<!-- properties sink:nop -->', '<!-- properties sink:teleport -->'),
    )
    assert.deepEqual(generateConnectorDocs(root, false), [
      { file: 'docs/connectors.md', section: 'sink:teleport', problem: 'no connector declares these properties' },
      { file: 'docs/connectors.md', section: 'sink:nop', problem: 'no table (add <!-- properties sink:nop -->)' },
    ])
  })
})
