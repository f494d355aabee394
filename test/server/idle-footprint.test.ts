// An idle kuiperd loads no connector library it does not use (issue 11: an idle kuiperd is small): mqtt.js, the
// embedded broker (aedes), ioredis, ZeroMQ and prom-client are loaded when a stream, rule or setting first needs
// them, and so is the implementation of every built-in connector (only their declarations are loaded at start). A
// preload writes the npm packages and our modules a kuiperd process loaded. And its resident set stays within what
// was reached (docs/performance.md, "Idle footprint").

import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, describe, it } from 'node:test'
import mqtt from 'mqtt'
import { http, ROOT, startKuiperd, tempBase } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'
import { MQTT_SERVER, MQTT_URL } from '../services.js'
import { waitFor } from '../connectors/sink-helpers.js'

const PRELOAD = pathToFileURL(join(ROOT, 'test', 'fixtures', 'preload', 'report-packages.mjs')).href
/**
 * Libraries of connectors and optional features, none of which an idle kuiperd uses: yauzl (plugin archives) and
 * jsonpath-plus (json_path functions) too, and no schema compiler (ajv).
 */
const ON_DEMAND = ['aedes', 'ajv', 'ioredis', 'jsonpath-plus', 'mqtt', 'prom-client', 'yauzl', 'zeromq']
const RUN = `kuiper-idle-${process.pid}-${Date.now()}`

let kuiperd: Kuiperd | undefined
after(async () => {
  await kuiperd?.stop('SIGKILL')
})

interface Loaded {
  /** The npm packages whose CommonJS modules were loaded. */
  readonly packages: readonly string[]
  /** The modules of connector implementations loaded (`mqtt/source.js`): dist/connectors/<connector>/, declarations left out. */
  readonly connectorImplementations: readonly string[]
}

/**
 * A connector's declaration, which start-up loads for the rule-create checks and /metadata: its properties.ts and
 * config modules (as .dependency-cruiser.cjs names them), and the memory topics every Engine has.
 */
const DECLARATION =
  /^(?:[^/]+\/(?:properties|config|[a-z]+-config)|mqtt\/(?:options|source-settings|topic-filter|kubeedge)|memory\/pubsub|shared\/.*)\.js$/

/** Starts kuiperd with the preload; `run` uses it; returns what it had loaded when it exited. */
async function loadedBy(run: (k: Kuiperd) => Promise<void>): Promise<Loaded> {
  const base = tempBase()
  mkdirSync(join(base, 'etc'), { recursive: true })
  writeFileSync(join(base, 'etc', 'mqtt_source.yaml'), `default:\n  servers: ["${MQTT_SERVER}"]\n`)
  const packages = join(base, 'packages.txt')
  const modules = join(base, 'modules.txt')
  kuiperd = await startKuiperd({
    base,
    env: {
      NODE_OPTIONS: `--import ${PRELOAD}`,
      KUIPER_TEST_PACKAGES_FILE: packages,
      KUIPER_TEST_MODULES_FILE: modules,
    },
  })
  await run(kuiperd)
  assert.equal(await kuiperd.stop(), 0)
  kuiperd = undefined
  const connectorsDir = pathToFileURL(join(ROOT, 'dist', 'connectors')).href + '/'
  const connectorModules = readFileSync(modules, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith(connectorsDir))
    .map((url) => url.slice(connectorsDir.length))
  // The list is real: every kuiperd loads the connector declarations.
  assert.ok(connectorModules.includes('mqtt/properties.js'), connectorModules.join(' '))
  return {
    packages: readFileSync(packages, 'utf8').split('\n'),
    connectorImplementations: connectorModules.filter((m) => m.includes('/') && !DECLARATION.test(m)).sort(),
  }
}

