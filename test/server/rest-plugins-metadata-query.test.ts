import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { http, startKuiperd } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'

let k: Kuiperd
const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  http(k.url, method, path, body, headers)

function errorOf(r: { json(): unknown }): { error: string; message: string } {
  return r.json() as { error: string; message: string }
}

before(async () => {
  k = await startKuiperd()
  await call('POST', '/streams', { sql: 'CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="demo", TYPE="memory")' })
})
after(async () => {
  await k?.stop()
})

describe('REST plugins', () => {
  it("lists the connectors that were 1.0's plugins as built in", async () => {
    assert.deepEqual((await call('GET', '/plugins/sources')).json(), ['random', 'zmq'])
    assert.deepEqual((await call('GET', '/plugins/sinks')).json(), ['file', 'influx', 'tdengine', 'zmq'])
    assert.deepEqual((await call('GET', '/plugins/functions')).json(), [])
  })

  it('describes a built-in plugin with the version of Kuiper', async () => {
    const { version } = (await call('GET', '/')).json() as { version: string }
    for (const [kind, name] of [
      ['sources', 'random'],
      ['sinks', 'tdengine'],
      ['sinks', 'zmq'],
    ] as const) {
      const r = await call('GET', `/plugins/${kind}/${name}`)
      assert.equal(r.status, 200)
      assert.deepEqual(r.json(), { name, version, builtin: true })
    }
  })

  it('refuses to drop or reinstall a built-in plugin with 400, saying it is built in', async () => {
    const del = await call('DELETE', '/plugins/sinks/file')
    assert.equal(del.status, 400)
    assert.deepEqual(errorOf(del), {
      error: 'BAD_REQUEST',
      message: 'sinks plugin file is built in and cannot be dropped.',
    })
    const add = await call('POST', '/plugins/sources', { name: 'random', file: 'http://127.0.0.1/random.zip' })
    assert.equal(add.status, 400)
    assert.equal(errorOf(add).error, 'CONFLICT')
    assert.match(errorOf(add).message, /invalid name random: duplicate, random is built in/)
    assert.deepEqual((await call('GET', '/plugins/sinks')).json(), ['file', 'influx', 'tdengine', 'zmq'])
  })

  it("answers 501 NOT_SUPPORTED to installing 1.0's Go plugins, saying why", async () => {
    const r = await call('POST', '/plugins/sinks', { name: 'kafka', file: 'http://example.com/kafka.so' })
    assert.equal(r.status, 501)
    const e = errorOf(r)
    assert.equal(e.error, 'NOT_SUPPORTED')
    assert.match(e.message, /Go shared objects/)
    assert.equal((await call('GET', '/plugins/sources/prebuild')).status, 501)
  })

  it('refuses to download a plugin from kuiperd\'s own machine by default', async () => {
    const r = await call('POST', '/plugins/sinks', { name: 'kafka', file: 'http://127.0.0.1/kafka.zip' })
    assert.equal(r.status, 400)
    assert.match(errorOf(r).message, /loopback or link-local address .*plugins.allowLocalUrls/)
  })

  it('validates the install body before anything else', async () => {
    const r = await call('POST', '/plugins/functions', { name: 'echo' })
    assert.equal(r.status, 400)
    assert.match(errorOf(r).message, /file/)
  })

  it('answers 404 to describe or delete an unknown plugin and to an unknown plugin kind', async () => {
    assert.equal((await call('GET', '/plugins/sinks/kafka')).status, 404)
    assert.equal((await call('GET', '/plugins/sources/file')).status, 404, 'file is a sink plugin, not a source one')
    assert.equal((await call('DELETE', '/plugins/functions/echo')).status, 404)
    assert.equal((await call('GET', '/plugins/widgets')).status, 404)
  })
})

