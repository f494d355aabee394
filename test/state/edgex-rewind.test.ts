// The EdgeX source on the redisstreams bus is rewindable: a qos 1 rule restarted from its checkpoint reads again
// every stream entry after the last event it had handed on, including those added while it was stopped.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { Engine } from '../../src/engine.js'
import { ManualClock } from '../../src/core/manual-clock.js'
import {
  eventJson,
  recorder,
  tempEtc,
  uniqueTopic,
  valueDescriptorServer,
  waitFor,
} from '../connectors/edgex-helpers.js'
import { REDIS_PORT, SERVICE_HOST } from '../services.js'

const redis = new Redis({ host: SERVICE_HOST, port: REDIS_PORT, lazyConnect: true })
let vds: Awaited<ReturnType<typeof valueDescriptorServer>>
before(async () => {
  vds = await valueDescriptorServer({ n: 'Int64' })
})
after(async () => {
  await vds.close()
  redis.disconnect()
})

async function publish(topic: string, n: number): Promise<void> {
  const payload = eventJson('d', [{ name: 'n', value: String(n) }])
  await redis.xadd(
    `gmm:${topic}`,
    '*',
    'CorrelationID',
    `c${n}`,
    'Payload',
    payload,
    'Checksum',
    '',
    'ContentType',
    'application/json',
  )
}

describe('EdgeX redisstreams source across a restart', () => {
  it('resumes after the last event of the last checkpoint, reading what came while it was stopped', async () => {
    const topic = uniqueTopic('rewind')
    const etc = tempEtc(
      'edgex',
      `default:\n  type: redisstreams\n  protocol: redis\n  server: ${SERVICE_HOST}\n  port: ${REDIS_PORT}\n  topic: ${JSON.stringify(topic)}\n  serviceServer: ${JSON.stringify(vds.url)}\n`,
    )
    const clock = new ManualClock(0)
    const engine = new Engine({ clock, sourceProfiles: etc.profiles })
    try {
      engine.createStream('CREATE STREAM demo () WITH (FORMAT="JSON", TYPE="edgex")')
      const rec = recorder()
      await engine.createRule({
        id: 'r',
        sql: 'SELECT n FROM demo',
        actions: [rec.action],
        options: { qos: 1, checkpointInterval: 1000 },
      })
      await publish(topic, 1)
      await publish(topic, 2)
      await waitFor(() => rec.rows.length === 2, 'two events')
      await clock.advance(1000, () => engine.idle()) // checkpoint after event 2
      assert.equal(engine.ruleCheckpoints('r')?.completed, 1)
      await publish(topic, 3)
      await waitFor(() => rec.rows.length === 3, 'event 3')
      await engine.stopRule('r')
      await publish(topic, 4)
      await engine.startRule('r')
      await publish(topic, 5)
      // Event 3 again (after the checkpoint: at least once), 4 published while stopped, then 5.
      await waitFor(() => rec.rows.length === 6, 'the replay')
      assert.deepEqual(
        rec.rows.map((r) => r['n']),
        [1n, 2n, 3n, 3n, 4n, 5n],
      )
    } finally {
      await engine.close()
      etc.remove()
      await redis.del(`gmm:${topic}`)
    }
  })
})
