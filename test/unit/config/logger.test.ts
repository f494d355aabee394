import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { connectorLogger, createKuiperLogger } from '../../../src/config/logger.js'
import { logrusLine, rfc3339Local } from '../../../src/config/logrus-text.js'

function tempLogDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'kuiper-log-')), 'log')
}

const BASE = { debug: false, consoleLog: false, fileLog: true, rotateTime: 24, maxAge: 72 }

/** 1.0's logrus line: time="<RFC 3339>" level=<level> msg=<quoted message> then the sorted fields. */
const LOGRUS_TIME = /^time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)"/

describe('kuiperd logger', () => {
  it("writes 1.0's logrus text lines to log/stream.log by default, debug lines only with debug", async () => {
    const logDir = tempLogDir()
    const log = createKuiperLogger({ ...BASE, logDir })
    log.logger.info('rule r1 started')
    log.logger.child({ rule: 'r1', connector: 'mqtt' }).warn('connection lost')
    log.logger.debug('not written')
    await log.flush()
    assert.deepEqual(readdirSync(logDir), ['stream.log'])
    const lines = readFileSync(join(logDir, 'stream.log'), 'utf8').trim().split('\n')
    assert.equal(lines.length, 2)
    assert.match(lines[0]!, LOGRUS_TIME)
    assert.match(lines[0]!, /^time="[^"]+" level=info msg="rule r1 started"$/)
    assert.match(lines[1]!, /^time="[^"]+" level=warning msg="connection lost" connector=mqtt rule=r1$/)
    const dbg = createKuiperLogger({ ...BASE, logDir, debug: true, rotateTime: 0 })
    dbg.logger.debug('now written')
    await dbg.flush()
    assert.match(readFileSync(join(logDir, 'stream.log'), 'utf8'), /level=debug msg="now written"/)
  })

  it('writes one JSON object a line with logFormat json', async () => {
    const logDir = tempLogDir()
    const log = createKuiperLogger({ ...BASE, logDir, format: 'json' })
    log.logger.info('rule r1 started')
    await log.flush()
    const lines = readFileSync(join(logDir, 'stream.log'), 'utf8').trim().split('\n')
    assert.equal(lines.length, 1)
    const entry = JSON.parse(lines[0]!) as { level: number; msg: string; time: string; pid: number }
    assert.equal(entry.msg, 'rule r1 started')
    assert.equal(entry.level, 30)
    assert.equal(entry.pid, process.pid)
  })

  it('has a file-only logger for lines printed on stdout as they are', async () => {
    const logDir = tempLogDir()
    const log = createKuiperLogger({ ...BASE, logDir, consoleLog: true })
    log.fileLogger.info('banner')
    await log.flush()
    assert.match(readFileSync(join(logDir, 'stream.log'), 'utf8'), /msg=banner\n$/)
    const noFile = createKuiperLogger({ ...BASE, fileLog: false, consoleLog: true, logDir })
    assert.equal(noFile.fileLogger.level, 'silent')
  })

  it("gives connectors children with their bindings, a child's child adding to them, made on first use", async () => {
    const logDir = tempLogDir()
    const log = createKuiperLogger({ ...BASE, logDir })
    let children = 0
    const child = log.logger.child.bind(log.logger)
    log.logger.child = ((...args: Parameters<typeof child>) => {
      children++
      return child(...args)
    }) as typeof log.logger.child
    const connectors = connectorLogger(log.logger)
    const ruleLog = connectors.child!({ rule: 'r1', connector: 'mqtt' })
    const quiet = connectors.child!({ rule: 'r2', connector: 'nop' })
    const nested = ruleLog.child!({ connector: 'edgex', node: 'source' })
    assert.notEqual(quiet, undefined)
    assert.equal(children, 0, 'no pino child before a line is logged')
    ruleLog.warn('connection lost')
    ruleLog.info('connected')
    nested.error('bad envelope')
    ruleLog.debug('dropped: debug is off')
    connectors.info('no bindings')
    await log.flush()
    assert.equal(children, 2, 'one pino child per logger that logged, made once')
    const lines = readFileSync(join(logDir, 'stream.log'), 'utf8').trim().split('\n')
    assert.deepEqual(
      lines.map((l) => l.replace(/^time="[^"]+" /, '')),
      [
        'level=warning msg="connection lost" connector=mqtt rule=r1',
        'level=info msg=connected connector=mqtt rule=r1',
        'level=error msg="bad envelope" connector=edgex node=source rule=r1',
        'level=info msg="no bindings"',
      ],
    )
  })

  it('is silent with neither console nor file log', async () => {
    const log = createKuiperLogger({ ...BASE, fileLog: false, logDir: '/nonexistent' })
    assert.equal(log.logger.level, 'silent')
    await log.flush()
  })
})

describe('logrus text lines', () => {
  it('quotes as Go does only the values with characters outside [A-Za-z0-9-._/@^+]', () => {
    const line = logrusLine(
      JSON.stringify({ level: 50, time: 0, pid: 1, msg: 'a "b"\\c\n', rule: 'r_1', n: 3, ok: true, o: { a: 1 } }),
    )
    assert.equal(
      line,
      `time="${rfc3339Local(new Date(0))}" level=error msg="a \\"b\\"\\\\c\\n" n=3 o="{\\"a\\":1}" ok=true rule=r_1\n`,
    )
  })

  it('names the levels as logrus does and passes a line that is not JSON through', () => {
    const levels = [10, 20, 30, 40, 50, 60].map(
      (level) => /level=(\w+)/.exec(logrusLine(JSON.stringify({ level })))![1],
    )
    assert.deepEqual(levels, ['trace', 'debug', 'info', 'warning', 'error', 'fatal'])
    assert.equal(logrusLine('plain'), 'plain\n')
  })

  it("formats the time as Go's RFC 3339 in local time", () => {
    const d = new Date(Date.UTC(2020, 9, 10, 10, 10, 10))
    const text = rfc3339Local(d)
    assert.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/)
    assert.equal(new Date(text).getTime(), d.getTime())
  })
})
