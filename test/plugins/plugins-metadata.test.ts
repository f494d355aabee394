// `/metadata` of installed plugins on a real kuiperd: the example plugins, installed through the REST API, appear in
// /metadata/functions, /metadata/sinks and /metadata/sources as installed, with what their manifests declare;
// removed, they are gone. And `/plugins/{kind}/prebuild` says there is nothing to list instead of inventing a list.

import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'
import { EXAMPLES_DIR, zipFolder } from '../../scripts/zip-plugins.js'
import { TEST_CONFIG, http, startKuiperd, tempBase } from '../server/kuiperd-process.js'
import type { HttpResult, Kuiperd } from '../server/kuiperd-process.js'

const CONFIG = `${TEST_CONFIG}plugins:
  allowLocalUrls: true
`

type Json = Record<string, unknown>

let k: Kuiperd
let work: string
const call = (method: string, path: string, body?: unknown): Promise<HttpResult> => http(k.url, method, path, body)
const get = async (path: string): Promise<unknown> => {
  const r = await call('GET', path)
  assert.equal(r.status, 200, r.text)
  return r.json()
}

async function install(kind: string, name: string): Promise<void> {
  const zip = await zipFolder(join(EXAMPLES_DIR, kind, name), join(work, `${kind}-${name}.zip`))
  const r = await call('POST', `/plugins/${kind}`, { name, file: pathToFileURL(zip).href })
  assert.equal(r.status, 201, r.text)
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'kuiper-plugin-metadata-'))
  k = await startKuiperd({ base: tempBase(), config: CONFIG })
  for (const [kind, name] of [
    ['functions', 'echo'],
    ['functions', 'countPlusOne'],
    ['sinks', 'lineFile'],
    ['sources', 'seededRandom'],
  ] as const)
    await install(kind, name)
})
after(async () => {
  await k?.stop()
})

describe('metadata of installed plugins', () => {
  it('lists each function plugin as a group of its functions, installed', async () => {
    const groups = (await get('/metadata/functions')) as Json[]
    assert.equal(groups[0]!['name'], 'internal')
    const echo = groups.find((g) => g['name'] === 'echo')!
    assert.equal((echo['about'] as Json)['installed'], true)
    assert.deepEqual((echo['about'] as Json)['description'], {
      en: "1.0's sample function echo: returns its argument",
      zh: "1.0's sample function echo: returns its argument",
    })
    const [f] = echo['functions'] as Json[]
    assert.deepEqual(
      [f!['name'], f!['example'], f!['hint'], f!['aggregate']],
      ['echo', 'echo(col)', { en: 'Returns its argument', zh: '返回其参数' }, false],
    )
    const count = groups.find((g) => g['name'] === 'countPlusOne')!
    assert.equal(((count['functions'] as Json[])[0] as Json)['aggregate'], true)
  })

  it('describes a sink plugin with the properties its manifest declares, a rule action filling their values', async () => {
    const sinks = (await get('/metadata/sinks')) as Json[]
    const listed = sinks.find((s) => s['name'] === 'lineFile')!
    assert.equal((listed['about'] as Json)['installed'], true)
    assert.deepEqual((listed['about'] as Json)['description'], {
      en: 'Appends each result to a file, one line each',
      zh: '将每个结果追加到文件中，每个结果一行',
    })
    const meta = (await get('/metadata/sinks/lineFile')) as { customProperty: Record<string, Json> }
    const props = meta.customProperty['lineFile']!['properties'] as Json[]
    assert.deepEqual(
      props.map((p) => [p['name'], p['type'], p['default'], p['optional'], p['control']]),
      [
        ['path', 'string', null, false, 'text'],
        ['numbered', 'bool', false, true, 'radio'],
      ],
    )
    assert.deepEqual(props[1]!['values'], [true, false])
    assert.deepEqual(props[0]!['hint'], { en: 'The file the results are appended to', zh: '追加结果的文件' })
    // A built-in sink keeps its own metadata.
    const log = (await get('/metadata/sinks/log')) as { customProperty: Record<string, Json> }
    assert.notEqual((log.customProperty['log']!['about'] as Json)['description'], undefined)
  })

  it("checks a rule's action against the properties the sink plugin's manifest declares, at create", async () => {
    const stream = await call('POST', '/streams', {
      sql: 'CREATE STREAM plugin_props () WITH (TYPE="memory", DATASOURCE="plugin/props", FORMAT="JSON")',
    })
    assert.equal(stream.status, 201, stream.text)
    const rule = (id: string, action: Json) =>
      call('POST', '/rules', { id, sql: 'SELECT * FROM plugin_props', actions: [{ lineFile: action }] })
    const missing = await rule('props_missing', { numbered: true })
    assert.equal(missing.status, 400, missing.text)
    assert.match(missing.text, /lineFile sink is missing property path/)
    const badType = await rule('props_bad', { path: join(work, 'out.txt'), numbered: 'often' })
    assert.equal(badType.status, 400, badType.text)
    assert.match(badType.text, /lineFile sink property numbered/)
    const good = await rule('props_good', { path: join(work, 'out.txt'), numbered: true })
    assert.equal(good.status, 201, good.text)
    assert.equal((await call('GET', '/rules/props_missing')).status, 404, 'a refused rule is not stored')
  })

  it('describes a source plugin with its declared properties, valued from its conf sections', async () => {
    const sources = (await get('/metadata/sources')) as Json[]
    const listed = sources.find((s) => String(s['name']).toLowerCase() === 'seededrandom')!
    assert.equal((listed['about'] as Json)['installed'], true)
    const meta = (await get(`/metadata/sources/${String(listed['name'])}`)) as { properties: Record<string, Json[]> }
    const byName = (fields: Json[]) => Object.fromEntries(fields.map((f) => [f['name'], f]))
    const defaults = byName(meta.properties['default']!)
    assert.equal(defaults['interval']!['default'], 1000)
    assert.equal(defaults['interval']!['type'], 'int')
    assert.deepEqual(defaults['interval']!['hint'], {
      en: 'Milliseconds between two messages',
      zh: '两条消息之间的毫秒数',
    })
    const ext = byName(meta.properties['ext']!)
    assert.equal(ext['interval']!['default'], 50)
    assert.equal(ext['interval']!['exist'], true)
    assert.deepEqual(ext['pattern']!['default'], { count: 50 })
  })

  it('forgets a removed plugin', async () => {
    assert.equal((await call('DELETE', '/plugins/functions/echo')).status, 200)
    const groups = (await get('/metadata/functions')) as Json[]
    assert.equal(
      groups.find((g) => g['name'] === 'echo'),
      undefined,
    )
    assert.ok(groups.some((g) => g['name'] === 'countPlusOne'))
  })

  it('answers prebuild with why there is nothing to list', async () => {
    for (const kind of ['sources', 'sinks', 'functions']) {
      const r = await call('GET', `/plugins/${kind}/prebuild`)
      assert.equal(r.status, 501)
      const e = r.json() as { error: string; message: string }
      assert.equal(e.error, 'NOT_SUPPORTED')
      assert.match(e.message, new RegExp(`there are no prebuilt ${kind} plugins to list: .*Go plugins \\(\\.so\\)`))
    }
  })
})
