import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseKuiperdArgs } from '../../../src/config/args.js'
import { applyEnvOverrides, envValue } from '../../../src/config/env-overrides.js'
import { KNOWN_KEYS } from '../../../src/config/kuiper-config.js'
import { loadConfig } from '../../../src/config/load-config.js'
import { parseIni } from '../../../src/config/multilingual.js'
import { bundledEtcDir, findUp, resolvePaths } from '../../../src/config/paths.js'

describe('docker env overrides', () => {
  it('reach every key of kuiper.yaml by its upper-case spelling', () => {
    for (const [section, keys] of Object.entries(KNOWN_KEYS)) {
      for (const key of keys) {
        const variable = `KUIPER__${section.toUpperCase()}__${key.toUpperCase()}`
        const applied = applyEnvOverrides('kuiper', {}, { [variable]: '1' })
        assert.deepEqual(applied[0]?.path, [section, key], variable)
      }
    }
    const nested = applyEnvOverrides('kuiper', {}, { KUIPER__RULE__RESTARTSTRATEGY__MAXDELAY: '5' })
    assert.deepEqual(nested[0]?.path, ['rule', 'restartStrategy', 'maxDelay'])
  })

  it('parses values as 1.0: lists, then int, bool, float, string', () => {
    assert.deepEqual(envValue('[tcp://a:1883, 2,true]'), ['tcp://a:1883', ' 2', true])
    assert.equal(envValue(' 42 '), 42)
    assert.equal(envValue('T'), true)
    assert.equal(envValue('false'), false)
    assert.equal(envValue('1.5'), 1.5)
    assert.equal(envValue('1e3'), 1000)
    assert.equal(envValue('hello'), 'hello')
  })

  it('maps camelCase keys, lower-cases the others and creates missing levels', () => {
    const conf: Record<string, unknown> = { basic: { debug: false } }
    const applied = applyEnvOverrides('kuiper', conf, {
      KUIPER__BASIC__RESTPORT: '9082',
      KUIPER__BASIC__DEBUG: 'true',
      KUIPER__BASIC__RESTTLS__CERTFILE: '/c.crt',
      KUIPER__SINK__DISABLECACHE: 'true',
      MQTT_SOURCE__DEFAULT__QOS: '1',
      KUIPER_HOME: '/kuiper',
      Kuiper__BASIC__DEBUG: 'false',
    })
    assert.deepEqual(conf, {
      basic: { debug: true, restPort: 9082, restTls: { certfile: '/c.crt' } },
      sink: { disableCache: true },
    })
    assert.deepEqual(
      applied.map((a) => a.variable),
      [
        'KUIPER__BASIC__DEBUG',
        'KUIPER__BASIC__RESTPORT',
        'KUIPER__BASIC__RESTTLS__CERTFILE',
        'KUIPER__SINK__DISABLECACHE',
      ],
    )
    const mqtt: Record<string, unknown> = {}
    applyEnvOverrides('mqtt_source', mqtt, { MQTT_SOURCE__DEMO_CONF__SHAREDSUBSCRIPTION: 'true' })
    assert.deepEqual(mqtt, { demo_conf: { sharedSubscription: true } })
  })

  it('leaves a level that is not a map alone', () => {
    const conf: Record<string, unknown> = { basic: 'oops' }
    assert.deepEqual(applyEnvOverrides('kuiper', conf, { KUIPER__BASIC__DEBUG: 'true' }), [])
    assert.deepEqual(conf, { basic: 'oops' })
  })
})

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-conf-'))

  it('reads the shipped etc/kuiper.yaml with 1.0 defaults', () => {
    const { config, fileFound, unknownKeys } = loadConfig(join(bundledEtcDir(), 'kuiper.yaml'), {})
    assert.equal(fileFound, true)
    assert.deepEqual(unknownKeys, [])
    assert.equal(config.basic.restPort, 9081)
    assert.equal(config.basic.prometheusPort, 20499)
    assert.equal(config.basic.fileLog, true)
    assert.equal(config.rule.lateTolerance, 1000)
    assert.equal(config.rule.checkpointInterval, 300000)
    assert.equal(config.sink.cacheThreshold, 10)
    assert.equal(config.basic.logFormat, 'text')
    // No attempts: a rule whose broker is not up yet is retried for ever.
    assert.deepEqual(config.rule.restartStrategy, { delay: 1000, multiplier: 2, maxDelay: 30000 })
  })

  it('sets the log format and the restart attempts from the environment', () => {
    const env = { KUIPER__BASIC__LOGFORMAT: 'json', KUIPER__RULE__RESTARTSTRATEGY__ATTEMPTS: '0' }
    const { config } = loadConfig(join(bundledEtcDir(), 'kuiper.yaml'), env)
    assert.equal(config.basic.logFormat, 'json')
    assert.equal(config.rule.restartStrategy.attempts, 0)
    const f = join(dir, 'format.yaml')
    writeFileSync(f, 'basic:\n  logFormat: logfmt\n')
    assert.throws(
      () => loadConfig(f, {}),
      /basic\.logFormat: Invalid type: Expected \("text" \| "json"\) but received "logfmt"/,
    )
  })

  it('uses the defaults for a missing file and reports unknown keys', () => {
    assert.equal(loadConfig(join(dir, 'none.yaml'), {}).config.basic.restPort, 9081)
    const f = join(dir, 'extra.yaml')
    writeFileSync(f, 'basic:\n  ignoreCase: true\nportable:\n  x: 1\n')
    assert.deepEqual(loadConfig(f, {}).unknownKeys, ['basic.ignoreCase', 'portable'])
  })

  it('names every bad key in one error', () => {
    const f = join(dir, 'bad.yaml')
    writeFileSync(f, 'basic:\n  restPort: 70000\nrule:\n  qos: 5\n  concurrency: -1\n')
    assert.throws(
      () => loadConfig(f, {}),
      (err: Error) => {
        assert.equal((err as { code?: string }).code, 'CONFIG_ERROR')
        assert.match(err.message, /basic\.restPort: Invalid value: Expected <=65535 but received 70000/)
        assert.match(err.message, /rule\.qos: Invalid value: Expected <=2 but received 5/)
        assert.match(err.message, /rule\.concurrency: Invalid value: Expected >=0 but received -1/)
        return true
      },
    )
  })
})

