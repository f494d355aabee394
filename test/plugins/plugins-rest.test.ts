// Plugins installed, used, upgraded and removed through the REST API of a real kuiperd, from the example plugins
// of plugins/examples zipped by scripts/zip-plugins.ts.

import assert from 'node:assert/strict'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'
import { EXAMPLES_DIR, zipExamples, zipFolder } from '../../scripts/zip-plugins.js'
import { ROOT, TEST_CONFIG, http, startKuiperd, tempBase } from '../server/kuiperd-process.js'
import type { HttpResult, Kuiperd } from '../server/kuiperd-process.js'
import { rawZip } from './raw-zip.js'
import { eventually, fileLines, logText } from './wait.js'

const MAX_ARCHIVE = 200_000
const MAX_EXTRACTED = 1_000_000
const CONFIG = `${TEST_CONFIG}plugins:
  maxArchiveBytes: ${MAX_ARCHIVE}
  maxExtractedBytes: ${MAX_EXTRACTED}
  allowLocalUrls: true
`

let k: Kuiperd
let base: string
let work: string
let zips: Record<string, string>
const call = (method: string, path: string, body?: unknown): Promise<HttpResult> => http(k.url, method, path, body)
const fileUrl = (p: string): string => pathToFileURL(p).href

function message(r: HttpResult): string {
  return (r.json() as { message: string }).message
}

/** The JSON rows of the lines a lineFile sink wrote (each line: one JSON array of rows). */
function rowsOf(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return []
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .flatMap((l) => JSON.parse(l) as Record<string, unknown>[])
}

async function install(kind: string, name: string, zip: string, shellParas?: string[]): Promise<HttpResult> {
  return call('POST', `/plugins/${kind}`, { name, file: fileUrl(zip), ...(shellParas ? { shellParas } : {}) })
}

/** A plugin folder written from `files` and zipped. */
async function pluginZip(name: string, files: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(work, `${name}-`))
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text)
  return zipFolder(dir, join(work, `${name}-${Date.now()}.zip`))
}

function manifest(name: string, kind: string, version: string, functions?: unknown[]): string {
  return JSON.stringify({ name, kind, version, entry: 'index.js', ...(functions ? { functions } : {}) })
}

before(async () => {
  base = tempBase()
  work = mkdtempSync(join(tmpdir(), 'kuiper-plugins-'))
  zips = await zipExamples(join(work, 'examples'))
  k = await startKuiperd({ base, config: CONFIG })
})
after(async () => {
  await k?.stop()
})

