// The Kubernetes tool against a real kuiperd, with command files added and changed while it runs: order, history,
// re-application of changed files only, restarts, failing commands, and a kuiperd that comes up after the tool.

import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { readFileSync, rmSync, statSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, http, startKuiperd, TEST_CONFIG } from '../server/kuiperd-process.js'
import type { Kuiperd } from '../server/kuiperd-process.js'
import { createRule, createStream, runTool, workspace, writeCommands, writeText } from './harness.js'

const mtimeSecond = (path: string): number => Math.floor(statSync(path).mtimeMs / 1000)

describe('kuiper-kubernetes-tool against a running kuiperd', () => {
  let kuiperd: Kuiperd
  const cleanup: string[] = []

  before(async () => {
    kuiperd = await startKuiperd()
  })

  after(async () => {
    await kuiperd.stop()
    rmSync(kuiperd.base, { recursive: true, force: true })
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true })
  })

  it('applies new files in name order, records them in .history, and re-applies a changed file once', async () => {
    const ws = workspace()
    cleanup.push(ws.root)
    // Written in the reverse of name order: the rule needs the stream, so only name order works.
    writeCommands(ws.commandDir, '20-rule.json', [createRule('order_r1', 'order_s1')])
    writeCommands(ws.commandDir, '10-stream.json', [createStream('order_s1')])
    const run = runTool(ws, kuiperd.url)
    try {
      const events = run.events
      const ruleApplied = await events.next(
        '20-rule.json applied',
        (e) => e.kind === 'file-applied' && e.file === '20-rule.json',
      )
      const streamApplied = events.all.findIndex((e) => e.kind === 'file-applied' && e.file === '10-stream.json')
      assert.ok(streamApplied >= 0 && streamApplied < ruleApplied, 'the stream file is applied before the rule file')
      assert.deepEqual(
        events.commands('20-rule.json').map((c) => c.outcome.kind),
        ['ok'],
      )
      assert.equal((await http(kuiperd.url, 'GET', '/rules/order_r1')).status, 200)

      const history = JSON.parse(readFileSync(ws.historyPath, 'utf8')) as unknown
      assert.deepEqual(history, [
        { name: '10-stream.json', loadTime: mtimeSecond(join(ws.commandDir, '10-stream.json')) },
        { name: '20-rule.json', loadTime: mtimeSecond(join(ws.commandDir, '20-rule.json')) },
      ])

      // The changed file runs again from its first command: order_r1 exists (refused, logged), order_r2 is created.
      const before = events.all.length
      writeCommands(ws.commandDir, '20-rule.json', [
        createRule('order_r1', 'order_s1'),
        createRule('order_r2', 'order_s1'),
      ])
      await events.next(
        '20-rule.json applied again',
        (e) => e.kind === 'file-applied' && e.file === '20-rule.json',
        before,
      )
      assert.equal((await http(kuiperd.url, 'GET', '/rules/order_r2')).status, 200)
      const again = events.commands('20-rule.json').slice(1)
      assert.deepEqual(
        again.map((c) => c.outcome.kind),
        ['rejected', 'ok'],
      )
      const refused = again[0]!.outcome
      assert.ok(refused.kind === 'rejected' && refused.status === 400, JSON.stringify(refused))

      await events.scans(3)
      assert.equal(events.applied('10-stream.json').length, 1, 'the unchanged file is applied once')
      assert.equal(events.applied('20-rule.json').length, 2, 'the changed file is applied once more')
      const entry = (JSON.parse(readFileSync(ws.historyPath, 'utf8')) as { name: string; loadTime: number }[]).find(
        (e) => e.name === '20-rule.json',
      )
      assert.equal(entry?.loadTime, mtimeSecond(join(ws.commandDir, '20-rule.json')))
    } finally {
      await run.stop()
    }
  })

  it('does not re-apply the files of its history after a restart, and applies a file added while it runs', async () => {
    const ws = workspace()
    cleanup.push(ws.root)
    writeCommands(ws.commandDir, 'a.json', [createStream('restart_s1')])
    const first = runTool(ws, kuiperd.url)
    try {
      await first.events.next('a.json applied', (e) => e.kind === 'file-applied' && e.file === 'a.json')
    } finally {
      await first.stop()
    }

    const second = runTool(ws, kuiperd.url)
    try {
      await second.events.scans(3)
      assert.equal(second.events.applied('a.json').length, 0, 'a.json is in the history: not applied again')
      writeCommands(ws.commandDir, 'b.json', [createStream('restart_s2')])
      await second.events.next('b.json applied', (e) => e.kind === 'file-applied' && e.file === 'b.json')
      assert.equal((await http(kuiperd.url, 'GET', '/streams/restart_s2')).status, 200)
      await second.events.scans(2)
      assert.equal(second.events.applied('b.json').length, 1)
      assert.equal(second.events.applied('a.json').length, 0)
      assert.deepEqual(
        (JSON.parse(readFileSync(ws.historyPath, 'utf8')) as { name: string }[]).map((e) => e.name),
        ['a.json', 'b.json'],
      )
    } finally {
      await second.stop()
    }
  })

  it('logs a failing command and goes on with the next command and the next file', async () => {
    const ws = workspace()
    cleanup.push(ws.root)
    writeCommands(ws.commandDir, '10-bad.json', [
      { url: '/streams', method: 'post', description: 'bad sql', data: { sql: 'CREATE STREAM broken (' } },
      createStream('fail_s1'),
    ])
    writeText(ws.commandDir, '20-not-json.json', '{"commands": [')
    writeCommands(ws.commandDir, '30-typo.json', [{ url: '/streams', method: 'patch' }, createStream('fail_never')])
    writeCommands(ws.commandDir, '40-good.json', [createStream('fail_s2')])
    const run = runTool(ws, kuiperd.url, { fileLog: true })
    try {
      const events = run.events
      await events.next('40-good.json applied', (e) => e.kind === 'file-applied' && e.file === '40-good.json')
      const bad = events.commands('10-bad.json')
      assert.equal(bad.length, 2)
      assert.ok(bad[0]!.outcome.kind === 'rejected' && bad[0]!.outcome.status === 400, JSON.stringify(bad[0]))
      assert.equal(bad[1]!.outcome.kind, 'ok')
      const invalid = events.all.filter((e) => e.kind === 'file-invalid')
      assert.deepEqual(
        invalid.map((e) => (e.kind === 'file-invalid' ? e.file : '')),
        ['20-not-json.json', '30-typo.json'],
      )
      assert.match(
        (invalid[1] as { message: string }).message,
        /commands\[0\]\.method: must be one of GET, POST, PUT, DELETE/,
      )
      assert.equal(events.commands('30-typo.json').length, 0, 'a file with a bad command runs none of its commands')
      for (const s of ['fail_s1', 'fail_s2'])
        assert.equal((await http(kuiperd.url, 'GET', `/streams/${s}`)).status, 200)
      assert.equal((await http(kuiperd.url, 'GET', '/streams/fail_never')).status, 404)

      // Invalid files are recorded too: they wait for a change instead of failing on every scan.
      await events.scans(2)
      assert.equal(events.all.filter((e) => e.kind === 'file-invalid').length, 2)

      const log = readFileSync(ws.logPath, 'utf8')
      const bin = `${kuiperd.url}/streams:post`
      assert.match(
        log,
        new RegExp(
          `level=error msg="${escape(bin)} resp:(?:[^"\\\\]|\\\\.)+" description="bad sql" file=10-bad.json status=400`,
        ),
      )
      assert.match(
        log,
        new RegExp(`level=info msg="${escape(bin)} resp:Stream fail_s1 is created\\." description="create fail_s1"`),
      )
      assert.match(log, /level=error msg="load command file 20-not-json\.json: not JSON: [^"]+" file=20-not-json\.json/)
      assert.match(log, /level=info msg="Applied 10-bad\.json: 2 commands, 1 failed\." file=10-bad\.json/)
    } finally {
      await run.stop()
    }
  })
})

