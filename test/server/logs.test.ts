// What kuiperd says about itself: the banner once, addresses as listened on, and log/stream.log in 1.0's logrus text
// lines by default or JSON lines with basic.logFormat: json.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { TEST_CONFIG, freePort, http, startKuiperd } from './kuiperd-process.js'

function logLines(base: string): string[] {
  return readFileSync(join(base, 'log', 'stream.log'), 'utf8')
    .trim()
    .split('\n')
}

function count(text: string, re: RegExp): number {
  return [...text.matchAll(new RegExp(re.source, 'gm'))].length
}

describe('kuiperd logs', () => {
  it("prints the banner once with consoleLog, and writes 1.0's text lines to the console and log/stream.log", async () => {
    const k = await startKuiperd({ env: { KUIPER__BASIC__CONSOLELOG: 'true' } })
    await http(k.url, 'POST', '/streams', { sql: 'CREATE STREAM s () WITH (DATASOURCE="s", TYPE="memory")' })
    await http(k.url, 'POST', '/rules', { id: 'r1', sql: 'SELECT * FROM s', actions: [{ nop: {} }] })
    assert.equal(await k.stop(), 0)
    assert.equal(count(k.output(), /Serving kuiper/), 1, k.output())
    assert.match(k.output(), /^Serving kuiper \(version - [\w.-]+\), and restful api on http:\/\/127\.0\.0\.1:\d+\.$/m)
    assert.match(k.output(), /^time="[^"]+" level=info msg="Rule r1 is created\."$/m)
    const lines = logLines(k.base)
    for (const line of lines) assert.match(line, /^time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)" level=\w+ /)
    assert.equal(lines.filter((l) => /msg="Serving kuiper \(version - /.test(l)).length, 1)
    assert.ok(lines.some((l) => / level=info msg="kuiperd stopped"$/.test(l)))
  })

  it('writes JSON lines with basic.logFormat json', async () => {
    const k = await startKuiperd({ env: { KUIPER__BASIC__LOGFORMAT: 'json' } })
    assert.equal(await k.stop(), 0)
    const entries = logLines(k.base).map((l) => JSON.parse(l) as { level: number; msg: string; pid: number })
    assert.ok(entries.some((e) => e.level === 30 && e.msg.startsWith('Serving kuiper (version - ')))
    assert.ok(entries.every((e) => e.pid === k.proc.pid))
  })

  it('names the address the Prometheus server listens on', async () => {
    const port = await freePort()
    const k = await startKuiperd({
      config: TEST_CONFIG.replace('prometheus: false', `prometheus: true\n  prometheusPort: ${port}`),
      env: { KUIPER__BASIC__RESTIP: '0.0.0.0' },
    })
    try {
      assert.equal((await http(`http://127.0.0.1:${port}`, 'GET', '/metrics')).status, 200)
      assert.match(k.output(), /restful api on http:\/\/0\.0\.0\.0:\d+\.$/m)
    } finally {
      assert.equal(await k.stop(), 0)
    }
    const line = logLines(k.base).find((l) => l.includes('prometheus'))
    assert.match(line ?? '', new RegExp(`msg="Serving prometheus metrics on http://0\\.0\\.0\\.0:${port}/metrics"$`))
  })
})
