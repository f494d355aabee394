import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { http, startKuiperd } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'
import { mqttSinkProperties } from '../../src/connectors/mqtt/properties.js'

interface FieldJson {
  name: string
  default: unknown
  optional: boolean
  control: string
  type: string
  hint: { en: string; zh: string }
  values?: unknown[]
}

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

  it("refuses to download a plugin from kuiperd's own machine by default", async () => {
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

describe('REST connector properties, from their one declaration', () => {
  it('describes a sink with the properties its declaration lists, typed, with defaults and bilingual hints', async () => {
    const m = (await call('GET', '/metadata/sinks/mqtt')).json() as {
      customProperty: Record<string, { about: { description: { en: string } }; properties: FieldJson[] }>
    }
    const mqtt = m.customProperty['mqtt']!
    assert.deepEqual(
      mqtt.properties.map((p) => p.name),
      mqttSinkProperties.properties.map((p) => p.name),
    )
    assert.equal(mqtt.about.description.en, mqttSinkProperties.description.en)
    const qos = mqtt.properties.find((p) => p.name === 'qos')!
    assert.deepEqual(
      { type: qos.type, default: qos.default, optional: qos.optional, control: qos.control, values: qos.values },
      { type: 'int', default: 0, optional: true, control: 'list', values: [0, 1, 2] },
    )
    const server = mqtt.properties.find((p) => p.name === 'server')!
    assert.equal(server.optional, false)
    assert.deepEqual(server.hint, mqttSinkProperties.properties.find((p) => p.name === 'server')!.description)
  })

  it("describes a source's conf keys from its declaration, valued from its yaml", async () => {
    const base = '/metadata/sources/random/confKeys'
    assert.equal((await call('POST', `${base}/meta_conf`, { interval: 50, seed: 2, pattern: { a: 1 } })).status, 200)
    const d = (await call('GET', '/metadata/sources/random')).json() as {
      about: { description: { en: string } }
      properties: Record<string, (FieldJson & { exist?: boolean })[]>
    }
    assert.equal(d.about.description.en, 'Emit random messages from a pattern')
    const fields = d.properties['meta_conf']!
    assert.deepEqual(
      fields.map((f) => [f.name, f.default, f.exist]),
      [
        ['interval', 50, true],
        ['seed', 2, true],
        ['pattern', { a: 1 }, true],
        ['deduplicate', 0, false],
      ],
    )
    assert.equal((await call('DELETE', `${base}/meta_conf`)).status, 200)
  })

  it('refuses at create, with 400 naming the connector and the property, a bad sink property', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { mqtt: { server: 'tcp://127.0.0.1:1883', topic: 'out', qos: 5 } },
        'mqtt sink property qos must be one of 0, 1, 2, found 5',
      ],
      [{ mqtt: { topic: 'out' } }, 'mqtt sink is missing property server'],
      [
        { rest: { url: 'http://127.0.0.1:1/x', timeout: 'soon' } },
        'rest sink property timeout must be a number of at least 0, found "soon"',
      ],
      [{ nop: { log: 'loud' } }, 'nop sink property log must be a bool, found "loud"'],
    ]
    for (const [action, message] of cases) {
      const r = await call('POST', '/rules', { id: 'badprop', sql: 'SELECT * FROM demo', actions: [action] })
      assert.equal(r.status, 400, r.text)
      assert.deepEqual(errorOf(r), { error: 'CONFIG_ERROR', message })
    }
    assert.equal((await call('GET', '/rules/badprop')).status, 404)
  })

  it('accepts what 1.0 accepted: unknown keys and numbers written as strings', async () => {
    const action = { mqtt: { server: 'tcp://127.0.0.1:1', topic: 'out', qos: '1', color: 'blue' } }
    const r = await call('POST', '/rules', { id: 'lenient', sql: 'SELECT * FROM demo', actions: [action] })
    assert.equal(r.status, 201, r.text)
    assert.equal((await call('DELETE', '/rules/lenient')).status, 200)
  })

  it('refuses at stream create, with 400 naming the property, a stream whose source conf has a bad key', async () => {
    const conf = { interval: 'often', seed: 1, pattern: { a: 1 } }
    assert.equal((await call('POST', '/metadata/sources/random/confKeys/bad_conf', conf)).status, 200)
    const sql = 'CREATE STREAM rnd () WITH (TYPE="random", CONF_KEY="bad_conf")'
    const r = await call('POST', '/streams', { sql })
    assert.equal(r.status, 400, r.text)
    assert.deepEqual(errorOf(r), {
      error: 'CONFIG_ERROR',
      message: 'Create stream fails: random source property interval must be a positive integer, found "often".',
    })
    assert.equal((await call('GET', '/streams/rnd')).status, 404)
    assert.equal((await call('DELETE', '/metadata/sources/random/confKeys/bad_conf')).status, 200)
  })

  it('refuses at rule create a source conf that lacks a required key, naming it', async () => {
    assert.equal(
      (await call('POST', '/metadata/sources/random/confKeys/part_conf', { interval: 10, seed: 1 })).status,
      200,
    )
    const sql = 'CREATE STREAM rnd () WITH (TYPE="random", CONF_KEY="part_conf")'
    assert.equal((await call('POST', '/streams', { sql })).status, 201)
    const r = await call('POST', '/rules', { id: 'badsrc', sql: 'SELECT * FROM rnd', actions: [{ nop: {} }] })
    assert.equal(r.status, 400, r.text)
    assert.deepEqual(errorOf(r), { error: 'CONFIG_ERROR', message: 'random source is missing property pattern' })
    assert.equal((await call('DELETE', '/streams/rnd')).status, 200)
    assert.equal((await call('DELETE', '/metadata/sources/random/confKeys/part_conf')).status, 200)
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
