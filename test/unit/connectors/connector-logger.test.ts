// The Engine's `logger` option: every source and sink of a rule logs through it, bound to `{ rule, connector }`;
// the log sink writes its results there at info level, as 1.0's log sink did through logrus.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Engine } from '../../../src/index.js'
import type { ConnectorLogger } from '../../../src/index.js'

interface Line {
  readonly level: string
  readonly bindings: Readonly<Record<string, string>>
  readonly msg: string
}

function recordingLogger(lines: Line[], bindings: Readonly<Record<string, string>> = {}): ConnectorLogger {
  const at = (level: string) => (msg: string) => void lines.push({ level, bindings, msg })
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (b) => recordingLogger(lines, { ...bindings, ...b }),
  }
}

describe('connector logger', () => {
  it('logs log-sink results at info level, bound to the rule and the connector', async () => {
    const lines: Line[] = []
    const engine = new Engine({ logger: recordingLogger(lines) })
    try {
      engine.createStream('CREATE STREAM demo (t BIGINT) WITH (DATASOURCE="demo", TYPE="memory")')
      await engine.createRule({ id: 'r1', sql: 'SELECT t FROM demo', actions: [{ log: {} }, { nop: { log: true } }] })
      engine.publish('demo', { t: 40n })
      await engine.idle()
      assert.deepEqual(
        lines.filter((l) => l.msg.startsWith('sink result')),
        [
          { level: 'info', bindings: { rule: 'r1', connector: 'log' }, msg: 'sink result for rule r1: [{"t":40}]' },
          { level: 'info', bindings: { rule: 'r1', connector: 'nop' }, msg: 'sink result for rule r1: [{"t":40}]' },
        ],
      )
    } finally {
      await engine.close()
    }
  })

  it('logs the sink pipeline warnings of a rule through the same logger', async () => {
    const lines: Line[] = []
    const engine = new Engine({ logger: recordingLogger(lines) })
    try {
      engine.createStream('CREATE STREAM demo (t BIGINT) WITH (DATASOURCE="demo", TYPE="memory")')
      await engine.createRule({ id: 'r2', sql: 'SELECT t FROM demo', actions: [{ nop: { retryInterval: -5 } }] })
      const warn = lines.find((l) => l.level === 'warn')
      assert.deepEqual(warn?.bindings, { rule: 'r2', connector: 'nop' })
      assert.match(warn?.msg ?? '', /invalid type for retryInterval property/)
    } finally {
      await engine.close()
    }
  })
})
