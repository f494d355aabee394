// Bounded memory behind a slow sink: while a rule's queue is full the MQTT connection stops reading its socket
// (the broker holds the messages, QoS 1 here), so a flood neither grows a queue beyond bufferLength nor the
// process's memory, and every message still arrives. Payloads over maxPayloadSize are dropped and counted.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { closeSync, openSync, writeSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { after, before, describe, it } from 'node:test'
import { Engine } from '../../src/index.js'
import type { SinkPayload, ValueMap } from '../../src/index.js'
import { silentLogger } from '../../src/connectors/api.js'
import { MqttPool } from '../../src/connectors/mqtt/pool.js'
import { sourceConf } from '../../src/connectors/mqtt/options.js'
import { parseFilter } from '../../src/connectors/mqtt/topic-filter.js'
import { MOSQUITTO, recorder, tempEtc, testClient, uniqueTopic, waitFor } from './mqtt-helpers.js'
import { PrivateBroker } from './private-broker.js'
import { jsonFormat } from '../../src/formats/json.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/**
 * What the process holds (JS heap + Buffers) after a full collection: RSS would also count the garbage of the
 * messages already handled, which the collector frees when it likes.
 */
function retainedBytes(): number {
  gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.external
}

let broker: PrivateBroker
let etc: ReturnType<typeof tempEtc>

before(async () => {
  // No limit on the messages the broker queues for a slow subscriber (Mosquitto drops QoS 1 beyond 1000 by default).
  broker = await PrivateBroker.start(['max_queued_messages 0'])
  etc = tempEtc(
    [
      'default:',
      '  qos: 1',
      `  servers: [${broker.server}]`,
      'small:',
      `  servers: [${MOSQUITTO}]`,
      '  maxPayloadSize: 100',
      '',
    ].join('\n'),
  )
})
after(async () => {
  await broker.remove()
  etc.remove()
})

/** Publishes each line of `file` as one QoS 1 message from a separate process (its memory is not ours). */
async function publishLines(server: string, topic: string, file: string): Promise<void> {
  const script = fileURLToPath(new URL('./flood-publisher.mjs', import.meta.url))
  const proc = spawn(process.execPath, [script, server.replace(/^tcp:/, 'mqtt:'), topic, file], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve))
  assert.equal(code, 0, 'flood publisher exit code')
}