describe('plugins over REST', () => {
  it('installs the example plugins from file URLs, lists and describes them', async () => {
    for (const key of Object.keys(zips)) {
      const [kind, name] = key.split('/') as [string, string]
      const r = await install(kind, name, zips[key]!, kind === 'sinks' ? ['alpha', 'beta'] : undefined)
      assert.equal(r.status, 201, r.text)
      assert.equal(r.text, `${kind} plugin ${name} is created (version 1.0.0).`)
    }
    assert.deepEqual((await call('GET', '/plugins/functions')).json(), ['accumulateWordCount', 'countPlusOne', 'echo'])
    assert.deepEqual((await call('GET', '/plugins/sources')).json(), ['random', 'seededRandom', 'zmq'])
    assert.deepEqual((await call('GET', '/plugins/sinks')).json(), ['file', 'influx', 'lineFile', 'tdengine', 'zmq'])
    const d = (await call('GET', '/plugins/functions/countPlusOne')).json() as Record<string, unknown>
    assert.equal(d['version'], '1.0.0')
    assert.equal(d['builtin'], false)
    assert.deepEqual(d['functions'], [{ name: 'countPlusOne', kind: 'aggregate' }])
    // install.sh ran with the shellParas, its output in the log
    await eventually('install.sh output in the log', () =>
      /install.sh: lineFile install.sh called with 2 parameter\(s\): alpha beta/.test(logText(base)) ? true : undefined,
    )
    // the source's yaml went to etc/sources (1.0's place)
    assert.ok(existsSync(join(base, 'etc', 'sources', 'seededrandom.yaml')))
    const again = await install('functions', 'echo', zips['functions/echo']!)
    assert.equal(again.status, 400)
    assert.match(message(again), /already installed .*PUT \/plugins\/functions\/echo/)
  })

  it('runs a rule with the plugin source, functions and sink (1.0 TestExtensions)', async () => {
    const out = join(work, 'ext.txt')
    assert.equal(
      (
        await call('POST', '/streams', {
          sql: 'CREATE STREAM ext (count bigint) WITH (DATASOURCE="users", FORMAT="JSON", TYPE="seededRandom", CONF_KEY="ext")',
        })
      ).status,
      201,
    )
    const r = await call('POST', '/rules', {
      id: 'ext1',
      sql: 'SELECT count(echo(count)) as c, echo(count) as e, countPlusOne(count) as p FROM ext where count > 49',
      actions: [{ lineFile: { path: out } }],
    })
    assert.equal(r.status, 201, r.text)
    const rows = await eventually('5 results', () => (rowsOf(out).length >= 5 ? rowsOf(out) : undefined))
    for (const row of rows) {
      assert.equal(row['c'], 1)
      assert.equal(row['p'], 2)
      assert.ok(typeof row['e'] === 'number' && row['e'] > 49 && row['e'] < 1000, JSON.stringify(row))
    }
    assert.ok(new Set(rows.map((x) => x['e'])).size > 1, 'the source emits varying values')
  })

  it('runs 1.0 TestExtensionsRule2: a deduplicating random source gives the plugin functions at most 2 results', async () => {
    const out = join(work, 'ext2.txt')
    // The random source's conf as kuiperd ships it (its dedup section).
    mkdirSync(join(base, 'etc', 'sources'), { recursive: true })
    copyFileSync(join(ROOT, 'etc', 'sources', 'random.yaml'), join(base, 'etc', 'sources', 'random.yaml'))
    await call('POST', '/streams', {
      sql: 'CREATE STREAM ext2 (count bigint) WITH (DATASOURCE="users", FORMAT="JSON", TYPE="random", CONF_KEY="dedup")',
    })
    const r = await call('POST', '/rules', {
      id: 'ext2rule',
      sql: 'SELECT count(echo(count)) as c, echo(count) as e, countPlusOne(count) as p FROM ext2',
      actions: [{ lineFile: { path: out } }],
    })
    assert.equal(r.status, 201, r.text)
    await eventually('a first result', () => (rowsOf(out).length > 0 ? true : undefined))
    // 1.0 checked at most 2 results after a while: the source (interval 100 ms, seed 1) repeats one message, which
    // deduplicate 50 drops; ten more intervals bring nothing new.
    await new Promise((res) => setTimeout(res, 1000))
    const rows = rowsOf(out)
    assert.ok(rows.length >= 1 && rows.length <= 2, JSON.stringify(rows))
    assert.deepEqual(rows[0], { c: 1, e: 50, p: 2 })
    assert.equal((await call('DELETE', '/rules/ext2rule')).status, 200)
  })

  it('keeps a stateful function counting in its rule state', async () => {
    const out = join(work, 'words.txt')
    await call('POST', '/streams', {
      sql: 'CREATE STREAM words (slogan string) WITH (DATASOURCE="w", FORMAT="JSON", TYPE="seededRandom", CONF_KEY="words")',
    })
    const r = await call('POST', '/rules', {
      id: 'words1',
      sql: 'SELECT accumulateWordCount(slogan, " ") as wc FROM words',
      actions: [{ lineFile: { path: out, numbered: true } }],
    })
    assert.equal(r.status, 201, r.text)
    await eventually('4 lines', () => (fileLines(out).length >= 4 ? true : undefined))
    const lines = fileLines(out).slice(0, 4)
    // `<n> [{"wc":<3n>}]`: the sink numbers its lines from its state, the function accumulates 3 words a row
    lines.forEach((l, i) => assert.equal(l, `${i + 1} [{"wc":${3 * (i + 1)}}]`))
  })

  it('contains a plugin function that throws: the rule reports the error and goes on', async () => {
    const zip = await pluginZip('flaky', {
      'manifest.json': manifest('flaky', 'function', '1.0.0', [{ name: 'flaky', kind: 'scalar', args: [1, 1] }]),
      'index.js': 'export function flaky([x]) { if (Number(x) % 2 === 1) throw new Error(`odd ${x}`); return x }\n',
    })
    assert.equal((await install('functions', 'flaky', zip)).status, 201)
    const out = join(work, 'flaky.txt')
    await call('POST', '/rules', {
      id: 'flaky1',
      sql: 'SELECT flaky(count) AS f FROM ext',
      actions: [{ lineFile: { path: out } }],
    })
    const rows = await eventually('odd and even results', () => {
      const rs = rowsOf(out)
      return rs.some((x) => 'error' in x) && rs.some((x) => 'f' in x) ? rs : undefined
    })
    for (const row of rows) {
      if ('error' in row) assert.match(String(row['error']), /call func flaky error: odd \d+/)
      else assert.equal(Number(row['f']) % 2, 0)
    }
    // still running (a running rule's status is its metrics), the errors counted, and later rows still processed
    const status = await call('GET', '/rules/flaky1/status')
    assert.match(status.type, /application\/json/, status.text)
    const metrics = status.json() as Record<string, unknown>
    assert.ok(Number(metrics['op_project_0_exceptions_total']) > 0)
    const seen = rows.length
    await eventually('more results after the errors', () => (rowsOf(out).length > seen ? true : undefined))
  })

  it('upgrades a function plugin while a rule runs: the rule restarts on the new version and says so', async () => {
    const zip = await zipFolder(join(EXAMPLES_DIR, 'functions', 'echo'), join(work, 'echo-v2.zip'), {
      'manifest.json': manifest('echo', 'function', '2.0.0', [{ name: 'echo', kind: 'scalar', args: [1, 1] }]),
      'index.js': 'export function echo(args) { return `v2:${args[0]}` }\n',
    })
    const out = join(work, 'ext.txt')
    const before = rowsOf(out).length
    const r = await call('PUT', '/plugins/functions/echo', { file: fileUrl(zip) })
    assert.equal(r.status, 200, r.text)
    assert.match(r.text, /functions plugin echo is upgraded to version 2\.0\.0\. Rules restarted: ext1\./)
    assert.equal(((await call('GET', '/plugins/functions/echo')).json() as { version: string }).version, '2.0.0')
    const rows = await eventually('results of v2', () => {
      const rs = rowsOf(out).slice(before)
      return rs.some((x) => String(x['e']).startsWith('v2:')) ? rs : undefined
    })
    assert.ok(rows.some((x) => String(x['e']).startsWith('v2:')))
    const status = (await call('GET', '/rules/ext1/status')).json() as Record<string, unknown>
    assert.match(String(status['plugin']), /restarted on functions plugin echo 2\.0\.0 \(upgraded from 1\.0\.0\)/)
    // the rule not using echo was not restarted
    assert.equal(((await call('GET', '/rules/words1/status')).json() as Record<string, unknown>)['plugin'], undefined)
    // one version folder is left
    assert.equal(
      readdirSync(join(k.dataDir, 'plugins', 'functions', 'echo')).filter((f) => f !== 'current.json').length,
      1,
    )
  })

  it('downloads an archive over http when the config allows local URLs', async () => {
    const body = readFileSync(zips['functions/countPlusOne']!)
    const server: Server = createServer((req, res) => {
      if (req.url === '/moved.zip') res.writeHead(302, { location: '/countPlusOne.zip' }).end()
      else res.writeHead(200, { 'content-type': 'application/zip' }).end(body)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const port = (server.address() as { port: number }).port
      const upgraded = await call('PUT', '/plugins/functions/countPlusOne', {
        file: `http://127.0.0.1:${port}/moved.zip`,
      })
      assert.equal(upgraded.status, 200, upgraded.text)
      assert.match(upgraded.text, /Rules restarted: ext1\./)
    } finally {
      server.close()
    }
  })

  it('refuses unsafe archives with 400 and leaves nothing installed', async () => {
    const good = { 'manifest.json': manifest('bad', 'function', '1.0.0', [{ name: 'bad', kind: 'scalar' }]) }
    const js = 'export function bad(a) { return a[0] }\n'
    const cases: [string, Buffer | string, string, RegExp][] = [
      [
        'dotdot',
        rawZip([
          { name: 'manifest.json', data: good['manifest.json'] },
          { name: '../escape.js', data: js },
        ]),
        'functions',
        /leaves the plugin folder/,
      ],
      [
        'absolute',
        rawZip([
          { name: 'manifest.json', data: good['manifest.json'] },
          { name: '/tmp/abs.js', data: js },
        ]),
        'functions',
        /absolute path/,
      ],
      [
        'symlink',
        rawZip([
          { name: 'manifest.json', data: good['manifest.json'] },
          { name: 'index.js', data: '/etc/passwd', mode: 0o120777 },
        ]),
        'functions',
        /symbolic link/,
      ],
      [
        'big',
        rawZip([
          { name: 'manifest.json', data: good['manifest.json'] },
          { name: 'blob.bin', data: Buffer.alloc(MAX_ARCHIVE + 1, 7) },
        ]),
        'functions',
        /larger than 200000 bytes \(plugins.maxArchiveBytes\)/,
      ],
      [
        'name',
        rawZip([
          { name: 'manifest.json', data: manifest('other', 'function', '1.0.0', [{ name: 'other' }]) },
          { name: 'index.js', data: js },
        ]),
        'functions',
        /names the plugin other, the request bad/,
      ],
      [
        'kind',
        rawZip([
          { name: 'manifest.json', data: manifest('bad', 'sink', '1.0.0') },
          { name: 'index.js', data: js },
        ]),
        'functions',
        /its kind is sink, the request installs a function/,
      ],
      [
        'noentry',
        rawZip([{ name: 'manifest.json', data: good['manifest.json'] }]),
        'functions',
        /entry module index.js is not in the archive/,
      ],
      [
        'builtin',
        rawZip([
          { name: 'manifest.json', data: manifest('bad', 'function', '1.0.0', [{ name: 'abs' }]) },
          { name: 'index.js', data: 'export function abs() { return 1 }\n' },
        ]),
        'functions',
        /function abs of plugin bad is a built-in function/,
      ],
      ['notzip', 'this is not a zip', 'functions', /unsafe plugin archive/],
    ]
    for (const [label, data, kind, why] of cases) {
      const path = join(work, `unsafe-${label}.zip`)
      writeFileSync(path, data)
      const r = await install(kind, 'bad', path)
      assert.equal(r.status, 400, `${label}: ${r.text}`)
      assert.match(message(r), why, label)
      assert.equal(existsSync(join(k.dataDir, 'plugins', kind, 'bad')), false, label)
    }
    // unpacked size: compresses well below the archive cap, unpacks above plugins.maxExtractedBytes
    const bomb = await pluginZip('bomb', { ...good, 'index.js': js, 'zeros.txt': '0'.repeat(MAX_EXTRACTED + 1) })
    const r = await install('functions', 'bad', bomb)
    assert.equal(r.status, 400)
    assert.match(message(r), /more than 1000000 bytes \(plugins.maxExtractedBytes\)/)
    // install.sh failing refuses the install
    const failing = await install(
      'sinks',
      'lineFile2',
      await zipFolder(join(EXAMPLES_DIR, 'sinks', 'lineFile'), join(work, 'lf2.zip'), {
        'manifest.json': manifest('lineFile2', 'sink', '1.0.0'),
      }),
      ['fail'],
    )
    assert.equal(failing.status, 400)
    assert.match(message(failing), /install.sh exited with 3: .*refusing the install as asked/)
    assert.equal(existsSync(join(k.dataDir, 'plugins', 'sinks', 'lineFile2')), false)
    assert.deepEqual((await call('GET', '/plugins/functions')).json(), [
      'accumulateWordCount',
      'countPlusOne',
      'echo',
      'flaky',
    ])
    assert.deepEqual(readdirSync(join(k.dataDir, 'plugins', '.staging')), [])
  })

  it('removes a sink plugin at once: the rules using it stop and say why', async () => {
    const zip = await zipFolder(join(EXAMPLES_DIR, 'sinks', 'lineFile'), join(work, 'lf3.zip'), {
      'manifest.json': manifest('lineFile3', 'sink', '1.0.0'),
    })
    assert.equal((await install('sinks', 'lineFile3', zip)).status, 201)
    const out = join(work, 'lf3.txt')
    await call('POST', '/rules', { id: 'lf3', sql: 'SELECT count FROM ext', actions: [{ lineFile3: { path: out } }] })
    await eventually('a line', () => (rowsOf(out).length > 0 ? true : undefined))
    const r = await call('DELETE', '/plugins/sinks/lineFile3')
    assert.equal(r.status, 200, r.text)
    assert.equal(r.text, 'sinks plugin lineFile3 is deleted. Rules restarted without it: lf3.')
    const status = (await call('GET', '/rules/lf3/status')).text
    assert.match(status, /^Stopped: .*lineFile3.* \(stopped: sinks plugin lineFile3 was removed at .*\)$/)
    assert.equal((await call('GET', '/plugins/sinks/lineFile3')).status, 404)
    assert.equal(existsSync(join(k.dataDir, 'plugins', 'sinks', 'lineFile3')), false)
  })
})
