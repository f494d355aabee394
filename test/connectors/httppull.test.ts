// HTTP pull source through the Engine against HTTP(S) servers started by the test; the pull interval runs on
// the engine's ManualClock.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { ConnectorLogger } from '../../src/connectors/api.js'
import { ManualClock } from '../../src/core/manual-clock.js'
import { Engine } from '../../src/index.js'
import { recorder, tempEtc, waitFor } from './edgex-helpers.js'

const TLS_DIR = join(fileURLToPath(import.meta.url), '../../fixtures/tls')

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage['headers']
  readonly body: string
}

/** A server answering each request with the next of `answers` (the last one repeats); records requests. */
class PullServer {
  readonly seen: Seen[] = []
  answers: { status?: number; body: string; delayMs?: number }[] = []
  url = ''
  private server: Server | undefined

  async start(tls = false): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        this.seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        })
        const a = this.answers.length > 1 ? this.answers.shift()! : (this.answers[0] ?? { body: '{}' })
        const reply = (): void =>
          void res.writeHead(a.status ?? 200, { 'Content-Type': 'application/json' }).end(a.body)
        if (a.delayMs !== undefined) setTimeout(reply, a.delayMs)
        else reply()
      })
    }
    this.server = tls
      ? createHttpsServer(
          {
            cert: readFileSync(join(TLS_DIR, 'localhost-cert.pem')),
            key: readFileSync(join(TLS_DIR, 'localhost-key.pem')),
          },
          handler,
        )
      : createServer(handler)
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r))
    const addr = this.server.address()
    if (addr === null || typeof addr === 'string') throw new Error('no address')
    this.url = `${tls ? 'https' : 'http'}://127.0.0.1:${addr.port}/pull`
  }

  close(): Promise<void> {
    this.server?.closeAllConnections()
    return new Promise((r) => (this.server === undefined ? r() : this.server.close(() => r())))
  }
}

const warnings: string[] = []
const logger: ConnectorLogger = {
  debug: () => {},
  info: () => {},
  warn: (m: string) => void warnings.push(m),
  error: (m: string) => void warnings.push(m),
}

/** An engine on a ManualClock whose httppull.yaml default section is `conf` (YAML flow values). */
async function withEngine(conf: string, fn: (engine: Engine, clock: ManualClock) => Promise<void>): Promise<void> {
  const etc = tempEtc('httppull', `default:\n${conf}\n`)
  const clock = new ManualClock(0)
  const engine = new Engine({ clock, logger, sourceProfiles: etc.profiles })
  try {
    await fn(engine, clock)
  } finally {
    await engine.close()
    etc.remove()
  }
}

