// The security keys of etc/kuiper.yaml: shipped closed to browsers and open as 1.0 otherwise, and settable the 1.0
// docker way (KUIPER__BASIC__...).

import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadConfig } from '../../../src/config/load-config.js'
import { bundledEtcDir } from '../../../src/config/paths.js'

describe('security configuration keys', () => {
  it('ships no allowed origin and authentication off', () => {
    const { config, unknownKeys } = loadConfig(join(bundledEtcDir(), 'kuiper.yaml'), {})
    assert.deepEqual(unknownKeys, [])
    assert.deepEqual(config.basic.restAllowedOrigins, [])
    assert.equal(config.basic.authentication, false)
  })

  it('reads both from the environment', () => {
    const env = {
      KUIPER__BASIC__RESTALLOWEDORIGINS: '[https://ui.example, http://localhost:3000]',
      KUIPER__BASIC__AUTHENTICATION: 'true',
    }
    const { config } = loadConfig(join(bundledEtcDir(), 'kuiper.yaml'), env)
    assert.deepEqual(config.basic.restAllowedOrigins, ['https://ui.example', ' http://localhost:3000'])
    assert.equal(config.basic.authentication, true)
  })

  it('refuses a value of the wrong type with the key named', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'kuiper-sec-conf-')), 'kuiper.yaml')
    writeFileSync(f, 'basic:\n  restAllowedOrigins: https://ui.example\n  authentication: yes please\n')
    assert.throws(() => loadConfig(f, {}), /basic\.restAllowedOrigins[\s\S]*basic\.authentication/)
  })
})
