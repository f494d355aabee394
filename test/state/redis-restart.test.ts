// The Redis store restarted mid-run: a qos 1 rule keeps running while Redis is down (its checkpoints fail), takes
// checkpoints again once Redis is back, and a crash after that restores from Redis with nothing lost or doubled.
// Uses its own redis-server on a free port (with an append-only file), so the shared one is not disturbed.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { RedisKvStore } from '../../src/state/redis-kv-store.js'
import { boot, byWindow, makeRows } from './window-counts.js'
import type { Emission } from './window-counts.js'
import { freePort } from '../services.js'

const dir = mkdtempSync(join(tmpdir(), 'kuiper-redis-'))
let server: ChildProcess | undefined
after(() => {
  server?.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

async function startRedis(port: number): Promise<ChildProcess> {
  const p = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'],
    { cwd: dir, stdio: 'ignore' },
  )
  const probe = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => undefined)
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect()
      await probe.ping()
      probe.disconnect()
      return p
    } catch {
      probe.disconnect()
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  p.kill('SIGKILL')
  throw new Error(`redis-server did not come up on port ${port}`)
}

async function stopRedis(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return
  const done = new Promise((r) => p.once('exit', r))
  p.kill('SIGKILL')
  await done
}

describe('Redis store restarted mid-run', () => {
  it('the rule keeps running, checkpoints again afterwards and restores from Redis after a crash', async () => {
    const port = await freePort()
    server = await startRedis(port)
    const rows = makeRows(11)
    const reference: Emission[] = []
    const refStore = new RedisKvStore({ port, keyPrefix: 'ref', timeout: 300 })
    const ref = await boot(refStore, 1, [], reference, 0)
    for (const r of rows) {
      ref.engine.memory.publish('demo', r)
      await ref.clock.advance(37, () => ref.engine.idle())
    }
    await ref.engine.close()
    await refStore.close()

    const out: Emission[] = []
    const store = new RedisKvStore({ port, keyPrefix: 'run', timeout: 300 })
    let { engine, clock } = await boot(store, 1, [], out, 0)
    const step = async (i: number): Promise<void> => {
      engine.memory.publish('demo', rows[i]!)
      await clock.advance(37, () => engine.idle())
    }
    for (let i = 0; i < 60; i++) await step(i)
    const before = engine.ruleCheckpoints('counts')!
    assert.ok(before.completed > 10)
    assert.equal(before.failed, 0)

    await stopRedis(server)
    for (let i = 60; i < 90; i++) await step(i)
    const down = engine.ruleCheckpoints('counts')!
    assert.equal(engine.ruleStatus('counts').status, 'Running')
    assert.ok(down.failed > 0, 'checkpoints fail while Redis is down')

    server = await startRedis(port)
    for (let i = 90; i < 150; i++) await step(i)
    const back = engine.ruleCheckpoints('counts')!
    assert.ok(back.completed > down.completed, 'checkpoints resume once Redis is back')
    const last = back.lastCompleted

    // Crash: the engine is abandoned; a new one restores from what Redis kept across its restart.
    const store2 = new RedisKvStore({ port, keyPrefix: 'run', timeout: 300 })
    ;({ engine, clock } = await boot(store2, 1, rows.slice(0, 150), out, clock.now()))
    assert.equal(engine.ruleCheckpoints('counts')?.restoredFrom, last)
    for (let i = 150; i < rows.length; i++) await step(i)
    await clock.advance(1000, () => engine.idle())
    await engine.close()
    await store.close()
    await store2.close()

    assert.deepEqual([...byWindow(out)].sort(), [...byWindow(reference)].sort())
    await stopRedis(server)
  })
})
