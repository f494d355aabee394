// Plugins with `"isolation": "worker"` installed through the REST API of a real kuiperd (fixtures in
// test/plugins/fixtures): a function that loops forever, a sink that hangs and a source that crashes are each ended
// and reported, while the rule, its other sinks and kuiperd go on.

import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'
import { EXAMPLES_DIR, zipFolder } from '../../scripts/zip-plugins.js'
import { TEST_CONFIG, http, startKuiperd, tempBase } from '../server/kuiperd-process.js'
import type { HttpResult, Kuiperd } from '../server/kuiperd-process.js'
import { eventually, fileLines, logText } from './wait.js'

const FIXTURES = join(import.meta.dirname, 'fixtures')
const CONFIG = `${TEST_CONFIG}plugins:
  allowLocalUrls: true
`

let k: Kuiperd
let base: string
let work: string
const call = (method: string, path: string, body?: unknown): Promise<HttpResult> => http(k.url, method, path, body)

async function install(kind: string, name: string, folder: string): Promise<void> {
  const zip = await zipFolder(folder, join(work, `${kind}-${name}.zip`))
  const r = await call('POST', `/plugins/${kind}`, { name, file: pathToFileURL(zip).href })
  assert.equal(r.status, 201, r.text)
}

async function metrics(rule: string): Promise<Record<string, unknown>> {
  const r = await call('GET', `/rules/${rule}/status`)
  assert.match(r.type, /application\/json/, r.text)
  return r.json() as Record<string, unknown>
}

/** The rows of the JSON arrays a lineFile sink wrote, one array a line. */
function rowsOf(path: string): Record<string, unknown>[] {
  return fileLines(path).flatMap((l) => JSON.parse(l.replace(/^\d+ /, '')) as Record<string, unknown>[])
}

before(async () => {
  base = tempBase()
  work = mkdtempSync(join(tmpdir(), 'kuiper-isolation-'))
  k = await startKuiperd({ base, config: CONFIG })
  await install('sources', 'seededRandom', join(EXAMPLES_DIR, 'sources', 'seededRandom'))
  await install('sinks', 'lineFile', join(EXAMPLES_DIR, 'sinks', 'lineFile'))
  const r = await call('POST', '/streams', {
    sql: 'CREATE STREAM ext (count bigint) WITH (DATASOURCE="users", FORMAT="JSON", TYPE="seededRandom", CONF_KEY="ext")',
  })
  assert.equal(r.status, 201, r.text)
})
after(async () => {
  await k?.stop()
})