describe('HTTP pull source', () => {
  const srv = new PullServer()
  before(() => srv.start())
  after(() => srv.close())

  it('pulls every interval with method, body, bodyType and headers, emitting the JSON answer', async () => {
    srv.seen.length = 0
    srv.answers = [{ body: '{"temperature": 20, "ok": true}' }, { body: '{"temperature": 21}' }]
    const conf = `  url: ${srv.url}\n  method: post\n  interval: 1000\n  body: '{"q": 1}'\n  bodyType: json\n  headers:\n    Accept: application/json\n    X-Token: 42`
    await withEngine(conf, async (engine, clock) => {
      engine.createStream('CREATE STREAM pull () WITH (FORMAT="JSON", TYPE="httppull")')
      const rec = recorder()
      await engine.createRule({ id: 'p', sql: 'SELECT * FROM pull', actions: [rec.action] })
      await clock.advance(999)
      assert.equal(srv.seen.length, 0, 'the first request waits one interval')
      await clock.advance(1)
      await waitFor(() => rec.rows.length === 1, 'the first answer')
      await clock.advance(1000)
      await waitFor(() => rec.rows.length === 2, 'the second answer')
      assert.deepEqual(rec.rows, [{ temperature: 20, ok: true }, { temperature: 21 }])
      const [first] = srv.seen
      assert.equal(first?.method, 'POST')
      assert.equal(first?.url, '/pull')
      assert.equal(first?.body, '{"q": 1}')
      assert.equal(first?.headers['content-type'], 'application/json')
      assert.equal(first?.headers['accept'], 'application/json')
      assert.equal(first?.headers['x-token'], '42')
    })
  })

  it('skips an unchanged answer in incremental mode', async () => {
    srv.seen.length = 0
    srv.answers = [{ body: '{"v": 1}' }, { body: '{"v": 1}' }, { body: '{"v": 2}' }]
    await withEngine(`  url: ${srv.url}\n  interval: 100\n  incremental: true`, async (engine, clock) => {
      engine.createStream('CREATE STREAM pull () WITH (TYPE="httppull")')
      const rec = recorder()
      await engine.createRule({ id: 'inc', sql: 'SELECT v FROM pull', actions: [rec.action] })
      // A tick while the previous answer is still being read is skipped: tick until three requests were served.
      await waitFor(() => {
        void clock.advance(100)
        return srv.seen.length >= 3
      }, 'three requests')
      await waitFor(() => rec.rows.length === 2, 'the changed answer')
      assert.deepEqual(rec.rows, [{ v: 1 }, { v: 2 }])
      assert.equal(srv.seen[0]?.method, 'GET') // the code default when the conf has no method
    })
  })

  it('skips non-2xx answers and timeouts, counts non-object answers as exceptions, and keeps pulling', async () => {
    srv.seen.length = 0
    srv.answers = [
      { status: 500, body: 'boom' },
      { body: 'not json' },
      { body: '[1, 2]' },
      { body: '{"late": true}', delayMs: 400 },
      { body: '[{"i": 1}, {"i": 2}]' },
    ]
    await withEngine(`  url: ${srv.url}\n  interval: 50\n  timeout: 100`, async (engine, clock) => {
      engine.createStream('CREATE STREAM pull () WITH (TYPE="httppull")')
      const rec = recorder()
      await engine.createRule({ id: 'bad', sql: 'SELECT i FROM pull', actions: [rec.action] })
      for (let i = 1; rec.rows.length < 2 && i <= 20; i++) {
        await clock.advance(50)
        await new Promise((r) => setTimeout(r, i === 4 ? 150 : 20))
      }
      await waitFor(() => rec.rows.length === 2, 'the array answer')
      assert.deepEqual(rec.rows, [{ i: 1 }, { i: 2 }])
      const st = engine.ruleStatus('bad')
      assert.equal(st.status, 'Running')
      assert.equal(st.metrics?.['source_pull_0_exceptions_total'], 2)
      assert.ok(warnings.some((w) => /http return code: 500/.test(w)))
      assert.ok(warnings.some((w) => /timed out after 100 ms/.test(w)))
    })
  })

  it('sends a form body built from the JSON body', async () => {
    srv.seen.length = 0
    srv.answers = [{ body: '{}' }]
    await withEngine(
      `  url: ${srv.url}\n  method: PUT\n  interval: 10\n  bodyType: form\n  body: '{"a": "x y", "n": 2, "o": {"k": [1]}}'`,
      async (engine, clock) => {
        engine.createStream('CREATE STREAM pull () WITH (TYPE="httppull")')
        await engine.createRule({ id: 'f', sql: 'SELECT * FROM pull', actions: [{ nop: {} }] })
        await clock.advance(10)
        await waitFor(() => srv.seen.length === 1, 'the request')
        assert.equal(srv.seen[0]?.method, 'PUT')
        assert.equal(srv.seen[0]?.headers['content-type'], 'application/x-www-form-urlencoded;param=value')
        assert.deepEqual(Object.fromEntries(new URLSearchParams(srv.seen[0]?.body)), {
          a: 'x y',
          n: '2',
          o: '{"k":[1]}',
        })
      },
    )
  })

  it('rejects invalid properties at stream create, naming the source and the property', async () => {
    for (const [conf, msg] of [
      ['  method: patch', /httppull source property method must be one of get, post, put, delete, found "patch"/],
      ['  interval: 1.5', /httppull source property interval must be a positive integer, found 1.5/],
      ['  bodyType: yaml', /httppull source property bodyType must be one of none, .*, found "yaml"/],
      ['  incremental: maybe', /httppull source property incremental must be a bool, found "maybe"/],
    ] as const) {
      await withEngine(conf, async (engine) => {
        assert.throws(() => engine.createStream('CREATE STREAM pull () WITH (TYPE="httppull")'), msg)
      })
    }
  })
})

describe('HTTP pull source over HTTPS', () => {
  const srv = new PullServer()
  before(() => srv.start(true))
  after(() => srv.close())

  it('verifies the server certificate unless insecureSkipVerify, and trusts a rootCaPath', async () => {
    srv.answers = [{ body: '{"secure": true}' }]
    const cases: [string, boolean][] = [
      ['', false],
      ['\n  insecureSkipVerify: true', true],
      [`\n  rootCaPath: ${join(TLS_DIR, 'localhost-cert.pem')}`, true],
    ]
    for (const [extra, ok] of cases) {
      srv.seen.length = 0
      warnings.length = 0
      await withEngine(`  url: ${srv.url}\n  interval: 10${extra}`, async (engine, clock) => {
        engine.createStream('CREATE STREAM pull () WITH (TYPE="httppull")')
        const rec = recorder()
        await engine.createRule({ id: 's', sql: 'SELECT * FROM pull', actions: [rec.action] })
        await clock.advance(10)
        if (ok) {
          await waitFor(() => rec.rows.length === 1, 'the answer over TLS')
          assert.deepEqual(rec.rows, [{ secure: true }])
        } else {
          await waitFor(() => warnings.length > 0, 'the certificate error')
          assert.match(warnings[0] ?? '', /self[- ]signed/i)
          assert.equal(rec.rows.length, 0)
        }
      })
    }
  })
})
