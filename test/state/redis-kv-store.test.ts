// The Redis KvStore through the shared contract suite, against the test Redis (test/services.ts); every
// store gets its own key prefix, deleted afterwards.

import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { RedisKvStore } from '../../src/state/redis-kv-store.js'
import { createKvStore } from '../../src/state/index.js'
import { describeKvStore } from '../contract/kv-store-contract.js'
import { REDIS_PORT, SERVICE_HOST } from '../services.js'

const run = `kuiper-test-${process.pid}-${Date.now()}`
let n = 0
const admin = new Redis({ host: SERVICE_HOST, port: REDIS_PORT, lazyConnect: true, maxRetriesPerRequest: 1 })

after(async () => {
  let cursor = '0'
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${run}*`, 'COUNT', 1000)
    cursor = next
    if (keys.length > 0) await admin.del(...keys)
  } while (cursor !== '0')
  await admin.quit()
})

describeKvStore('redis', {
  create: () => new RedisKvStore({ host: SERVICE_HOST, port: REDIS_PORT, keyPrefix: `${run}-${n++}` }),
  reopen: (closed) => new RedisKvStore((closed as RedisKvStore).options),
})

describe('RedisKvStore', () => {
  it('keeps one hash per table under the key prefix', async () => {
    const prefix = `${run}-layout`
    const s = new RedisKvStore({ host: SERVICE_HOST, port: REDIS_PORT, keyPrefix: prefix })
    await s.table('rule').set('r1', { n: 1n })
    assert.deepEqual(await admin.hkeys(`${prefix}:kv:rule`), ['r1'])
    await s.close()
  })

  it('is what createKvStore gives for store type redis', async () => {
    const s = await createKvStore('redis', {
      redis: { host: SERVICE_HOST, port: REDIS_PORT, keyPrefix: `${run}-factory` },
    })
    assert.ok(s instanceof RedisKvStore)
    await s.table('t').set('k', 'v')
    assert.equal(await s.table('t').get('k'), 'v')
    await s.close()
  })

  it('fails commands with STATE_ERROR within the timeout when the server is unreachable', async () => {
    const s = new RedisKvStore({ port: 1, timeout: 200, keyPrefix: `${run}-down` })
    const t0 = Date.now()
    await assert.rejects(() => s.table('t').get('k'), { code: 'STATE_ERROR' })
    assert.ok(Date.now() - t0 < 3000)
    await s.close()
  })
})
