// kuiper.yaml connectors.fileAllowList / httpAllowList through a real kuiperd: with the lists set, rules reading or
// writing files outside the folders (directly, by `..` or through a symlink) or reaching URLs outside the prefixes
// are refused with 400, nothing stored; inside works; with the defaults everything works as in 1.0; a rule stored
// before the lists were set fails to start.

import assert from 'node:assert/strict'
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { TEST_CONFIG, http, startKuiperd, tempBase } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'

const base = realpathSync(tempBase())
const allowed = join(base, 'files')
const outside = join(base, 'outside')
mkdirSync(allowed)
mkdirSync(outside)
writeFileSync(join(allowed, 'in.json'), '[{"temp":1}]')
writeFileSync(join(outside, 'secret.json'), '[{"secret":"s3cr3t"}]')
symlinkSync(outside, join(allowed, 'link'))

let endpoint: Server
let port = 0
before(async () => {
  endpoint = createServer((req, res) => res.end(JSON.stringify({ path: req.url })))
  await new Promise<void>((res) => endpoint.listen(0, '127.0.0.1', res))
  port = (endpoint.address() as { port: number }).port
})
after(() => endpoint.close())

function config(): string {
  return `${TEST_CONFIG}connectors:\n  fileAllowList: [${allowed}]\n  httpAllowList: [http://127.0.0.1:${port}/ok/]\n`
}

type Call = (method: string, path: string, body?: unknown) => ReturnType<typeof http>

async function fileStream(call: Call, name: string, file: string): Promise<void> {
  const sql = `CREATE STREAM ${name} () WITH (DATASOURCE="${file}", TYPE="file")`
  assert.equal((await call('POST', '/streams', { sql })).status, 201)
}

async function pullStream(call: Call, name: string, url: string): Promise<void> {
  const r = await call('POST', `/metadata/sources/httppull/confKeys/${name}`, { url, interval: 60000 })
  assert.equal(r.status, 200, r.text)
  const sql = `CREATE STREAM ${name} () WITH (DATASOURCE="x", TYPE="httppull", CONF_KEY="${name}")`
  assert.equal((await call('POST', '/streams', { sql })).status, 201)
}

