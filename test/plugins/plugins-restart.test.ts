// Installed plugins survive a restart of kuiperd, and rules using them come back with them; DELETE with
// restart=1 (1.0) removes the plugin and stops kuiperd.

import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, describe, it } from 'node:test'
import { zipExamples } from '../../scripts/zip-plugins.js'
import { http, startKuiperd, tempBase } from '../server/kuiperd-process.js'
import type { Kuiperd } from '../server/kuiperd-process.js'
import { eventually, fileLines } from './wait.js'

let k: Kuiperd | undefined
after(async () => {
  await k?.stop()
})

describe('plugins across a restart of kuiperd', () => {
  it('keeps installed plugins and their rules; DELETE ?restart=1 removes one and stops kuiperd', async () => {
    const base = tempBase()
    const work = mkdtempSync(join(tmpdir(), 'kuiper-plugins-restart-'))
    const zips = await zipExamples(join(work, 'zips'))
    k = await startKuiperd({ base })
    const call = (m: string, p: string, b?: unknown) => http(k!.url, m, p, b)
    for (const [key, zip] of Object.entries(zips)) {
      const [kind, name] = key.split('/') as [string, string]
      const r = await call('POST', `/plugins/${kind}`, { name, file: pathToFileURL(zip).href })
      assert.equal(r.status, 201, r.text)
    }
    await call('POST', '/streams', {
      sql: 'CREATE STREAM ext (count bigint) WITH (DATASOURCE="x", FORMAT="JSON", TYPE="seededRandom", CONF_KEY="ext")',
    })
    const out = join(work, 'out.txt')
    const rule = await call('POST', '/rules', {
      id: 'r1',
      sql: 'SELECT echo(count) AS e FROM ext',
      actions: [{ lineFile: { path: out } }],
    })
    assert.equal(rule.status, 201, rule.text)
    await eventually('a result', () => (fileLines(out).length > 0 ? true : undefined))

    const del = await call('DELETE', '/plugins/functions/countPlusOne?restart=1')
    assert.equal(del.status, 200, del.text)
    assert.equal(del.text, 'functions plugin countPlusOne is deleted. Kuiper will be stopped.')
    assert.equal(await eventually('kuiperd to exit', () => k!.proc.exitCode ?? undefined), 0)

    k = await startKuiperd({ base })
    const again = (m: string, p: string) => http(k!.url, m, p)
    assert.deepEqual((await again('GET', '/plugins/functions')).json(), ['accumulateWordCount', 'echo'])
    assert.deepEqual((await again('GET', '/plugins/sources')).json(), ['random', 'seededRandom', 'zmq'])
    assert.deepEqual((await again('GET', '/plugins/sinks')).json(), ['file', 'influx', 'lineFile', 'tdengine', 'zmq'])
    // the rule was restored with its plugins and writes again
    const before = fileLines(out).length
    await eventually('new results after the restart', () => (fileLines(out).length > before ? true : undefined))
    const status = (await again('GET', '/rules/r1/status')).json() as Record<string, unknown>
    assert.equal(status['source_ext_0_exceptions_total'], 0)
  })
})
