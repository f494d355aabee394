// zmq source and sink (1.0 sample plugins built in) over real ZeroMQ sockets on loopback.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Publisher } from 'zeromq'
import { Engine, silentLogger } from '../../src/index.js'
import { freePort, recorder, tempEtc, waitFor } from './edgex-helpers.js'

describe('zmq connector', () => {
  it('round-trips rows from a zmq sink (PUB bind) to a zmq source (SUB connect) with the topic as metadata', async () => {
    const server = `tcp://127.0.0.1:${await freePort()}`
    const etc = tempEtc('zmq', `default:\n  server: ${server}\n`)
    const engine = new Engine({ sourceProfiles: etc.profiles })
    try {
      engine.createStream('CREATE STREAM mem (v BIGINT) WITH (DATASOURCE="in", TYPE="memory")')
      await engine.createRule({
        id: 'w',
        sql: 'SELECT v FROM mem',
        actions: [{ zmq: { server, topic: 'tp', sendSingle: true } }],
      })
      engine.createStream('CREATE STREAM z () WITH (DATASOURCE="tp", TYPE="zmq")')
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: 'SELECT v, meta(topic) AS t FROM z', actions: [rec.action] })
      let i = 0
      await waitFor(() => {
        if (rec.rows.length === 0 && i++ % 10 === 0) engine.publish('in', { v: 5n })
        return rec.rows.length > 0
      }, 'a message over ZeroMQ')
      assert.deepEqual(rec.rows[0], { v: 5, t: 'tp' })
    } finally {
      await engine.close()
      etc.remove()
    }
  })

  it('counts non-JSON messages as source exceptions', async () => {
    const server = `tcp://127.0.0.1:${await freePort()}`
    const pub = new Publisher()
    await pub.bind(server)
    const etc = tempEtc('zmq', `default:\n  server: ${server}\n`)
    const warnings: string[] = []
    const logger = { ...silentLogger, warn: (m: string) => void warnings.push(m) }
    const engine = new Engine({ sourceProfiles: etc.profiles, logger })
    try {
      engine.createStream('CREATE STREAM z () WITH (DATASOURCE="", TYPE="zmq")')
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: 'SELECT * FROM z', actions: [rec.action] })
      await waitFor(() => {
        void pub.send('not json')
        void pub.send('{"ok": 1}')
        return rec.rows.length > 0
      }, 'the valid message')
      assert.deepEqual(rec.rows[0], { ok: 1 })
      assert.ok((engine.ruleStatus('r').metrics?.['source_z_0_exceptions_total'] as number) >= 1)
      assert.ok(
        warnings.some((w) => w.startsWith('Invalid data format, cannot decode not json to JSON format with error')),
        warnings.join('\n'),
      )
    } finally {
      await engine.close()
      etc.remove()
      pub.close()
    }
  })

  it('requires the server property', async () => {
    const engine = new Engine()
    engine.createStream('CREATE STREAM mem (v BIGINT) WITH (DATASOURCE="in", TYPE="memory")')
    await assert.rejects(
      engine.createRule({ id: 'w', sql: 'SELECT v FROM mem', actions: [{ zmq: { topic: 'x' } }] }),
      /missing property server/,
    )
    await engine.close()
  })
})
