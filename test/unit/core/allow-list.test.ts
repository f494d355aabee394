import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { checkFileAllowed, checkUrlAllowed, physicalPath } from '../../../src/core/allow-list.js'
import { Engine } from '../../../src/engine.js'
import { silentLogger } from '../../../src/connectors/api.js'

const root = realpathSync(mkdtempSync(join(tmpdir(), 'kuiper-allow-')))
after(() => rmSync(root, { recursive: true, force: true }))
const allowed = join(root, 'allowed')
const outside = join(root, 'outside')
mkdirSync(join(allowed, 'sub'), { recursive: true })
mkdirSync(outside)
writeFileSync(join(allowed, 'in.json'), '[{"a":1}]')
writeFileSync(join(outside, 'secret.json'), '[{"secret":1}]')
symlinkSync(outside, join(allowed, 'link'))
symlinkSync(join(outside, 'secret.json'), join(allowed, 'file-link.json'))
const lists = { files: [allowed], urls: ['http://127.0.0.1:9/api', 'https://ingest.example.com/'] }

const refusedFile = (path: RegExp | string) => ({
  code: 'CONFIG_ERROR',
  message: new RegExp(
    `${typeof path === 'string' ? path.replaceAll('.', '\\.') : path.source}.*connectors\\.fileAllowList`,
  ),
})

describe('connectors.fileAllowList', () => {
  it('admits files and not-yet-existing folders inside a listed folder', () => {
    for (const p of ['in.json', 'sub', 'sub/new/deeper/out.txt', 'new/../in.json', '.']) {
      checkFileAllowed(lists, join(allowed, p), 'file source')
    }
  })

  it('refuses paths outside, by .. or by a symlink, and a folder that only starts like a listed one', () => {
    const cases = [
      join(outside, 'secret.json'),
      `${allowed}/../outside/secret.json`,
      `${allowed}/sub/../../outside/x`,
      `${allowed}/nothing/../../outside/x`,
      join(allowed, 'link', 'secret.json'),
      join(allowed, 'link', 'new', 'out.txt'),
      `${allowed}/link/../outside/x`,
      join(allowed, 'file-link.json'),
      `${allowed}-evil/x`,
      '/etc/passwd',
    ]
    for (const p of cases)
      assert.throws(() => checkFileAllowed(lists, p, 'file source'), refusedFile(/file source /), p)
  })

  it('resolves .. after a symlink as the kernel does (from the link target)', () => {
    assert.equal(physicalPath(`${allowed}/link/../allowed/in.json`), join(root, 'allowed', 'in.json'))
    assert.equal(physicalPath(`${allowed}/link/../x/y`), join(root, 'x', 'y'))
  })

  it('is open when absent and closed when empty', () => {
    checkFileAllowed(undefined, '/etc/passwd', 'file source')
    checkFileAllowed({}, '/etc/passwd', 'file source')
    assert.throws(() => checkFileAllowed({ files: [] }, join(allowed, 'in.json'), 'file source'), /\(empty\)/)
  })
})

describe('connectors.httpAllowList', () => {
  it('admits URLs under a listed prefix', () => {
    for (const u of [
      'http://127.0.0.1:9/api',
      'http://127.0.0.1:9/api/x',
      'http://127.0.0.1:9/api?q=1',
      'HTTPS://INGEST.example.com/v1',
    ]) {
      checkUrlAllowed(lists, u, 'httppull url')
    }
  })

  it('refuses other hosts, ports, schemes, paths, and normalisation tricks', () => {
    const cases = [
      'http://127.0.0.1:9/api-admin',
      'http://127.0.0.1:9/api/../admin',
      'http://127.0.0.1:9/api/%2e%2e/admin',
      'http://127.0.0.1:10/api/x',
      'https://127.0.0.1:9/api/x',
      'https://ingest.example.com.evil.example/',
      'https://ingest.example.com@evil.example/',
      'http://169.254.169.254/latest/meta-data/',
      'not a url',
    ]
    for (const u of cases) {
      assert.throws(
        () => checkUrlAllowed(lists, u, 'httppull url'),
        { code: 'CONFIG_ERROR', message: /^httppull url .* does not start with a prefix of connectors\.httpAllowList/ },
        u,
      )
    }
  })

  it('is open when absent and closed when empty', () => {
    checkUrlAllowed(undefined, 'http://169.254.169.254/', 'rest sink url')
    assert.throws(() => checkUrlAllowed({ urls: [] }, 'http://127.0.0.1:9/api', 'rest sink url'), /\(empty\)/)
  })
})

