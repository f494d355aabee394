// No request body reaches a plain object's prototype (issue 10): every endpoint that takes a body refuses a JSON key
// `__proto__`, `constructor` or `prototype` at any depth with 400 BAD_REQUEST before its route runs. The endpoints
// are read from the app's route table, so a new one is fuzzed without touching this file.

import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Engine } from '../../src/engine.js'
import { RuleManager } from '../../src/rules/rule-manager.js'
import { FORBIDDEN_KEYS, forbiddenKeyPath } from '../../src/server/body-guard.js'
import { deleteFields } from '../../src/server/source-conf-files.js'
import type { HttpApp } from '../../src/server/http/http-app.js'
import { createRestServer } from '../../src/server/server.js'
import { MemoryKvStore } from '../../src/state/memory-kv-store.js'
import { seededRandom } from '../prng.js'
import { MQTT_SERVER } from '../services.js'
import { listenLocally } from './in-process.js'
import type { InProcessRequest, InProcessResponse } from './in-process.js'
import { http, startKuiperd, tempBase } from './kuiperd-process.js'

const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'DELETE', 'PATCH'])
const MQTT_SOURCE_YAML = `default:\n  qos: 1\n  servers: [${MQTT_SERVER}]\n`

/** Object.prototype as it is before any request: names and the functions behind them. */
function prototypeSnapshot(): Map<string, unknown> {
  return new Map(
    Object.getOwnPropertyNames(Object.prototype).map((k) => [
      k,
      Object.getOwnPropertyDescriptor(Object.prototype, k)!.value,
    ]),
  )
}

function assertPrototypeIntact(snapshot: Map<string, unknown>): void {
  assert.deepEqual([...prototypeSnapshot().keys()].sort(), [...snapshot.keys()].sort())
  for (const [k, v] of snapshot) assert.equal(Object.getOwnPropertyDescriptor(Object.prototype, k)!.value, v, k)
  const plain: Record<string, unknown> = {}
  for (const k in plain) assert.fail(`an enumerable ${k} was added to Object.prototype`)
}

/** Method + path (parameters filled in) of every route, from the app's route table. */
function routesOf(app: HttpApp): { method: string; path: string }[] {
  return app.routes.map(({ method, path }) => ({ method, path: path.replace(/:\w+/g, 'x') }))
}

/**
 * A JSON text with `key` at `depth` (0 = a key of the top object), inside random objects and arrays, with random
 * siblings. Written as text: an object literal with `__proto__` would set a prototype rather than carry the key.
 */
function bodyWith(key: string, depth: number, rnd: () => number): string {
  const scalar = (): string =>
    [() => '1', () => 'null', () => '"v"', () => 'true', () => '{}', () => '[]'][Math.floor(rnd() * 6)]!()
  const sibling = (): string =>
    rnd() < 0.5 ? `"sql":${JSON.stringify('SELECT * FROM demo')},` : `"k${Math.floor(rnd() * 100)}":${scalar()},`
  let inner = `{${rnd() < 0.5 ? sibling() : ''}${JSON.stringify(key)}:${rnd() < 0.5 ? '{"hasOwnProperty":""}' : '{"toString":null}'}}`
  for (let d = 0; d < depth; d++) {
    inner = rnd() < 0.3 ? `[${scalar()},${inner}]` : `{${sibling()}"f${d}":${inner}}`
  }
  return inner
}

