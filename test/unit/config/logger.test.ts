import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { createKuiperLogger } from '../../../src/config/logger.js'

describe('kuiperd logger', () => {
  it('writes JSON lines to log/stream.log at info level, debug lines only with debug', async () => {
    const logDir = join(mkdtempSync(join(tmpdir(), 'kuiper-log-')), 'log')
    const opts = { debug: false, consoleLog: false, fileLog: true, logDir, rotateTime: 24, maxAge: 72 }
    const log = createKuiperLogger(opts)
    log.logger.info('rule r1 started')
    log.logger.debug('not written')
    await log.flush()
    assert.deepEqual(readdirSync(logDir), ['stream.log'])
    const lines = readFileSync(join(logDir, 'stream.log'), 'utf8').trim().split('\n')
    assert.equal(lines.length, 1)
    const entry = JSON.parse(lines[0]!) as { level: number; msg: string; time: string }
    assert.equal(entry.msg, 'rule r1 started')
    assert.equal(entry.level, 30)
    const dbg = createKuiperLogger({ ...opts, debug: true, rotateTime: 0 })
    dbg.logger.debug('now written')
    await dbg.flush()
    assert.match(readFileSync(join(logDir, 'stream.log'), 'utf8'), /now written/)
  })

  it('is silent with neither console nor file log', async () => {
    const log = createKuiperLogger({
      debug: false,
      consoleLog: false,
      fileLog: false,
      logDir: '/nonexistent',
      rotateTime: 24,
      maxAge: 72,
    })
    assert.equal(log.logger.level, 'silent')
    await log.flush()
  })
})