describe('the Engine with allow-lists', () => {
  const engine = (): Engine => {
    const e = new Engine({ allow: lists, logger: silentLogger, dataDir: join(root, 'data') })
    e.createStream('CREATE STREAM demo (a BIGINT) WITH (DATASOURCE="demo", TYPE="memory")')
    return e
  }

  it('refuses file sources, file sinks, httppull and rest outside at create, naming the path or URL and the key', async () => {
    const e = engine()
    e.createStream(`CREATE STREAM secret () WITH (DATASOURCE="${join(outside, 'secret.json')}", TYPE="file")`)
    e.createStream(`CREATE STREAM viaLink () WITH (DATASOURCE="${join(allowed, 'link', 'secret.json')}", TYPE="file")`)
    e.createStream('CREATE STREAM meta () WITH (DATASOURCE="x", TYPE="httppull")')
    const cases: [string, Record<string, Record<string, unknown>>, RegExp][] = [
      [
        'SELECT * FROM secret',
        { nop: {} },
        /file source .*secret\.json is not inside a folder of connectors\.fileAllowList/,
      ],
      ['SELECT * FROM viaLink', { nop: {} }, /file source .*link\/secret\.json \(.*outside\/secret\.json\)/],
      [
        'SELECT * FROM meta',
        { nop: {} },
        /httppull url http:\/\/localhost does not start with a prefix of connectors\.httpAllowList/,
      ],
      ['SELECT * FROM demo', { file: { path: join(outside, 'out.txt') } }, /file sink path .*outside\/out\.txt/],
      ['SELECT * FROM demo', { file: { path: `${allowed}/../outside/out.txt` } }, /file sink path/],
      [
        'SELECT * FROM demo',
        { rest: { url: 'http://127.0.0.1:9/admin' } },
        /rest sink url http:\/\/127\.0\.0\.1:9\/admin does not start/,
      ],
      [
        'SELECT * FROM demo',
        { influx: { addr: 'http://10.0.0.1:8086', measurement: 'm', databasename: 'd' } },
        /influx sink addr/,
      ],
      [
        'SELECT * FROM demo',
        { tdengine: { host: '10.0.0.1', database: 'd', table: 't', tsFieldName: 'ts' } },
        /tdengine sink http:\/\/10\.0\.0\.1:6041\/rest\/sql\/d/,
      ],
    ]
    for (const [sql, action, message] of cases) {
      await assert.rejects(
        e.createRule({ id: 'r', sql, actions: [action] }, { start: false }),
        { code: 'CONFIG_ERROR', message },
        sql,
      )
    }
    assert.deepEqual(e.ruleIds(), [])
  })

  it('admits a file sink writing inside and one without path (the data folder)', async () => {
    const e = engine()
    const path = join(allowed, 'sub', 'out', 'rows.txt')
    await e.createRule({ id: 'in', sql: 'SELECT a FROM demo', actions: [{ file: { path, interval: 0 } }] })
    await e.createRule({ id: 'default', sql: 'SELECT a FROM demo', actions: [{ file: { interval: 0 } }] })
    assert.equal(e.ruleStatus('in').status, 'Running')
    assert.equal(e.ruleStatus('default').status, 'Running')
    await e.close()
  })

  it('checks again when the rule starts: a folder turned into a symlink since create cannot be escaped through', async () => {
    const e = engine()
    const dir = join(allowed, 'later')
    mkdirSync(dir)
    await e.createRule(
      { id: 'r', sql: 'SELECT a FROM demo', actions: [{ file: { path: join(dir, 'out.txt') } }] },
      { start: false },
    )
    rmSync(dir, { recursive: true })
    symlinkSync(outside, dir)
    await assert.rejects(e.startRule('r'), {
      code: 'CONFIG_ERROR',
      message: /file sink path .*later\/out\.txt \(.*outside\/out\.txt\)/,
    })
    assert.deepEqual(readdirSync(outside), ['secret.json'])
  })
})