describe('prototype keys in request bodies', () => {
  let app: HttpApp
  let inject: (r: InProcessRequest) => Promise<InProcessResponse>
  let root: string
  const snapshot = prototypeSnapshot()

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'kuiper-proto-'))
    mkdirSync(join(root, 'etc'))
    writeFileSync(join(root, 'etc', 'mqtt_source.yaml'), MQTT_SOURCE_YAML)
    const manager = new RuleManager({ engine: new Engine(), store: new MemoryKvStore() })
    app = await createRestServer({
      manager,
      version: 'test',
      messages: {},
      defaultLanguage: 'en_US',
      startedAt: 0,
      now: () => 0,
      etcDir: join(root, 'etc'),
      dataDir: join(root, 'data'),
    })
    inject = await listenLocally(app)
  })
  after(async () => {
    await app?.close()
  })

  it('finds the body-taking endpoints in the route table', () => {
    const routes = routesOf(app).filter((r) => BODY_METHODS.has(r.method))
    const names = routes.map((r) => `${r.method} ${r.path}`)
    for (const expected of [
      'POST /streams',
      'PUT /rules/x',
      'POST /query',
      'DELETE /metadata/sources/x/confKeys/x/field',
    ]) {
      assert.ok(names.includes(expected), `${expected} not in ${names.join(', ')}`)
    }
  })

  it('answers 400 naming the key at every depth on every endpoint that takes a body (seeded fuzz)', async () => {
    const rnd = seededRandom(0x5eed10)
    const routes = routesOf(app).filter((r) => BODY_METHODS.has(r.method))
    const contentTypes = ['application/json', 'application/x-www-form-urlencoded', 'text/plain', undefined]
    let cases = 0
    for (const { method, path } of routes) {
      // The reported request's own route gets real section names, so the route would run if the gate let it.
      const url = path.replace('/sources/x/confKeys/x', '/sources/mqtt/confKeys/default')
      for (const key of FORBIDDEN_KEYS) {
        for (let depth = 0; depth <= 4; depth++) {
          const payload = bodyWith(key, depth, rnd)
          const type = contentTypes[Math.floor(rnd() * contentTypes.length)]
          const r = await inject({
            method,
            url,
            payload,
            headers: type !== undefined ? { 'content-type': type } : {},
          })
          const body = r.json<{ error: string; message: string }>()
          assert.equal(r.statusCode, 400, `${method} ${url} ${payload}: ${r.body}`)
          assert.equal(body.error, 'BAD_REQUEST')
          assert.match(body.message, new RegExp(`the key \\S*${key} is not allowed`))
          cases++
        }
      }
    }
    assert.ok(cases >= 15 * routes.length)
    assert.equal((await inject({ method: 'GET', url: '/ping' })).statusCode, 200)
    assertPrototypeIntact(snapshot)
  })

  it('lets a body through whose keys only look like prototype keys', async () => {
    const r = await inject({
      method: 'POST',
      url: '/metadata/sources/mqtt/confKeys/lookalike',
      payload: { __proto: 1, Constructor: 2, prototypes: 3, qos: 0 },
    })
    assert.equal(r.statusCode, 200, r.body)
    const yaml = await inject({ method: 'GET', url: '/metadata/sources/yaml/mqtt' })
    assert.deepEqual(yaml.json<Record<string, unknown>>()['lookalike'], {
      __proto: 1,
      Constructor: 2,
      prototypes: 3,
      qos: 0,
    })
  })

  it('keeps the reported request harmless and writes no __proto__ into the overlay yaml', async () => {
    for (const payload of ['{"__proto__":{"hasOwnProperty":""}}', '{"__proto__":{"toString":null}}']) {
      const r = await inject({ method: 'DELETE', url: '/metadata/sources/mqtt/confKeys/default/field', payload })
      assert.equal(r.statusCode, 400)
    }
    assert.equal((await inject({ method: 'GET', url: '/metadata/sources/mqtt/confKeys' })).statusCode, 200)
    assertPrototypeIntact(snapshot)
    let overlay = ''
    try {
      overlay = readFileSync(join(root, 'data', 'sources', 'mqtt_source.yaml'), 'utf8')
    } catch {
      // no overlay written at all
    }
    assert.doesNotMatch(overlay, /__proto__/)
  })

  it('treats prototype names in SQL (stream fields, rule ids) as data: accepted, prototype untouched', async () => {
    const sql =
      'CREATE STREAM protos (__proto__ BIGINT, constructor STRING, prototype STRUCT(toString STRING)) ' +
      'WITH (DATASOURCE="protos", TYPE="memory")'
    assert.equal((await inject({ method: 'POST', url: '/streams', payload: { sql } })).statusCode, 201)
    const described = await inject({ method: 'GET', url: '/streams/protos' })
    const fields = described.json<{ StreamFields: { Name: string }[] }>().StreamFields.map((f) => f.Name)
    assert.deepEqual(fields, ['__proto__', 'constructor', 'prototype'])
    const rule = {
      id: 'protos',
      sql: 'SELECT __proto__, prototype.toString AS hasOwnProperty FROM protos',
      actions: [{ log: {} }],
    }
    assert.equal((await inject({ method: 'POST', url: '/rules', payload: rule })).statusCode, 201)
    assert.equal((await inject({ method: 'DELETE', url: '/rules/protos' })).statusCode, 200)
    assertPrototypeIntact(snapshot)
  })

  it('finds a forbidden key past any stack depth', () => {
    const deep = '['.repeat(200_000) + '{"__proto__":1}' + ']'.repeat(200_000)
    assert.equal(forbiddenKeyPath(deep), '[0]'.repeat(200_000) + '.__proto__')
  })

  it('names a deeply nested key in a bounded message', async () => {
    const deep = '['.repeat(10_000) + '{"constructor":1}' + ']'.repeat(10_000)
    const r = await inject({ method: 'POST', url: '/rules', payload: deep })
    assert.equal(r.statusCode, 400)
    const { message } = r.json<{ message: string }>()
    assert.match(message, /^Invalid body: the key …[[\]0]+\.constructor is not allowed/)
    assert.ok(message.length < 300)
  })
})