describe('kuiper-kubernetes-tool and a slow or late kuiperd', () => {
  it('ends a file at a command that times out, and still applies the next file', async () => {
    // A server that answers /slow after the tool's timeout, and everything else at once.
    const server: Server = createServer((req, res) => {
      const reply = (): void => {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.end(`done ${req.method} ${req.url}`)
      }
      if (req.url === '/slow') setTimeout(reply, 2000)
      else reply()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as { port: number }).port
    const ws = workspace()
    writeCommands(ws.commandDir, '1.json', [
      { url: '/slow', method: 'get' },
      { url: '/after-slow', method: 'get' },
    ])
    writeCommands(ws.commandDir, '2.json', [{ url: '/next-file', method: 'get' }])
    const run = runTool(ws, `http://127.0.0.1:${port}`, { timeoutMs: 200 })
    try {
      await run.events.next('2.json applied', (e) => e.kind === 'file-applied' && e.file === '2.json')
      const first = run.events.applied('1.json')[0]
      assert.ok(first?.kind === 'file-applied')
      assert.deepEqual([first.commands, first.failures, first.skipped], [2, 1, 1])
      assert.deepEqual(
        run.events.commands('1.json').map((c) => [c.command.url, c.outcome.kind]),
        [['/slow', 'failed']],
      )
      assert.deepEqual(
        run.events.commands('2.json').map((c) => (c.outcome.kind === 'ok' ? c.outcome.body : c.outcome.kind)),
        ['done GET /next-file'],
      )
    } finally {
      await run.stop()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      rmSync(ws.root, { recursive: true, force: true })
    }
  })

  it('sends data with POST and PUT only, and applies a file dated in the future without waiting for that time', async () => {
    const seen: string[] = []
    const server: Server = createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => (body += d.toString()))
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`)
        res.end('ok')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as { port: number }).port
    const ws = workspace()
    writeCommands(ws.commandDir, 'future.json', [
      { url: '/a', method: 'get', data: { ignored: true } },
      { url: '/b', method: 'put', data: { x: 1 } },
      { url: '/c', method: 'delete', data: { ignored: true } },
      { url: '/d', method: 'post' },
    ])
    const inAnHour = new Date(Date.now() + 3_600_000)
    utimesSync(join(ws.commandDir, 'future.json'), inAnHour, inAnHour)
    const run = runTool(ws, `http://127.0.0.1:${port}`)
    try {
      const applied = await run.events.next('future.json applied', (e) => e.kind === 'file-applied', 0, 5000)
      const event = run.events.all[applied]!
      assert.ok(event.kind === 'file-applied' && event.failures === 0)
      assert.equal(event.loadTime, Math.floor(inAnHour.getTime() / 1000))
      assert.deepEqual(seen, ['GET /a ', 'PUT /b {"x":1}', 'DELETE /c ', 'POST /d '])
    } finally {
      await run.stop()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      rmSync(ws.root, { recursive: true, force: true })
    }
  })

  it('retries with a growing, bounded delay while kuiperd is down and applies the file once it starts', async () => {
    const port = await freePort()
    const ws = workspace()
    writeCommands(ws.commandDir, 'late.json', [createStream('late_s1'), createRule('late_r1', 'late_s1')])
    const retry = { initialMs: 40, maxMs: 160 }
    const run = runTool(ws, `http://127.0.0.1:${port}`, { retry })
    let kuiperd: Kuiperd | undefined
    try {
      const events = run.events
      await events.next('5th unreachable', (e) => e.kind === 'kuiperd-unreachable' && e.attempt === 5)
      const waits = events.all.flatMap((e) => (e.kind === 'kuiperd-unreachable' ? [e.retryInMs] : []))
      const expected = waits.map((_, i) => Math.min(retry.maxMs, retry.initialMs * 2 ** i))
      assert.deepEqual(waits, expected)
      assert.ok(waits.at(-1) === retry.maxMs, `the delay stops growing at maxMs: ${waits.join(', ')}`)
      assert.equal(events.commands('late.json').length, 0)
      assert.throws(() => readFileSync(ws.historyPath, 'utf8'), /ENOENT/, 'nothing is recorded while kuiperd is down')

      kuiperd = await startKuiperd({ config: TEST_CONFIG.replace('restPort: 0', `restPort: ${port}`) })
      await events.next('late.json applied', (e) => e.kind === 'file-applied' && e.file === 'late.json', 0, 30_000)
      assert.deepEqual(
        events.commands('late.json').map((c) => c.outcome.kind),
        ['ok', 'ok'],
      )
      assert.equal((await http(kuiperd.url, 'GET', '/rules/late_r1')).status, 200)
      await events.scans(2)
      assert.equal(events.applied('late.json').length, 1)
    } finally {
      await run.stop()
      if (kuiperd !== undefined) {
        await kuiperd.stop()
        rmSync(kuiperd.base, { recursive: true, force: true })
      }
      rmSync(ws.root, { recursive: true, force: true })
    }
  })
})

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
