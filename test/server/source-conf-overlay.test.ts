// kuiperd with a read-only etc/: conf keys created, updated and deleted through /metadata/sources land in the data
// folder's overlay, are what a rule's source opens with (at its next start and after a kuiperd restart), and etc/
// keeps its bytes and mtime (tests run as root, who can write 0444 files, so the modes alone prove nothing).

import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { waitFor } from '../connectors/sink-helpers.js'
import { http, startKuiperd, tempBase, TEST_CONFIG } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'

const root = tempBase()
// etc/ as a read-only installation ships it (folders 0555, files 0444), apart from the helper's scratch base.
const etcDir = join(root, 'ro', 'etc')
const dataDir = join(root, 'data')
const inputs = join(root, 'inputs')
const out = join(root, 'out')

const FILE_YAML = `# File source settings of this test
default:
  path: ${join(inputs, 'default')} # where readings.jsonl says "default"

# a section shipped in etc/
from_etc:
  path: ${join(inputs, 'etc')}
`

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  )
}

let etcBefore: Map<string, { bytes: Buffer; mtimeMs: number }>
let k: Kuiperd | undefined
const call = (method: string, path: string, body?: unknown) => http(k!.url, method, path, body)
const start = async (): Promise<void> => {
  k = await startKuiperd({
    base: join(root, 'scratch'),
    args: ['--config', join(etcDir, 'kuiper.yaml'), '--data', dataDir],
  })
}
const lines = (rule: string): string[] => {
  try {
    // The sink creates the file when it opens, before its first line: an empty file has no line yet.
    return readFileSync(join(out, `${rule}.txt`), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
  } catch {
    return []
  }
}
const outputOf = async (rule: string, expected: readonly string[]): Promise<void> => {
  await waitFor(() => lines(rule).length >= expected.length, `${expected.length} lines of ${rule}`)
  assert.deepEqual(lines(rule), expected)
}
const src = (s: string) => `[{"src":"${s}"}]`

before(async () => {
  for (const [dir, text] of [
    ['default', 'default'],
    ['etc', 'etc'],
    ['api', 'api'],
  ] as const) {
    mkdirSync(join(inputs, dir), { recursive: true })
    writeFileSync(join(inputs, dir, 'readings.jsonl'), `{"src":"${text}"}\n`)
  }
  mkdirSync(join(etcDir, 'sources'), { recursive: true })
  writeFileSync(join(etcDir, 'kuiper.yaml'), TEST_CONFIG)
  writeFileSync(join(etcDir, 'mqtt_source.yaml'), readFileSync(new URL('../../etc/mqtt_source.yaml', import.meta.url)))
  writeFileSync(join(etcDir, 'sources', 'file.yaml'), FILE_YAML)
  for (const f of filesUnder(etcDir)) chmodSync(f, 0o444)
  chmodSync(join(etcDir, 'sources'), 0o555)
  chmodSync(etcDir, 0o555)
  etcBefore = new Map(filesUnder(etcDir).map((f) => [f, { bytes: readFileSync(f), mtimeMs: statSync(f).mtimeMs }]))
  await start()
})
after(async () => {
  await k?.stop()
  chmodSync(etcDir, 0o755)
  chmodSync(join(etcDir, 'sources'), 0o755)
  rmSync(root, { recursive: true, force: true })
})

function assertEtcUntouched(): void {
  for (const [f, was] of etcBefore) {
    assert.deepEqual(readFileSync(f), was.bytes, `${relative(etcDir, f)} changed`)
    assert.equal(statSync(f).mtimeMs, was.mtimeMs, `${relative(etcDir, f)} was written`)
  }
}

async function ok(method: string, path: string, body?: unknown): Promise<void> {
  const r = await call(method, path, body)
  assert.equal(r.status < 300, true, `${method} ${path}: ${r.status} ${r.text}`)
}

async function fileRule(id: string, confKey: string): Promise<void> {
  await ok('POST', '/streams', {
    sql: `CREATE STREAM s_${id} () WITH (DATASOURCE="readings.jsonl", TYPE="file", CONF_KEY="${confKey}")`,
  })
  await ok('POST', '/rules', {
    id,
    sql: `SELECT src FROM s_${id}`,
    actions: [{ file: { path: join(out, `${id}.txt`), interval: 0 } }],
  })
}

describe('source conf keys over a read-only etc/', () => {
  const confKeys = '/metadata/sources/file/confKeys'

  it('lists etc/ sections and creates a conf key in the data folder that a rule source opens with', async () => {
    assert.deepEqual((await call('GET', confKeys)).json(), ['default', 'from_etc'])
    await ok('POST', `${confKeys}/from_api`, { path: join(inputs, 'api') })
    assert.deepEqual((await call('GET', confKeys)).json(), ['default', 'from_etc', 'from_api'])
    assert.match(readFileSync(join(dataDir, 'sources', 'file.yaml'), 'utf8'), /^from_api:\n {2}path: /m)
    await fileRule('r_api', 'from_api')
    await outputOf('r_api', [src('api')])
    assertEtcUntouched()
  })

  it('updates a conf key (keeping the comments of the overlay) and the restarted rule reads the new value', async () => {
    const overlay = join(dataDir, 'sources', 'file.yaml')
    writeFileSync(overlay, `# edited by hand: keep me\n${readFileSync(overlay, 'utf8')}`)
    await ok('POST', `${confKeys}/from_api/field`, { path: join(inputs, 'etc') })
    assert.match(readFileSync(overlay, 'utf8'), /# edited by hand: keep me/)
    await ok('POST', '/rules/r_api/restart')
    await outputOf('r_api', [src('api'), src('etc')])
    assertEtcUntouched()
  })

  it('honours the deletion of a property and of a section that etc/ has', async () => {
    await fileRule('r_etc', 'from_etc')
    await outputOf('r_etc', [src('etc')])
    await ok('DELETE', `${confKeys}/from_etc/field`, { path: null })
    assert.deepEqual((await call('GET', '/metadata/sources/yaml/file')).json(), {
      default: { path: join(inputs, 'default') },
      from_etc: {},
      from_api: { path: join(inputs, 'etc') },
    })
    await ok('POST', '/rules/r_etc/restart')
    await outputOf('r_etc', [src('etc'), src('default')])
    await ok('DELETE', `${confKeys}/from_etc`)
    assert.deepEqual((await call('GET', confKeys)).json(), ['default', 'from_api'])
    assert.match(readFileSync(join(dataDir, 'sources', 'file.yaml'), 'utf8'), /^from_etc: null$/m)
    assertEtcUntouched()
  })

  it('keeps every change across a kuiperd restart', async () => {
    assert.equal(await k!.stop(), 0)
    k = undefined
    await start()
    assert.deepEqual((await call('GET', confKeys)).json(), ['default', 'from_api'])
    // The restored rules open their sources again: r_api with the updated path, r_etc without its etc/ section.
    await outputOf('r_api', [src('api'), src('etc'), src('etc')])
    await outputOf('r_etc', [src('etc'), src('default'), src('default')])
    assertEtcUntouched()
  })
})