describe('deleteFields', () => {
  it('deletes own properties only, never a prototype member', () => {
    const snapshot = prototypeSnapshot()
    const target: Record<string, unknown> = { qos: 1, nested: { a: 1, b: 2 } }
    const spec = JSON.parse(
      '{"toString":null,"hasOwnProperty":"","valueOf":"x","nested":{"a":null,"toString":null},"__proto__":{"toString":null}}',
    ) as Record<string, unknown>
    deleteFields(target, spec)
    assert.deepEqual(target, { qos: 1, nested: { b: 2 } })
    deleteFields(target, { nested: 'b', qos: '' })
    assert.deepEqual(target, { nested: {} })
    assertPrototypeIntact(snapshot)
  })
})

describe('a real kuiperd and the reported request', () => {
  it('answers 400 and keeps serving', async () => {
    const base = tempBase()
    mkdirSync(join(base, 'etc'), { recursive: true })
    writeFileSync(join(base, 'etc', 'mqtt_source.yaml'), MQTT_SOURCE_YAML)
    const k = await startKuiperd({ base })
    try {
      const url = '/metadata/sources/mqtt/confKeys/default/field'
      for (const body of ['{"__proto__":{"hasOwnProperty":""}}', '{"__proto__":{"toString":null}}']) {
        const r = await http(k.url, 'DELETE', url, body, { 'content-type': 'application/json' })
        assert.equal(r.status, 400, r.text)
        assert.deepEqual(Object.keys(r.json() as object), ['error', 'message'])
        // The next request is the one that crashed kuiperd.
        const next = await http(k.url, 'GET', '/metadata/sources/mqtt/confKeys')
        assert.equal(next.status, 200)
        assert.deepEqual(next.json(), ['default'])
      }
      // A legitimate field deletion still works.
      assert.equal(
        (await http(k.url, 'DELETE', url, '{"qos":null}', { 'content-type': 'application/json' })).status,
        200,
      )
      const yaml = (await http(k.url, 'GET', '/metadata/sources/yaml/mqtt')).json() as Record<
        string,
        Record<string, unknown>
      >
      assert.deepEqual(Object.keys(yaml['default']!), ['servers'])
      assert.equal(k.proc.exitCode, null)
    } finally {
      await k.stop()
    }
  })
})