describe('REST metadata', () => {
  it('lists the built-in functions with examples and hints', async () => {
    const [group] = (await call('GET', '/metadata/functions')).json() as {
      functions: { name: string; example: string }[]
    }[]
    const abs = group!.functions.find((f) => f.name === 'abs')
    assert.ok(abs !== undefined)
    assert.equal(abs.example, 'abs(arg1)')
    assert.ok(group!.functions.length >= 60)
  })

  it("serves each function's arguments, return type, English and Chinese hint and documented sample", async () => {
    const [group] = (await call('GET', '/metadata/functions')).json() as {
      functions: {
        name: string
        hint: { en: string; zh: string }
        args: { name: string; type: string; optional: boolean }[]
        return: { type: string }
        node: { category: string }
        sample: { sql: string; result: string }
      }[]
    }[]
    const trunc = group!.functions.find((f) => f.name === 'trunc')!
    assert.deepEqual(
      trunc.args.map((a) => [a.name, a.type, a.optional]),
      [
        ['x', 'number', false],
        ['n', 'int', false],
      ],
    )
    assert.equal(trunc.return.type, 'float')
    assert.equal(trunc.node.category, 'function')
    assert.deepEqual(trunc.sample, { sql: 'trunc(3.14159, 2)', result: '3.14' })
    assert.match(trunc.hint.en, /decimal places/)
    assert.match(trunc.hint.zh, /小数/)
  })

  it('lists sinks and sources by name with about, sorted', async () => {
    const sinks = (await call('GET', '/metadata/sinks')).json() as { name: string; about: { installed: boolean } }[]
    const names = sinks.map((s) => s.name)
    for (const n of ['log', 'memory', 'nop']) assert.ok(names.includes(n), n)
    assert.deepEqual(names, [...names].sort())
    assert.equal(sinks[0]!.about.installed, true)
    const sources = ((await call('GET', '/metadata/sources')).json() as { name: string }[]).map((s) => s.name)
    assert.ok(sources.includes('memory'))
  })

  it('describes a sink with its properties, the common sink properties and the rule options', async () => {
    const m = (await call('GET', '/metadata/sinks/nop')).json() as Record<
      string,
      Record<string, { properties: { name: string }[] }>
    >
    assert.deepEqual(
      m['customProperty']!['nop']!.properties.map((p) => p.name),
      ['log'],
    )
    assert.ok(m['baseProperty']!['nop']!.properties.some((p) => p.name === 'retryInterval'))
    assert.ok(
      (m['baseOption'] as unknown as { properties: { name: string }[] }).properties.some((p) => p.name === 'qos'),
    )
  })

  it('fills the sink metadata of a rule with its values', async () => {
    const rule = { id: 'meta', sql: 'SELECT * FROM demo', actions: [{ nop: { log: true } }], options: { qos: 1 } }
    assert.equal((await call('POST', '/rules', rule)).status, 201)
    const m = (await call('GET', '/metadata/sinks/rule/meta')).json() as {
      customProperty: Record<string, { properties: { name: string; default: unknown }[] }>
      baseOption: { properties: { name: string; default: unknown }[] }
    }
    assert.equal(m.customProperty['nop']!.properties.find((p) => p.name === 'log')!.default, true)
    assert.equal(m.baseOption.properties.find((p) => p.name === 'qos')!.default, 1)
    await call('DELETE', '/rules/meta')
  })

  it('answers an unknown connector in the language of Content-Language', async () => {
    const en = await call('GET', '/metadata/sinks/zzz')
    assert.equal(en.status, 404)
    assert.equal(errorOf(en).message, 'This plugin was not found: zzz')
    const zh = await call('GET', '/metadata/sources/zzz', undefined, { 'Content-Language': 'zh_CN' })
    assert.equal(zh.status, 404)
    assert.equal(errorOf(zh).message, '没有找到该插件：zzz')
  })

  it('creates, extends, trims and deletes source conf keys in the data folder (sources/<type>.yaml)', async () => {
    const file = join(k.dataDir, 'sources', 'memory.yaml')
    const base = '/metadata/sources/memory/confKeys'
    assert.deepEqual((await call('GET', base)).json(), [])
    assert.equal((await call('POST', `${base}/demo_conf`, { bufferLength: 10, tags: { a: 1, b: 2 } })).status, 200)
    assert.ok(existsSync(file))
    assert.match(readFileSync(file, 'utf8'), /demo_conf:/)
    const dup = await call('POST', `${base}/demo_conf`, { x: 1 })
    assert.equal(dup.status, 400)
    assert.deepEqual(errorOf(dup), { error: 'CONFLICT', message: 'This confkey already exists: demo_conf' })
    assert.equal((await call('POST', `${base}/demo_conf/field`, { qos: 1 })).status, 200)
    assert.equal((await call('DELETE', `${base}/demo_conf/field`, { tags: 'a', qos: null })).status, 200)
    assert.deepEqual((await call('GET', '/metadata/sources/yaml/memory')).json(), {
      demo_conf: { bufferLength: 10, tags: { b: 2 } },
    })
    const desc = (await call('GET', '/metadata/sources/memory')).json() as {
      properties: Record<string, { name: string; exist?: boolean }[]>
    }
    assert.deepEqual(
      desc.properties['demo_conf']!.map((f) => [f.name, f.exist]),
      [
        ['bufferLength', true],
        ['tags', true],
      ],
    )
    assert.equal((await call('DELETE', `${base}/demo_conf`)).status, 200)
    assert.equal((await call('DELETE', `${base}/demo_conf`)).status, 404)
    assert.deepEqual((await call('GET', base)).json(), [])
  })
})

describe('REST query (kuiper query over REST)', () => {
  it('runs a temporary SELECT, polls its (empty) results and stops it', async () => {
    const r = await call('POST', '/query', { sql: 'SELECT * FROM demo' })
    assert.equal(r.status, 201)
    const created = r.json() as { id: string; message: string }
    assert.equal(created.message, 'Query was submit successfully.')
    assert.deepEqual((await call('GET', `/query/${created.id}`)).json(), [])
    assert.deepEqual((await call('GET', '/rules')).json(), [])
    assert.equal((await call('DELETE', `/query/${created.id}`)).status, 200)
    assert.equal((await call('GET', `/query/${created.id}`)).status, 404)
  })

  it('rejects a bad query with 4xx', async () => {
    assert.equal((await call('POST', '/query', { sql: 'SELECT * FROM ghost' })).status, 404)
    assert.equal((await call('POST', '/query', { sql: 'SELEC' })).status, 400)
  })
})
