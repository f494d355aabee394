// The kuiper CLI run as a user would, against a real kuiperd: 1.0's output texts, exit codes and one-line errors.

import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { EXAMPLES_DIR, zipFolder } from '../../scripts/zip-plugins.js'
import type { CliResult, Kuiperd } from './harness.js'
import { freePort, kuiper, startKuiperd, until } from './harness.js'

const DASHES = '-'.repeat(80)

function ok(r: CliResult, port: number): string {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`)
  assert.equal(r.stderr, '')
  const connecting = `Connecting to 127.0.0.1:${port}... \n`
  assert.ok(r.stdout.startsWith(connecting), r.stdout)
  return r.stdout.slice(connecting.length)
}

function failed(r: CliResult, code: number): string {
  assert.equal(r.code, code, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`)
  assert.match(r.stderr, /^[^\n]+\n$/, 'one line on stderr')
  return r.stderr.trimEnd()
}

describe('kuiper CLI without a server', () => {
  it('prints the help and exits 0', async () => {
    const r = await kuiper(['--help'])
    assert.equal(r.code, 0)
    assert.match(r.stdout, /The command line tool for EMQ X Kuiper\./)
    for (const verb of [
      'create',
      'describe',
      'show',
      'drop',
      'start',
      'stop',
      'restart',
      'getstatus',
      'gettopo',
      'query',
    ])
      assert.match(r.stdout, new RegExp(`\\n  ${verb} `))
  })

  it('prints the help of a verb with `help VERB` and `VERB NOUN --help`', async () => {
    const [a, b] = await Promise.all([kuiper(['help', 'getstatus']), kuiper(['create', 'rule', '--help'])])
    assert.equal(a.code, 0)
    assert.match(a.stdout, /getstatus rule \$rule_name/)
    assert.equal(b.code, 0)
    assert.match(b.stdout, /-f, --file <file> +the location of rule definition file/)
  })

  it('prints the version', async () => {
    const r = await kuiper(['--version'])
    assert.equal(r.code, 0)
    assert.match(r.stdout, /^Kuiper version \d+\.\d+\.\d+/)
  })

  it('exits 3 with 1.0 text when kuiperd is not running', async () => {
    const port = await freePort()
    const r = await kuiper(['show', 'streams', '--port', String(port)])
    assert.equal(r.stdout, `Connecting to 127.0.0.1:${port}... \n`)
    assert.equal(failed(r, 3), 'Failed to connect the server, please start the server.')
  })

  it("hints at kuiperd's REST port when client.yaml still names 1.0's RPC port", async () => {
    const r = await kuiper(['show', 'rules'], { env: { CLIENT__BASIC__PORT: '20498' } })
    assert.match(failed(r, 3), /^Failed to connect the server, please start the server\. Port 20498 was the RPC port/)
  })

  it('exits 2 on bad usage, before connecting', async () => {
    const cases: [string[], string | undefined][] = [
      [['describe', 'rule'], 'Expect rule name.'],
      [['show', 'plugins', 'functions'], 'Invalid plugin type functions, should be "source", "sink" or "function".'],
      [['drop', 'plugin', 'sink', 'file'], 'Expect s to be a boolean value.'],
      [['create', 'rule', 'r1'], 'Expect rule name and json. But found 1 args:[r1].'],
      [
        ['create', 'rule', 'r1', '-f', '/nonexistent/rule.json'],
        'The specified rule defenition file /nonexistent/rule.json is not existed.',
      ],
      [
        ['create', 'rule', 'r1', '{"id":"r2","sql":"SELECT * FROM demo","actions":[{"log":{}}]}'],
        'Create rule error : Name is not consistent with rule id.',
      ],
      [['frobnicate'], undefined],
      [['--output', 'yaml', 'show', 'streams'], undefined],
    ]
    // Independent runs: in parallel, to keep the suite short.
    const results = await Promise.all(cases.map(([args]) => kuiper(args)))
    cases.forEach(([args, message], i) => {
      const r = results[i] as CliResult
      if (message === undefined) assert.equal(r.code, 2, args.join(' '))
      else {
        assert.equal(r.stdout, '', args.join(' '))
        assert.equal(failed(r, 2), message)
      }
    })
  })
})

