import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { systemClock } from '../../../src/core/clock.js'
import { silentLogger } from '../../../src/connectors/api.js'
import type { ConnectorEnv, SourceConfig } from '../../../src/connectors/api.js'
import { MemoryBroker } from '../../../src/connectors/memory/pubsub.js'
import { ConnectorRegistry } from '../../../src/connectors/registry.js'
import { createNopSink } from '../../../src/connectors/nop/sink.js'
import { Engine } from '../../../src/engine.js'

const env: ConnectorEnv = { clock: systemClock, memory: new MemoryBroker(), logger: silentLogger }
const dir = mkdtempSync(join(tmpdir(), 'kuiper-registry-'))
const lines = join(dir, 'rows.json')
writeFileSync(lines, '[]')
after(() => rmSync(dir, { recursive: true, force: true }))

function source(type: string, props: Record<string, unknown>, datasource = 'topic'): SourceConfig {
  return { stream: 's', type, datasource, format: 'json', props }
}

const CONFIG_ERROR = (message: RegExp) => ({ code: 'CONFIG_ERROR', message })

describe('connector registry checks', () => {
  const registry = new ConnectorRegistry()

  it('refuses a sink missing a required property, naming it', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['mqtt', {}, /mqtt sink is missing property server/],
      ['mqtt', { server: 'tcp://127.0.0.1:1883' }, /property topic/],
      ['rest', {}, /rest sink is missing property url/],
      ['rest', { url: 'http://127.0.0.1:1/x', method: 'fetch' }, /rest sink property method must be one of get, /],
      [
        'mqtt',
        { server: 'tcp://127.0.0.1:1883', topic: 't', qos: 'high' },
        /mqtt sink property qos must be an integer/,
      ],
      ['memory', {}, /memory sink is missing property topic/],
      ['influx', { databasename: 'db' }, /influx sink is missing property measurement/],
      ['tdengine', { database: 'db', table: 't' }, /tdengine sink is missing property tsFieldName/],
      ['zmq', {}, /zmq sink is missing property server/],
      ['edgex', { optional: { retained: 1 } }, /optional value.*retained/],
    ]
    for (const [type, props, msg] of cases) {
      assert.throws(() => registry.validateSink(type, props, env), CONFIG_ERROR(msg), type)
    }
  })

  it('accepts valid sink properties, and any properties of log and nop', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['mqtt', { server: 'tcp://127.0.0.1:1883', topic: 'out', qos: 1 }],
      ['rest', { url: 'http://127.0.0.1:1/x', method: 'post' }],
      ['memory', { topic: 'out' }],
      ['influx', { measurement: 'm', databasename: 'db' }],
      ['tdengine', { database: 'db', table: 't', tsFieldName: 'ts' }],
      ['zmq', { server: 'tcp://127.0.0.1:5563' }],
      ['edgex', {}],
      ['file', {}],
      ['log', { whatever: 1 }],
      ['nop', { log: true }],
    ]
    for (const [type, props] of cases) registry.validateSink(type, props, env)
  })

  it('refuses a source whose conf profile or DATASOURCE lacks what it needs, naming it', () => {
    const cases: [SourceConfig, RegExp][] = [
      [source('mqtt', {}), /mqtt source is missing property servers/],
      [
        source('mqtt', { servers: ['tcp://127.0.0.1:1883'], qos: 3 }),
        /mqtt source property qos must be one of 0, 1, 2/,
      ],
      [source('mqtt', { servers: ['tcp://127.0.0.1:1883'], kubeedgeModelFile: 'nosuch.json' }), /kubeedgeModelFile/],
      [source('random', { interval: 10, seed: 1 }), /random source is missing property pattern/],
      [source('zmq', {}), /zmq source is missing property server/],
      [
        source('file', { path: dir, interval: 'often' }, 'rows.json'),
        /file source property interval must be a non-negative integer/,
      ],
      [source('edgex', { type: 'mqtt' }), /edgex source is missing property serviceServer/],
      [source('httppull', { interval: 0 }), /interval/],
      [source('file', { path: dir }, 'nosuch.json'), /not exist/],
    ]
    for (const [config, msg] of cases) {
      assert.throws(
        () => registry.validateSource(config.type, () => config, { ...env, etcDir: dir }),
        CONFIG_ERROR(msg),
        config.type,
      )
    }
  })

  it('accepts valid sources without connecting to anything', () => {
    const cases: SourceConfig[] = [
      source('mqtt', { servers: ['tcp://127.0.0.1:1'] }, 'a/+/b'),
      source('random', { interval: 10, seed: 1, pattern: { count: 1 } }),
      source('zmq', { server: 'tcp://127.0.0.1:1' }),
      source('edgex', { serviceServer: 'http://127.0.0.1:1' }),
      source('httppull', { url: 'http://127.0.0.1:1/pull' }),
      source('file', { path: dir }, 'rows.json'),
      source('memory', {}),
    ]
    for (const config of cases) registry.validateSource(config.type, () => config, env)
  })

  it('reads no conf profile for a source type without a check (memory)', () => {
    registry.validateSource('memory', () => assert.fail('the profile of memory was read'), env)
  })

  it('refuses an unknown type and drops the check of a replaced connector', () => {
    assert.throws(() => registry.validateSink('teleport', {}, env), { code: 'PLAN_ERROR' })
    assert.throws(() => registry.validateSource('teleport', () => source('teleport', {}), env), { code: 'PLAN_ERROR' })
    const replaced = new ConnectorRegistry()
    replaced.registerSink('mqtt', createNopSink)
    replaced.validateSink('mqtt', {}, env)
  })
})

