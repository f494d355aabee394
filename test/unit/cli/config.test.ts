import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { baseUrl, loadClientConfig } from '../../../src/cli/config.js'
import { historyFile, loadHistory, saveHistory } from '../../../src/cli/query/history.js'

describe('client config', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kuiper-cli-config-'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  function home(name: string, yaml: string): string {
    const h = join(dir, name)
    mkdirSync(join(h, 'etc'), { recursive: true })
    writeFileSync(join(h, 'etc', 'client.yaml'), yaml)
    return h
  }

  it('reads basic.host and basic.port from etc/client.yaml under $KuiperBaseKey', () => {
    const h = home('a', 'basic:\n  host: 10.0.0.7\n  port: 9999\n')
    const c = loadClientConfig({ env: { KuiperBaseKey: h }, cwd: dir, flags: {} })
    assert.deepEqual([c.host, c.port, c.file, c.warnings], ['10.0.0.7', 9999, join(h, 'etc', 'client.yaml'), []])
  })

  it('walks up from the working directory to the nearest etc/', () => {
    const h = home('w', 'basic:\n  port: 9555\n')
    mkdirSync(join(h, 'x', 'y'), { recursive: true })
    assert.equal(loadClientConfig({ env: {}, cwd: join(h, 'x', 'y'), flags: {} }).port, 9555)
  })

  it('lets CLIENT__BASIC__* variables and then flags override the file', () => {
    const h = home('b', 'basic:\n  host: 10.0.0.7\n  port: 9999\n')
    const env = { KuiperBaseKey: h, CLIENT__BASIC__HOST: 'envhost', CLIENT__BASIC__PORT: '1234' }
    const c = loadClientConfig({ env, cwd: dir, flags: {} })
    assert.deepEqual([c.host, c.port], ['envhost', 1234])
    const f = loadClientConfig({ env, cwd: dir, flags: { host: 'flaghost', port: '4321' } })
    assert.deepEqual([f.host, f.port], ['flaghost', 4321])
  })

  it("warns with 1.0's text and uses defaults when basic is missing", () => {
    const h = home('c', 'other:\n  x: 1\n')
    const c = loadClientConfig({ env: { KuiperBaseKey: h }, cwd: dir, flags: {} })
    assert.deepEqual([c.host, c.port], ['127.0.0.1', 9081])
    assert.deepEqual(c.warnings, ['No basic config in client.yaml, will use the default configuration.'])
  })

  it('warns about a malformed file', () => {
    const h = home('d', 'basic: [unclosed\n')
    const c = loadClientConfig({ env: { KuiperBaseKey: h }, cwd: dir, flags: {} })
    assert.match(c.warnings[0] ?? '', /^Failed to load config file with error /)
  })

  it('refuses a port that is not a number from 1 to 65535', () => {
    assert.throws(
      () => loadClientConfig({ env: {}, cwd: dir, flags: { port: 'http' } }),
      /Invalid port "http" in --port/,
    )
    assert.throws(() => loadClientConfig({ env: {}, cwd: dir, flags: { port: '70000' } }), /Invalid port/)
  })

  it('reads an explicit --config file and refuses a missing one', () => {
    const h = home('e', 'basic:\n  port: 7000\n')
    const c = loadClientConfig({ env: {}, cwd: dir, flags: {}, file: join(h, 'etc', 'client.yaml') })
    assert.equal(c.port, 7000)
    assert.throws(
      () => loadClientConfig({ env: {}, cwd: dir, flags: {}, file: join(dir, 'nope.yaml') }),
      /is not found/,
    )
  })

  it('brackets IPv6 hosts in the base URL', () => {
    assert.equal(baseUrl({ host: '::1', port: 9081 }), 'http://[::1]:9081')
    assert.equal(baseUrl({ host: 'localhost', port: 9081 }), 'http://localhost:9081')
  })
})

describe('query history', () => {
  it('persists lines oldest first and loads them most recent first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuiper-cli-history-'))
    try {
      const file = join(dir, 'sub', 'history')
      assert.equal(historyFile({ KUIPER_HISTORY_FILE: file }), file)
      assert.deepEqual(loadHistory(file), [])
      saveHistory(file, ['SELECT 2', 'SELECT 1'])
      assert.deepEqual(loadHistory(file), ['SELECT 2', 'SELECT 1'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