describe('kuiperd with connectors allow-lists set', () => {
  let k: Kuiperd
  const call: Call = (method, path, body) => http(k.url, method, path, body)
  before(async () => {
    k = await startKuiperd({ base: tempBase(), config: config() })
    assert.equal(
      (await call('POST', '/streams', { sql: 'CREATE STREAM mem (temp FLOAT) WITH (DATASOURCE="m", TYPE="memory")' }))
        .status,
      201,
    )
    await fileStream(call, 'secret', join(outside, 'secret.json'))
    await fileStream(call, 'dotdot', `${allowed}/../outside/secret.json`)
    await fileStream(call, 'vialink', join(allowed, 'link', 'secret.json'))
    await fileStream(call, 'inside', join(allowed, 'in.json'))
    await pullStream(call, 'internal', `http://127.0.0.1:${port}/internal`)
    await pullStream(call, 'sneaky', `http://127.0.0.1:${port}/ok/../internal`)
    await pullStream(call, 'listed', `http://127.0.0.1:${port}/ok/data`)
  })
  after(async () => {
    await k?.stop()
  })

  const refused: readonly (readonly [string, string, Record<string, unknown>, RegExp])[] = [
    [
      'a file source outside',
      'secret',
      { nop: {} },
      /file source \S*outside\/secret\.json is not inside a folder of connectors\.fileAllowList/,
    ],
    [
      'a file source escaping by ..',
      'dotdot',
      { nop: {} },
      /file source .*outside\/secret\.json .*connectors\.fileAllowList/,
    ],
    [
      'a file source escaping by a symlink',
      'vialink',
      { nop: {} },
      /file source \S*files\/link\/secret\.json \(\S*outside\/secret\.json\)/,
    ],
    [
      'a file sink outside',
      'mem',
      { file: { path: join(outside, 'written', 'out.txt') } },
      /file sink path \S*outside\/written\/out\.txt .*connectors\.fileAllowList/,
    ],
    ['a file sink escaping by ..', 'mem', { file: { path: `${allowed}/new/../../outside/out.txt` } }, /file sink path/],
    [
      'a file sink escaping by a symlink',
      'mem',
      { file: { path: join(allowed, 'link', 'out.txt') } },
      /file sink path .*\(\S*outside\/out\.txt\)/,
    ],
    [
      'httppull to an unlisted URL',
      'internal',
      { nop: {} },
      /httppull url http:\/\/127\.0\.0\.1:\d+\/internal does not start with a prefix of connectors\.httpAllowList/,
    ],
    ['httppull escaping a prefix by ..', 'sneaky', { nop: {} }, /httppull url .*\/ok\/\.\.\/internal does not start/],
    [
      'a rest sink to an unlisted URL',
      'mem',
      { rest: { url: `http://127.0.0.1:${port}/admin` } },
      /rest sink url .*\/admin does not start with a prefix of connectors\.httpAllowList/,
    ],
  ]
  for (const [label, stream, action, message] of refused) {
    it(`refuses ${label} with 400, storing nothing`, async () => {
      const r = await call('POST', '/rules', { id: 'r', sql: `SELECT * FROM ${stream}`, actions: [action] })
      assert.equal(r.status, 400, r.text)
      assert.match((r.json() as { message: string }).message, message)
      assert.deepEqual((await call('GET', '/rules')).json(), [])
    })
  }

  it('refuses /query on a file outside', async () => {
    const r = await call('POST', '/query', { sql: 'SELECT * FROM secret' })
    assert.equal(r.status, 400, r.text)
    assert.match(r.text, /connectors\.fileAllowList/)
    assert.doesNotMatch(r.text, /s3cr3t/)
  })

  it('runs rules reading and writing inside and pulling a listed URL', async () => {
    const rules = [
      { id: 'in', sql: 'SELECT * FROM inside', actions: [{ file: { path: join(allowed, 'out', 'new', 'rows.txt') } }] },
      { id: 'pull', sql: 'SELECT * FROM listed', actions: [{ rest: { url: `http://127.0.0.1:${port}/ok/sink` } }] },
      { id: 'default', sql: 'SELECT * FROM mem', actions: [{ file: {} }] },
    ]
    for (const rule of rules) {
      const r = await call('POST', '/rules', rule)
      assert.equal(r.status, 201, r.text)
      assert.equal(r.text, `Rule ${rule.id} was created successfully.`)
      assert.match((await call('GET', `/rules/${rule.id}/status`)).text, /"status": "running"|source_/)
      assert.equal((await call('DELETE', `/rules/${rule.id}`)).status, 200)
    }
  })
})

describe('kuiperd with the default (open) connectors', () => {
  const base2 = tempBase()
  let k: Kuiperd
  const call: Call = (method, path, body) => http(k.url, method, path, body)
  after(async () => {
    await k?.stop()
  })

  it('reads, writes and pulls anywhere, as 1.0', async () => {
    k = await startKuiperd({ base: base2 })
    await fileStream(call, 'secret', join(outside, 'secret.json'))
    await pullStream(call, 'internal', `http://127.0.0.1:${port}/internal`)
    const rules = [
      { id: 'read', sql: 'SELECT * FROM secret', actions: [{ file: { path: join(outside, 'open', 'out.txt') } }] },
      { id: 'pull', sql: 'SELECT * FROM internal', actions: [{ rest: { url: `http://127.0.0.1:${port}/admin` } }] },
    ]
    for (const rule of rules) assert.equal((await call('POST', '/rules', rule)).status, 201)
  })

  it('a rule stored before the lists were set fails to start after, saying why', async () => {
    assert.equal(await k.stop(), 0)
    k = await startKuiperd({ base: base2, config: config() })
    for (const [id, message] of [
      ['read', /^Stopped: .*file source \S*outside\/secret\.json is not inside a folder of connectors\.fileAllowList/],
      ['pull', /^Stopped: .*httppull url \S*\/internal does not start with a prefix of connectors\.httpAllowList/],
    ] as const) {
      const r = await call('GET', `/rules/${id}/status`)
      assert.equal(r.status, 200)
      assert.match(r.text, message)
      assert.equal((await call('DELETE', `/rules/${id}`)).status, 200)
    }
  })
})