describe('connector implementations loaded on first use', () => {
  it('creates no instance of a deferred connector before it is loaded, and loads it once', async () => {
    let loads = 0
    const registry = new ConnectorRegistry({
      deferred: {
        sink: {
          load: async () => {
            loads++
            await Promise.resolve()
            return createNopSink
          },
        },
      },
    })
    assert.equal(registry.hasSink('deferred'), true)
    assert.throws(() => registry.sink('deferred'), { code: 'INTERNAL' })
    const [a, b] = await Promise.all([registry.loadSink('deferred'), registry.loadSink('deferred')])
    assert.equal(a, createNopSink)
    assert.equal(b, createNopSink)
    assert.equal(registry.sink('deferred'), createNopSink)
    await registry.loadSink('deferred')
    assert.equal(loads, 1)
    assert.equal(await registry.loadSink('teleport'), undefined)
    assert.equal(registry.sink('teleport'), undefined)
  })

  it('tries a failed load again at the next use', async () => {
    let fail = true
    const registry = new ConnectorRegistry({
      flaky: {
        sink: {
          load: () => (fail ? Promise.reject(new Error('module not found')) : Promise.resolve(createNopSink)),
        },
      },
    })
    await assert.rejects(registry.loadSink('flaky'), /module not found/)
    fail = false
    assert.equal(await registry.loadSink('flaky'), createNopSink)
  })

  it('checks a built-in connector at rule create without loading it, and loads it when the rule starts', async () => {
    const registry = new ConnectorRegistry()
    assert.throws(() => registry.validateSink('rest', {}, env), CONFIG_ERROR(/rest sink is missing property url/))
    assert.throws(() => registry.sink('rest'), { code: 'INTERNAL' })
    assert.equal(typeof (await registry.loadSink('rest')), 'function')
    assert.equal(typeof (await registry.loadSource('MQTT')), 'function')
    assert.equal(typeof registry.source('mqtt'), 'function')
  })

  it('gives a factory registered directly (plugins, Engine options) at once', () => {
    const registry = new ConnectorRegistry({})
    registry.registerSink('plugged', createNopSink)
    assert.equal(registry.sink('plugged'), createNopSink)
  })
})

describe('Engine rule check', () => {
  it('refuses a rule whose action lacks a required property and registers nothing', async () => {
    const engine = new Engine({ logger: silentLogger })
    engine.createStream('CREATE STREAM demo (x BIGINT) WITH (DATASOURCE="demo", TYPE="memory")')
    const rule = { id: 'r', sql: 'SELECT x FROM demo', actions: [{ log: {} }, { rest: {} }] }
    assert.throws(() => engine.checkRule(rule), CONFIG_ERROR(/rest sink is missing property url/))
    await assert.rejects(engine.createRule(rule), CONFIG_ERROR(/rest sink is missing property url/))
    assert.deepEqual(engine.ruleIds(), [])
  })

  it('refuses an invalid dataTemplate at creation', async () => {
    const engine = new Engine({ logger: silentLogger })
    engine.createStream('CREATE STREAM demo (x BIGINT) WITH (DATASOURCE="demo", TYPE="memory")')
    const actions = [{ log: { dataTemplate: '{{.x' } }]
    await assert.rejects(engine.createRule({ id: 'r', sql: 'SELECT x FROM demo', actions }), /property dataTemplate/)
    assert.deepEqual(engine.ruleIds(), [])
  })

  it('checks a source with the conf profile it would open with', async () => {
    const engine = new Engine({ logger: silentLogger })
    engine.createStream('CREATE STREAM rnd () WITH (TYPE="random")')
    await assert.rejects(
      engine.createRule({ id: 'r', sql: 'SELECT * FROM rnd', actions: [{ nop: {} }] }),
      CONFIG_ERROR(/random source is missing property interval/),
    )
    assert.deepEqual(engine.ruleIds(), [])
  })
})