describe('plugins isolated in worker threads', () => {
  it('ends a function call that never returns: the row gets the error, later rows are processed', async () => {
    await install('functions', 'stall', join(FIXTURES, 'functions', 'stall'))
    const out = join(work, 'stall.txt')
    const r = await call('POST', '/rules', {
      id: 'stall1',
      sql: 'SELECT count, stall(count) AS s, tally() AS t FROM ext',
      actions: [{ lineFile: { path: out } }],
    })
    assert.equal(r.status, 201, r.text)
    // A hang costs its row, not the rule: results after the first timed-out call are computed again.
    const rows = await eventually('results after a timed-out call', () => {
      const rs = rowsOf(out)
      const firstError = rs.findIndex((x) => 'error' in x)
      return firstError >= 0 && rs.slice(firstError).filter((x) => 's' in x).length >= 3 ? rs : undefined
    })
    for (const row of rows) {
      // (a call right after a timeout may also find the next worker still booting on a loaded machine)
      if ('error' in row) assert.match(String(row['error']), /call func (stall|tally) error: function plugin stall: /)
      else assert.equal(row['s'], Number(row['count']) * 10)
    }
    assert.ok(rows.some((x) => /did not return within 500 ms; its worker was stopped/.test(String(x['error']))))
    // tally() counts in the rule's state, kept in kuiperd: it goes on across the workers without restarting at 1.
    const tallies = rows.filter((x) => 't' in x).map((x) => Number(x['t']))
    assert.deepEqual(
      tallies,
      [...tallies].sort((a, b) => a - b),
    )
    assert.ok(new Set(tallies).size === tallies.length && tallies.at(-1)! >= tallies.length, String(tallies))
    const m = await metrics('stall1')
    assert.ok(Number(m['op_project_0_exceptions_total']) > 0, JSON.stringify(m))
    assert.equal((await call('GET', '/rules/stall1/status')).status, 200)
    assert.equal((await call('POST', '/rules/stall1/stop')).status, 200)
  })

  it('ends a sink worker that hangs: the sink counts the error and writes later results, other sinks go on', async () => {
    await install('sinks', 'stallSink', join(FIXTURES, 'sinks', 'stallSink'))
    const hanging = join(work, 'stall-sink.txt')
    const other = join(work, 'other-sink.txt')
    const r = await call('POST', '/rules', {
      id: 'sink1',
      sql: 'SELECT count, count % 4 = 0 AS hang FROM ext',
      actions: [{ stallSink: { path: hanging, retryInterval: 0 } }, { lineFile: { path: other } }],
    })
    assert.equal(r.status, 201, r.text)
    await eventually('the hanging sink writes after a hang', () => {
      const all = rowsOf(other)
      const firstHang = all.findIndex((x) => x['hang'] === true)
      if (firstHang < 0) return undefined
      const later = new Set(all.slice(firstHang + 1).map((x) => x['count']))
      const written = rowsOf(hanging)
      return written.length > firstHang && written.slice(firstHang).some((x) => later.has(x['count']))
        ? true
        : undefined
    })
    // Each line the hanging sink wrote has no hang row, and its numbering (the sink's state) goes on across workers.
    const lines = fileLines(hanging)
    lines.forEach((l, i) => assert.ok(l.startsWith(`${i + 1} `), l))
    assert.ok(rowsOf(hanging).every((x) => x['hang'] === false))
    const m = await metrics('sink1')
    const exceptions = Object.entries(m).filter(([key]) => /^sink_stallSink_0_0_exceptions_total$/.test(key))
    assert.ok(exceptions.length === 1 && Number(exceptions[0]![1]) > 0, JSON.stringify(m))
    assert.match(logText(base), /stallSink \(worker\) did not answer collect within 500 ms: it was stopped/)
    assert.equal((await call('POST', '/rules/sink1/stop')).status, 200)
  })

  it('restarts a crashed source worker with backoff, rewound, its state kept', async () => {
    await install('sources', 'crashy', join(FIXTURES, 'sources', 'crashy'))
    await call('POST', '/streams', {
      sql: 'CREATE STREAM crashes () WITH (DATASOURCE="x", FORMAT="JSON", TYPE="crashy")',
    })
    const out = join(work, 'crashy.txt')
    const r = await call('POST', '/rules', {
      id: 'crash1',
      sql: 'SELECT n, opens FROM crashes',
      actions: [{ lineFile: { path: out } }],
    })
    assert.equal(r.status, 201, r.text)
    const rows = await eventually('rows of a third worker', () =>
      rowsOf(out).some((x) => Number(x['opens']) >= 3) ? rowsOf(out) : undefined,
    )
    // n goes on where the crashed worker stopped: no gap, no repeat.
    assert.deepEqual(
      rows.map((x) => x['n']),
      rows.map((_, i) => i),
    )
    const m = await metrics('crash1')
    assert.ok(Number(m['source_crashes_0_exceptions_total']) >= 2, JSON.stringify(m))
    assert.match(String(m['source_crashes_0_last_exception']), /crashy: boom/)
    assert.match(logText(base), /source plugin crashy: .*crashy: boom; a new worker starts in 2000 ms/)
    assert.equal((await call('POST', '/rules/crash1/stop')).status, 200)
    assert.ok(existsSync(out) && readFileSync(out, 'utf8').length > 0)
  })
})
