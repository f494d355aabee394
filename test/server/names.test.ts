// One naming rule for streams, rules, plugins and conf keys (src/core/names.ts): what it accepts can be fetched and
// deleted over REST; what a URL cannot carry back (10k characters, `.`, `..`, `a/b`, empty) is refused with 400.

import assert from 'node:assert/strict'
import { request } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { MAX_NAME_LENGTH } from '../../src/core/names.js'
import { http, startKuiperd } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'

let k: Kuiperd
const call = (method: string, path: string, body?: unknown) => http(k.url, method, path, body)

before(async () => {
  k = await startKuiperd()
})
after(async () => {
  await k?.stop()
})

const stream = (name: string) => `CREATE STREAM \`${name}\` (temp FLOAT) WITH (DATASOURCE="t", TYPE="memory")`
const rule = (id: string) => ({ id, sql: 'SELECT temp FROM base', actions: [{ nop: {} }] })

const REFUSED: readonly (readonly [string, string])[] = [
  ['10k characters', 'r'.repeat(10_000)],
  [`${MAX_NAME_LENGTH + 1} characters`, 'r'.repeat(MAX_NAME_LENGTH + 1)],
  ['.', '.'],
  ['..', '..'],
  ['a/b', 'a/b'],
  ['a space', 'a b'],
  ['a leading dash', '-r'],
]
const ACCEPTED: readonly (readonly [string, string])[] = [
  ['plain', 'rule_1'],
  ['dash and dot', 'my-rule.v2'],
  ['unicode', '温度规则_1'],
  [`${MAX_NAME_LENGTH} characters`, 'n'.repeat(MAX_NAME_LENGTH)],
  [`${MAX_NAME_LENGTH} unicode characters`, 'é'.repeat(MAX_NAME_LENGTH)],
]

/** A POST whose path is sent as written (fetch would resolve `..` segments first, as a browser does). */
function rawPost(path: string, body: string): Promise<{ status: number; json(): unknown }> {
  return new Promise((res, rej) => {
    const req = request(`${k.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } })
    req.path = path
    req.on('response', (r) => {
      let text = ''
      r.on('data', (d: Buffer) => (text += d.toString()))
      r.on('end', () => res({ status: r.statusCode ?? 0, json: () => JSON.parse(text) as unknown }))
    })
    req.on('error', rej)
    req.end(body)
  })
}

function assertRefused(r: { status: number; json(): unknown }, what: string): void {
  assert.equal(r.status, 400)
  const body = r.json() as { error: string; message: string }
  assert.equal(body.error, 'BAD_REQUEST')
  assert.match(body.message, new RegExp(`^Invalid ${what} name `))
}

describe('names of rules', () => {
  before(async () => {
    assert.equal((await call('POST', '/streams', { sql: stream('base') })).status, 201)
  })

  for (const [label, id] of REFUSED) {
    it(`refuses a rule id with ${label}, storing nothing`, async () => {
      assertRefused(await call('POST', '/rules', rule(id)), 'rule')
      assert.deepEqual(await (await call('GET', '/rules')).json(), [])
    })
  }

  it('refuses an empty rule id as missing', async () => {
    const r = await call('POST', '/rules', rule(''))
    assert.equal(r.status, 400)
    assert.match((r.json() as { message: string }).message, /Missing rule id/)
  })

  for (const [label, id] of ACCEPTED) {
    it(`creates, fetches and deletes a rule id ${label}`, async () => {
      assert.equal((await call('POST', '/rules', rule(id))).status, 201)
      const path = `/rules/${encodeURIComponent(id)}`
      assert.equal(((await call('GET', path)).json() as { id: string }).id, id)
      assert.equal((await call('GET', `${path}/status`)).status, 200)
      const d = await call('DELETE', path)
      assert.equal(d.status, 200, d.text)
      assert.equal((await call('GET', path)).status, 404)
    })
  }
})

describe('names of streams', () => {
  for (const [label, name] of REFUSED) {
    it(`refuses a stream named with ${label}`, async () => {
      assertRefused(await call('POST', '/streams', { sql: stream(name) }), 'stream')
      assert.ok(!((await call('GET', '/streams')).json() as string[]).includes(name))
    })
  }

  for (const [label, name] of ACCEPTED) {
    it(`creates, fetches and deletes a stream named ${label}`, async () => {
      assert.equal((await call('POST', '/streams', { sql: stream(name) })).status, 201)
      const path = `/streams/${encodeURIComponent(name)}`
      assert.equal(((await call('GET', path)).json() as { Name: string }).Name, name)
      const d = await call('DELETE', path)
      assert.equal(d.status, 200, d.text)
      assert.equal((await call('GET', path)).status, 404)
    })
  }
})

describe('names of conf keys and plugins', () => {
  it('refuses a conf key that a path cannot reach and accepts a good one', async () => {
    for (const key of ['..', '.', 'r'.repeat(MAX_NAME_LENGTH + 1), '-x', 'a%2Fb']) {
      assertRefused(await rawPost(`/metadata/sources/mqtt/confKeys/${key}`, '{}'), 'conf key')
    }
    const key = 'edge_1.v2'
    assert.equal((await call('POST', `/metadata/sources/mqtt/confKeys/${key}`, { qos: 1 })).status, 200)
    assert.ok(((await call('GET', '/metadata/sources/mqtt/confKeys')).json() as string[]).includes(key))
    assert.equal((await call('DELETE', `/metadata/sources/mqtt/confKeys/${key}`)).status, 200)
  })

  it('refuses a plugin name that a path cannot reach', async () => {
    for (const name of ['..', 'a/b', 'p'.repeat(10_000)]) {
      assertRefused(await call('POST', '/plugins/sources', { name, file: 'file:///tmp/x.zip' }), 'plugin')
    }
  })
})