describe('kuiper.yaml checks (valibot schemas)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-config-check-'))
  const load = (text: string) => {
    const f = join(dir, 'kuiper.yaml')
    writeFileSync(f, text)
    return loadConfig(f, {})
  }
  const problem = (text: string) => {
    try {
      load(text)
    } catch (err) {
      return (err as Error).message.replace(/^invalid configuration .*?: /, '')
    }
    throw new Error(`expected a configuration error for ${JSON.stringify(text)}`)
  }

  it('names the key, what was expected and what was found', () => {
    assert.equal(
      problem('basic:\n  restPort: 1.5\n'),
      'basic.restPort: Invalid value: Expected an integer but received 1.5',
    )
    assert.equal(
      problem('rule:\n  restartStrategy:\n    multiplier: .inf\n'),
      'rule.restartStrategy.multiplier: Invalid value: Expected a finite number but received Infinity',
    )
    assert.equal(
      problem('store:\n  sqlite:\n    name: ""\n'),
      'store.sqlite.name: Invalid length: Expected >=1 but received 0',
    )
    assert.equal(
      problem('connectors:\n  fileAllowList: [/tmp, 3]\n'),
      'connectors.fileAllowList.1: Invalid type: Expected string but received 3',
    )
    assert.equal(
      problem('plugins:\n  fetchTimeout: 0\n'),
      'plugins.fetchTimeout: Invalid value: Expected >0 but received 0',
    )
  })

  it('refuses a section given as a list or a scalar', () => {
    assert.equal(problem('basic: [1, 2]\n'), 'basic: Invalid type: Expected a map of keys but received a list')
    assert.equal(
      problem('rule:\n  restartStrategy: 3\n'),
      'rule.restartStrategy: Invalid type: Expected a map of keys but received 3',
    )
  })

  it('refuses Prometheus without a port, naming the port key', () => {
    assert.equal(
      problem('basic:\n  prometheus: true\n  prometheusPort: 0\n'),
      'basic.prometheusPort: Miss configuration prometheusPort',
    )
    assert.equal(load('basic:\n  prometheus: false\n  prometheusPort: 0\n').config.basic.prometheusPort, 0)
  })

  it('fills in the defaults of every section when the section is absent, empty or null', () => {
    const { config } = load('connectors:\nplugins:\nstore:\n  redis: {}\n')
    assert.equal(config.store.redis.port, 6379)
    assert.equal(config.store.sqlite.name, 'sqliteKV.db')
    assert.equal(config.plugins.fetchTimeout, 60_000)
    assert.equal(config.ruleTest.maxConcurrent, 10)
    assert.equal(config.trace.ringSize, 100)
    assert.equal(config.connectors.fileAllowList, undefined)
    assert.deepEqual(config.basic.restAllowedOrigins, [])
  })

  it('keeps unknown keys of a section and drops empty allow-list entries', () => {
    const { config } = load('basic:\n  ignoreCase: true\nconnectors:\n  httpAllowList: ["", "http://a/"]\n')
    assert.equal((config.basic as Record<string, unknown>)['ignoreCase'], true)
    assert.deepEqual(config.connectors.httpAllowList, ['http://a/'])
  })
})