describe('MQTT backpressure and payload cap', () => {
  it('floods a rule with a slow sink: queues stay within bufferLength, memory stays flat, nothing is lost', async () => {
    const total = 1500
    const bufferLength = 16
    const topic = uniqueTopic('flood')
    const pad = 'x'.repeat(64 * 1024)
    const file = `${etc.dir}/flood.jsonl`
    const out = openSync(file, 'w')
    for (let i = 0; i < total; i++) writeSync(out, `{"i":${i},"pad":"${pad}"}\n`)
    closeSync(out)

    const engine = new Engine({ sourceProfiles: etc.profiles, logger: silentLogger })
    try {
      engine.createStream(`CREATE STREAM flood (i BIGINT, pad STRING) WITH (DATASOURCE="${topic}", TYPE="mqtt")`)
      const seen = new Set<number>()
      const slow = {
        collect: async (_c: unknown, p: SinkPayload): Promise<void> => {
          await new Promise((r) => setTimeout(r, 1))
          for (const row of p.rows ?? []) seen.add(Number(row['i']))
        },
      }
      await engine.createRule({
        id: 'flood',
        sql: 'SELECT i FROM flood',
        actions: [{ name: 'slow', sink: slow }],
        options: { bufferLength },
      })
      const baseline = retainedBytes()
      let peakRetained = baseline
      let peakQueue = 0
      let peakAt = ''
      let ticks = 0
      const sample = setInterval(() => {
        if (ticks++ % 10 === 0) peakRetained = Math.max(peakRetained, retainedBytes())
        const m = engine.ruleStatus('flood').metrics ?? {}
        for (const [k, v] of Object.entries(m)) {
          if (!k.startsWith('sink_') && k.endsWith('_buffer_length') && (v as number) > peakQueue) {
            peakQueue = v as number
            peakAt = k
          }
        }
      }, 10)
      try {
        await publishLines(broker.server, topic, file)
        await waitFor(() => seen.size === total, `all ${total} messages (got ${seen.size})`, 60_000)
      } finally {
        clearInterval(sample)
      }
      assert.ok(peakQueue <= bufferLength, `${peakAt} reached ${peakQueue}`)
      const m = engine.ruleStatus('flood').metrics!
      assert.equal(m['source_flood_0_records_in_total'], total)
      assert.equal(m['source_flood_0_dropped_total'], 0)
      // 1500 × 64 KB = 96 MB went through: held in the rule they would take over 100 MB.
      const grown = (peakRetained - baseline) / 2 ** 20
      assert.ok(grown < 30, `retained memory grew ${grown.toFixed(1)} MB`)
    } finally {
      await engine.close()
    }
  })

  it('drops a payload over maxPayloadSize with a counted error naming the limit', async () => {
    const topic = uniqueTopic('big')
    const client = await testClient(MOSQUITTO)
    const engine = new Engine({ sourceProfiles: etc.profiles, logger: silentLogger })
    try {
      engine.createStream(`CREATE STREAM s (a STRING) WITH (DATASOURCE="${topic}", TYPE="mqtt", CONF_KEY="small")`)
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: 'SELECT a FROM s', actions: [rec.action] })
      await client.publishAsync(topic, JSON.stringify({ a: 'y'.repeat(200) }), { qos: 1 })
      await client.publishAsync(topic, JSON.stringify({ a: 'small' }), { qos: 1 })
      await waitFor(() => rec.rows.length === 1, 'the small message')
      assert.deepEqual(rec.rows, [{ a: 'small' }] satisfies ValueMap[])
      const m = engine.ruleStatus('r').metrics!
      assert.equal(m['source_s_0_exceptions_total'], 1)
      assert.match(
        String(m['source_s_0_last_exception']),
        /payload of 208 bytes .* exceeds maxPayloadSize 100, dropped/,
      )
    } finally {
      await engine.close()
      await client.endAsync()
    }
  })

  it('keeps a paused connection open past its keep-alive (the PINGRESP waits behind the unread messages)', async () => {
    const topic = uniqueTopic('stall')
    const pool = new MqttPool()
    const client = await testClient(MOSQUITTO)
    let full = true
    const waiting: (() => void)[] = []
    const got: ValueMap[] = []
    const handle = await pool.subscribe(
      sourceConf({ servers: [MOSQUITTO], qos: 1 }).client,
      parseFilter(topic, true),
      {
        qos: 1,
        maxPayloadSize: 1024,
        onMessage: (m) => void got.push(m),
        format: jsonFormat,
        onDecodeError: () => {},
        onOversize: () => {},
        flow: { isFull: () => full, onRoom: (resume) => void waiting.push(resume) },
      },
      silentLogger,
    )
    try {
      const conn = pool.connections()[0]!
      // A 1 s keep-alive: mqtt.js pings after 1 s and gives up after 1.5 s without an answer.
      ;(
        conn.client as unknown as { keepaliveManager: { setKeepalive(s: number): void } }
      ).keepaliveManager.setKeepalive(1)
      await client.publishAsync(topic, '{"n": 1}', { qos: 1 })
      await client.publishAsync(topic, '{"n": 2}', { qos: 1 })
      await waitFor(() => got.length === 1 && waiting.length === 1, 'the first message, then the pause')
      await new Promise((r) => setTimeout(r, 3000)) // two keep-alive timeouts
      assert.equal(handle.status().state, 'connected')
      assert.equal(handle.status().reconnectAttempts, 0)
      assert.equal(got.length, 1, 'nothing read while paused')
      full = false
      waiting.shift()!()
      await waitFor(() => got.length === 2, 'the second message once resumed')
      assert.equal(handle.status().reconnectAttempts, 0)
    } finally {
      handle.release()
      await pool.closeAll()
      await client.endAsync()
    }
  })
})