describe('kuiper CLI against kuiperd', () => {
  let d: Kuiperd
  let work: string
  const topic = `kuiper/cli/test/${process.pid}/${Date.now()}`
  /** Runs kuiper with the client.yaml written for this kuiperd (found through KuiperBaseKey, as 1.0 does). */
  const run = (...args: string[]): Promise<CliResult> => kuiper(args, { env: { KuiperBaseKey: d.clientBase } })

  before(async () => {
    d = await startKuiperd()
    work = mkdtempSync(join(tmpdir(), 'kuiper-cli-files-'))
  })
  after(async () => {
    await d?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  it('manages streams with 1.0 texts', async () => {
    assert.equal(ok(await run('show', 'streams'), d.port), 'No stream definitions are found.\n')
    assert.equal(
      ok(
        await run(
          'create',
          'stream',
          'demo',
          `(temperature float, humidity bigint) WITH (FORMAT="JSON", DATASOURCE="${topic}")`,
        ),
        d.port,
      ),
      'Stream demo is created.\n',
    )
    const file = join(work, 'stream.txt')
    writeFileSync(
      file,
      `my_stream (id bigint, name string, tags array(string), addr struct(street string, no bigint)) WITH (DATASOURCE="${topic}/2", FORMAT="json")`,
    )
    assert.equal(
      ok(await run('create', 'stream', '-f', file), d.port),
      `Creating a new stream from file ${file}.\nStream my_stream is created.\n`,
    )
    assert.equal(
      ok(await run('describe', 'stream', 'demo'), d.port),
      `Fields\n${DASHES}\ntemperature\tfloat\nhumidity\tbigint\n\nDATASOURCE: ${topic}\nFORMAT: JSON\n`,
    )
    assert.equal(
      ok(await run('describe', 'stream', 'my_stream'), d.port),
      `Fields\n${DASHES}\nid\tbigint\nname\tstring\ntags\tarray(string)\naddr\tstruct(street string, no bigint)\n\n` +
        `DATASOURCE: ${topic}/2\nFORMAT: json\n`,
    )
    const names = ok(await run('show', 'streams'), d.port)
      .trimEnd()
      .split('\n')
      .sort()
    assert.deepEqual(names, ['demo', 'my_stream'])
  })

  it('reports stream errors on one line with exit 1', async () => {
    let r = await run('create', 'stream', 'demo', `(temperature float) WITH (DATASOURCE="${topic}")`)
    assert.match(failed(r, 1), /demo already exists/)
    r = await run('describe', 'stream', 'nosuch')
    assert.match(failed(r, 1), /nosuch is not found/)
    r = await run('create', 'stream', 'bad', '(temperature floaty) WITH (DATASOURCE="x")')
    assert.equal(r.code, 1)
    r = await run('drop', 'stream', 'nosuch')
    assert.match(failed(r, 1), /nosuch is not found/)
  })

  it('prints tables and raw JSON on request', async () => {
    const table = ok(
      await kuiper(['-o', 'table', 'describe', 'stream', 'demo'], { env: { KuiperBaseKey: d.clientBase } }),
      d.port,
    )
    assert.match(table, /^Stream demo\n\nFIELD {8}TYPE\n-{11} {2}-{6}\ntemperature {2}float\nhumidity {5}bigint\n/)
    const json = await kuiper(['--output', 'json', 'describe', 'stream', 'demo'], {
      env: { KuiperBaseKey: d.clientBase },
    })
    assert.equal(json.code, 0)
    const value = JSON.parse(json.stdout) as { Name: string; Options: Record<string, string> }
    assert.equal(value.Name, 'demo')
    assert.equal(value.Options['DATASOURCE'], topic)
  })

  it('runs a rule through its whole life with 1.0 texts', async () => {
    assert.equal(ok(await run('show', 'rules'), d.port), 'No rule definitions are found.\n')
    const rule = JSON.stringify({ sql: 'SELECT temperature FROM demo WHERE temperature > 20', actions: [{ log: {} }] })
    assert.equal(
      ok(await run('create', 'rule', 'rule1', rule), d.port),
      "Rule rule1 was created successfully, please use 'bin/kuiper getstatus rule rule1' command to get rule status.\n",
    )
    const file = join(work, 'rule.json')
    writeFileSync(file, JSON.stringify({ id: 'rule2', sql: 'SELECT * FROM demo', actions: [{ nop: {} }] }, null, 2))
    assert.equal(
      ok(await run('create', 'rule', 'rule2', '-f', file), d.port),
      `Creating a new rule from file ${file}.\n` +
        "Rule rule2 was created successfully, please use 'bin/kuiper getstatus rule rule2' command to get rule status.\n",
    )

    const described = ok(await run('describe', 'rule', 'rule1'), d.port)
    assert.match(described, /^\{\n {2}"/, 'indented JSON')
    const def = JSON.parse(described) as { id: string; sql: string }
    assert.equal(def.id, 'rule1')
    assert.equal(def.sql, 'SELECT temperature FROM demo WHERE temperature > 20')

    const shown = ok(await run('show', 'rules'), d.port)
    assert.deepEqual(JSON.parse(shown), [
      { id: 'rule1', status: 'Running' },
      { id: 'rule2', status: 'Running' },
    ])
    assert.match(shown, /^\[\n {2}\{\n {4}"id": "rule1",\n {4}"status": "Running"\n {2}\},/)

    const status = JSON.parse(ok(await run('getstatus', 'rule', 'rule1'), d.port)) as Record<string, unknown>
    assert.equal(status['source_demo_0_records_in_total'], 0)
    assert.ok('sink_log_0_0_records_out_total' in status, Object.keys(status).join(' '))

    const topo = ok(await run('gettopo', 'rule', 'rule1'), d.port)
    assert.deepEqual(JSON.parse(topo), {
      sources: ['source_demo'],
      edges: {
        source_demo: ['op_preprocessor_demo'],
        op_preprocessor_demo: ['op_filter'],
        op_filter: ['op_project'],
        op_project: ['sink_log_0'],
      },
    })

    assert.equal(ok(await run('stop', 'rule', 'rule1'), d.port), 'Rule rule1 was stopped.\n')
    assert.equal(ok(await run('getstatus', 'rule', 'rule1'), d.port), 'Stopped: canceled manually or by error.\n')
    assert.equal(ok(await run('start', 'rule', 'rule1'), d.port), 'Rule rule1 was started\n')
    assert.equal(ok(await run('restart', 'rule', 'rule1'), d.port), 'Rule rule1 was restarted.\n')
    const table = ok(await kuiper(['show', 'rules', '-o', 'table'], { env: { KuiperBaseKey: d.clientBase } }), d.port)
    assert.equal(table, 'ID     STATUS\n-----  -------\nrule1  Running\nrule2  Running\n')

    assert.equal(ok(await run('drop', 'rule', 'rule1'), d.port), 'Rule rule1 is dropped.\n')
    assert.equal(ok(await run('drop', 'rule', 'rule2'), d.port), 'Rule rule2 is dropped.\n')
    assert.equal(ok(await run('show', 'rules'), d.port), 'No rule definitions are found.\n')
  })

  it('reports rule errors on one line with exit 1', async () => {
    const verbs = ['describe', 'drop', 'start', 'stop', 'restart', 'getstatus', 'gettopo']
    const results = await Promise.all(verbs.map((verb) => run(verb, 'rule', 'nosuch')))
    results.forEach((r, i) => assert.match(failed(r, 1), /nosuch is not found/, verbs[i]))
    let r = await run('create', 'rule', 'bad', JSON.stringify({ sql: 'SELECT FROM', actions: [{ log: {} }] }))
    failed(r, 1)
    r = await run('create', 'rule', 'bad', JSON.stringify({ sql: 'SELECT * FROM nosuch', actions: [{ log: {} }] }))
    assert.match(failed(r, 1), /nosuch/)
    r = await run('create', 'rule', 'bad', '{"sql": ')
    assert.match(failed(r, 2), /^Create rule error : Parse rule \{"sql": error : /)
    assert.equal(ok(await run('show', 'rules'), d.port), 'No rule definitions are found.\n', 'nothing half-created')
  })

  it("handles plugins as 1.0 words them, listing 1.0's plugins as built in", async () => {
    const lists = await Promise.all(['source', 'sink', 'function'].map((type) => run('show', 'plugins', type)))
    assert.deepEqual(
      lists.map((r) => ok(r, d.port)),
      ['random\nzmq\n', 'file\ninflux\ntdengine\nzmq\n', 'No plugin is found.\n'],
    )
    const version = ((await (await fetch(d.url + '/')).json()) as { version: string }).version
    let r = await run('describe', 'plugin', 'source', 'random')
    assert.deepEqual(JSON.parse(ok(r, d.port)), { name: 'random', version, builtin: true })
    r = await run('drop', 'plugin', 'sink', 'influx', '-s', 'false')
    assert.equal(failed(r, 1), 'sinks plugin influx is built in and cannot be dropped.')
    r = await run('describe', 'plugin', 'sink', 'nosuch')
    assert.match(failed(r, 1), /nosuch/)
    r = await run('drop', 'plugin', 'sink', 'nosuch', '-s', 'false')
    assert.match(failed(r, 1), /nosuch/)
    r = await run('create', 'plugin', 'sink', 'file', '{"file":"http://127.0.0.1:1/file.zip"}')
    assert.equal(r.code, 1)
    r = await run('create', 'plugin', 'sink', 'file', '{}')
    assert.equal(failed(r, 2), 'Create plugin error: Missing plugin file url.')
  })

  it('installs, lists, describes and drops a JavaScript plugin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuiper-cli-plugin-'))
    const zip = await zipFolder(join(EXAMPLES_DIR, 'functions', 'echo'), join(dir, 'echo.zip'))
    const file = pathToFileURL(zip).href
    assert.equal(
      ok(await run('create', 'plugin', 'function', 'echo', JSON.stringify({ file })), d.port),
      'Plugin echo is created.\n',
    )
    assert.equal(ok(await run('show', 'plugins', 'function'), d.port), 'echo\n')
    const described = JSON.parse(ok(await run('describe', 'plugin', 'function', 'echo'), d.port)) as Record<
      string,
      unknown
    >
    assert.equal(described['version'], '1.0.0')
    assert.equal(described['builtin'], false)
    assert.equal(
      ok(await run('drop', 'plugin', 'function', 'echo', '-s', 'false'), d.port),
      'Plugin echo is dropped.\n',
    )
    assert.equal(ok(await run('show', 'plugins', 'function'), d.port), 'No plugin is found.\n')
    rmSync(dir, { recursive: true, force: true })
  })

  it('drops streams', async () => {
    assert.equal(ok(await run('drop', 'stream', 'my_stream'), d.port), 'Stream my_stream is dropped.\n')
    assert.equal(ok(await run('drop', 'stream', 'demo'), d.port), 'Stream demo is dropped.\n')
    assert.equal(ok(await run('show', 'streams'), d.port), 'No stream definitions are found.\n')
  })

  it('takes the host and port from flags over client.yaml', async () => {
    const r = await kuiper(['--host', '127.0.0.1', '--port', String(d.port), 'show', 'streams'])
    assert.equal(ok(r, d.port), 'No stream definitions are found.\n')
    await until('kuiperd still up', async () => ((await fetch(d.url + '/')).ok ? true : undefined))
  })
})
