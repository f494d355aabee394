import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { loadSourceProfiles, mergeSourceConf, parseSourceYaml } from '../../../src/catalog/source-profiles.js'

const etc = mkdtempSync(join(tmpdir(), 'kuiper-profiles-'))
after(() => rmSync(etc, { recursive: true, force: true }))
writeFileSync(
  join(etc, 'mqtt_source.yaml'),
  'default:\n  qos: 1\n  servers: [tcp://127.0.0.1:1883]\n  sharedSubscription: true\ndemo_conf:\n  qos: 0\n  servers: [tcp://10.211.55.6:1883, tcp://127.0.0.1]\n',
)
mkdirSync(join(etc, 'sources'))
writeFileSync(join(etc, 'sources', 'httppull.yaml'), 'default:\n  url: http://localhost\n  interval: 10000\n')

describe('source profiles', () => {
  it('overlays the CONF_KEY section on default, key by key', () => {
    const warnings: string[] = []
    const p = loadSourceProfiles(etc, { warn: (m) => warnings.push(m) })
    assert.deepEqual(p.sourceProps('mqtt', 'demo_conf'), {
      qos: 0,
      servers: ['tcp://10.211.55.6:1883', 'tcp://127.0.0.1'],
      sharedSubscription: true,
    })
    assert.deepEqual(p.sourceProps('mqtt'), { qos: 1, servers: ['tcp://127.0.0.1:1883'], sharedSubscription: true })
    assert.deepEqual(warnings, [])
  })

  it('reads sources/<type>.yaml for other types', () => {
    assert.deepEqual(loadSourceProfiles(etc).sourceProps('httppull'), { url: 'http://localhost', interval: 10000 })
  })

  it('gives empty props with a warning when the file is missing', () => {
    const warnings: string[] = []
    assert.deepEqual(loadSourceProfiles(etc, { warn: (m) => warnings.push(m) }).sourceProps('random'), {})
    assert.match(warnings[0]!, /sources\/random.yaml is not loaded/)
  })

  it('lets kuiperd apply environment overrides to the parsed file', () => {
    const p = loadSourceProfiles(etc, {
      overrides: (file, conf) => {
        if (file === 'mqtt_source') (conf['default'] as Record<string, unknown>)['qos'] = 2
      },
    })
    assert.equal(p.sourceProps('mqtt')['qos'], 2)
  })

  it('parses YAML 1.1 booleans and keeps quoted numbers as strings', () => {
    const conf = parseSourceYaml('default:\n  a: yes\n  b: "02"\n  c: 10\n', { goInts: true })
    assert.deepEqual(mergeSourceConf(conf, undefined), { a: true, b: '02', c: 10n })
  })
})