describe('paths', () => {
  it('walks up from KuiperBaseKey to the first etc/ and data/, as 1.0 relative mode', () => {
    const root = mkdtempSync(join(tmpdir(), 'kuiper-paths-'))
    mkdirSync(join(root, 'etc'))
    mkdirSync(join(root, 'a', 'b'), { recursive: true })
    mkdirSync(join(root, 'a', 'data'))
    const p = resolvePaths({ env: { KuiperBaseKey: join(root, 'a', 'b') } })
    assert.equal(p.etcDir, join(root, 'etc'))
    assert.equal(p.configFile, join(root, 'etc', 'kuiper.yaml'))
    assert.equal(p.dataDir, join(root, 'a', 'data'))
    assert.equal(p.logDir, join(root, 'a', 'b', 'log'))
    assert.equal(findUp(join(root, 'a', 'b'), 'nothing-like-this'), undefined)
  })

  it('lets --config and --data win', () => {
    const p = resolvePaths({ config: '/x/conf/k.yaml', data: '/y/d', env: {}, cwd: '/' })
    assert.equal(p.etcDir, '/x/conf')
    assert.equal(p.configFile, '/x/conf/k.yaml')
    assert.equal(p.dataDir, '/y/d')
  })
})

describe('kuiperd arguments and ini files', () => {
  it('parses the flags', () => {
    assert.deepEqual(parseKuiperdArgs(['--config', 'a.yaml', '--data=/d']), {
      config: 'a.yaml',
      data: '/d',
      help: false,
      version: false,
    })
    assert.deepEqual(parseKuiperdArgs(['-h']), { help: true, version: false })
    assert.throws(() => parseKuiperdArgs(['--data']), /needs a value/)
    assert.throws(() => parseKuiperdArgs(['x']), /unknown option x/)
  })

  it('parses ini sections, comments and quoted values', () => {
    assert.deepEqual(parseIni('; c\n[sink]\na = "x: "\nb=plain\n# c\n[source]\nc = 1\n'), {
      sink: { a: 'x: ', b: 'plain' },
      source: { c: '1' },
    })
  })
})
