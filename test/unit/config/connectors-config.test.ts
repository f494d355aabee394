import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadConfig } from '../../../src/config/load-config.js'
import { bundledEtcDir } from '../../../src/config/paths.js'

describe('kuiper.yaml connectors: (allow-lists)', () => {
  it('is open by default, as shipped', () => {
    const { config, unknownKeys } = loadConfig(join(bundledEtcDir(), 'kuiper.yaml'), {})
    assert.equal(config.connectors.fileAllowList, undefined)
    assert.equal(config.connectors.httpAllowList, undefined)
    assert.deepEqual(unknownKeys, [])
  })

  it('reads the lists from the file', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'kuiper-conf-')), 'kuiper.yaml')
    writeFileSync(f, 'connectors:\n  fileAllowList: [/srv/in, /srv/out]\n  httpAllowList: []\n')
    const { config } = loadConfig(f, {})
    assert.deepEqual(config.connectors.fileAllowList, ['/srv/in', '/srv/out'])
    assert.deepEqual(config.connectors.httpAllowList, [])
  })

  it('takes KUIPER__CONNECTORS__* overrides: a list, one value, or [] to close', () => {
    const { config, overrides } = loadConfig(join(bundledEtcDir(), 'kuiper.yaml'), {
      KUIPER__CONNECTORS__FILEALLOWLIST: '[/srv/in,/srv/out]',
      KUIPER__CONNECTORS__HTTPALLOWLIST: '[]',
    })
    assert.deepEqual(config.connectors.fileAllowList, ['/srv/in', '/srv/out'])
    assert.deepEqual(config.connectors.httpAllowList, [])
    assert.deepEqual(
      overrides.map((o) => o.path.join('.')),
      ['connectors.fileAllowList', 'connectors.httpAllowList'],
    )
    const one = loadConfig(join(bundledEtcDir(), 'kuiper.yaml'), {
      KUIPER__CONNECTORS__HTTPALLOWLIST: 'http://10.0.0.5:8080/api/',
    })
    assert.deepEqual(one.config.connectors.httpAllowList, ['http://10.0.0.5:8080/api/'])
  })

  it('refuses a list of something else than strings, naming the key', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'kuiper-conf-')), 'kuiper.yaml')
    writeFileSync(f, 'connectors:\n  fileAllowList: {a: 1}\n')
    assert.throws(() => loadConfig(f, {}), { code: 'CONFIG_ERROR', message: /connectors\.fileAllowList/ })
  })
})