/**
 * Bounds of an idle kuiperd's resident set (MB), 3 s after it answers, as `npm run bench` reads it. Measured with
 * Node 20 on x86-64 (median of 5): 64.5 MB in all, 22.8 MB of it anonymous (the V8 heap, malloc; the rest is the node
 * binary's pages and libraries). zod on the start path again would add 7 MB of it, fastify in place of node:http and find-my-way 2 MB;
 * without the start-up hold of V8's optimizing compiler or of the young generation it grows by 5 to 11 MB; every
 * connector library loaded adds to it as well.
 */
const IDLE_RSS_MAX_MB = 72
const IDLE_ANON_MAX_MB = 28

function residentMB(pid: number): { readonly rss: number; readonly anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN)
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 }
}

describe('idle kuiperd', { timeout: 60_000 }, () => {
  it(`stays within ${IDLE_RSS_MAX_MB} MB of RSS, ${IDLE_ANON_MAX_MB} MB of it anonymous`, async () => {
    const k = (kuiperd = await startKuiperd())
    let resident
    try {
      // What start-up left behind settles (the bench reads it 3 s after /ping too).
      await sleep(3000)
      resident = residentMB(k.proc.pid!)
    } finally {
      kuiperd = undefined
      assert.equal(await k.stop(), 0)
    }
    const { rss, anon } = resident
    assert.ok(Number.isFinite(rss) && Number.isFinite(anon), 'the resident set is read from /proc')
    assert.ok(anon <= IDLE_ANON_MAX_MB, `anonymous RSS ${anon.toFixed(1)} MB > ${IDLE_ANON_MAX_MB} MB`)
    assert.ok(rss <= IDLE_RSS_MAX_MB, `RSS ${rss.toFixed(1)} MB > ${IDLE_RSS_MAX_MB} MB`)
  })

  it('loads no connector implementation or library until a rule uses one, and the first rule on MQTT works', async () => {
    const idle = await loadedBy(async () => {})
    // What every kuiperd needs is there: the list is real.
    for (const p of ['better-sqlite3', 'find-my-way', 'pino']) {
      assert.ok(idle.packages.includes(p), `${p} in ${idle.packages.join(' ')}`)
    }
    assert.deepEqual(
      ON_DEMAND.filter((p) => idle.packages.includes(p)),
      [],
    )
    assert.deepEqual(idle.connectorImplementations, [])

    const withRule = await loadedBy(async (k) => {
      const stream = `CREATE STREAM demo (n BIGINT) WITH (DATASOURCE="${RUN}/in", TYPE="mqtt", FORMAT="json")`
      assert.equal((await http(k.url, 'POST', '/streams', { sql: stream })).status, 201)
      const rule = { id: 'r1', sql: 'SELECT n FROM demo', actions: [{ nop: {} }] }
      const created = await http(k.url, 'POST', '/rules', rule)
      assert.equal(created.status, 201, created.text)
      const publisher = await mqtt.connectAsync(MQTT_URL)
      try {
        await waitFor(
          async () => {
            await publisher.publishAsync(`${RUN}/in`, JSON.stringify({ n: 1 }), { qos: 1 })
            const status = (await http(k.url, 'GET', '/rules/r1/status')).json() as Record<string, unknown>
            return Number(status['sink_nop_0_0_records_in_total']) > 0
          },
          'a message through the first MQTT rule',
          20_000,
        )
      } finally {
        await publisher.endAsync()
      }
    })
    assert.deepEqual(
      ON_DEMAND.filter((p) => withRule.packages.includes(p)),
      ['mqtt'],
    )
    // The rule's source and sink were loaded on their first use, and nothing of the other connectors.
    for (const m of ['mqtt/source.js', 'nop/sink.js']) {
      assert.ok(withRule.connectorImplementations.includes(m), `${m} in ${withRule.connectorImplementations.join(' ')}`)
    }
    assert.deepEqual(
      withRule.connectorImplementations.filter((m) => !/^(mqtt|nop)\//.test(m)),
      [],
    )
  })
})
