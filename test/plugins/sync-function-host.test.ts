// An isolated function plugin called synchronously from kuiperd's thread (src/plugins/isolation): the answer, the
// rule state served while the call waits, a call that never returns and a worker that exits, each ended within the
// plugin's timeout, with a new worker for the next call. (Under tsx a worker only boots while this thread is free,
// so the tests await warmUp() before calling; kuiperd's compiled workers boot in parallel with a waiting call.)

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { silentLogger } from '../../src/connectors/api.js'
import { systemClock } from '../../src/core/clock.js'
import { KeyedState } from '../../src/runtime/checkpoint/keyed-state.js'
import { SyncFunctionHost } from '../../src/plugins/isolation/sync-function-host.js'
import { pathToFileURL } from 'node:url'

const FOLDER = join(import.meta.dirname, 'fixtures', 'functions', 'stall')
const TIMEOUT = 1_000

function host(file: string): SyncFunctionHost {
  const entry = pathToFileURL(join(FOLDER, file)).href
  return new SyncFunctionHost({ name: 'stall', entry, timeoutMs: TIMEOUT }, silentLogger)
}

describe('isolated function calls', () => {
  it('answers, and serves the rule state while the call waits', async () => {
    const h = host('index.js')
    try {
      const state = new KeyedState()
      const ctx = { clock: systemClock, state }
      await h.warmUp()
      assert.equal(h.call('stall', [3], ctx), 30)
      assert.equal(h.call('tally', [], ctx), 1)
      assert.equal(h.call('tally', [], ctx), 2)
      assert.equal(state.getCounter('calls'), 2)
    } finally {
      h.dispose()
    }
  })

  it('ends a call that never returns within the timeout, and the next call gets a new worker', async () => {
    const h = host('index.js')
    try {
      const ctx = { clock: systemClock, state: new KeyedState() }
      await h.warmUp()
      assert.equal(h.call('stall', [1], ctx), 10)
      const t0 = performance.now()
      assert.throws(() => h.call('stall', [8], ctx), /stall did not return within 1000 ms; its worker was stopped/)
      const waited = performance.now() - t0
      assert.ok(waited >= TIMEOUT && waited < TIMEOUT + 3_000, `waited ${waited} ms`)
      await h.warmUp()
      assert.equal(h.call('stall', [5], ctx), 50)
      // the state lives on kuiperd's side: the new worker counts on
      ctx.state.incrCounter('calls', 4)
      assert.equal(h.call('tally', [], ctx), 5)
    } finally {
      h.dispose()
    }
  })

  it('reports a worker that exits at once, without waiting for the timeout', async () => {
    const h = host('exits.js')
    try {
      const ctx = { clock: systemClock }
      await h.warmUp()
      assert.equal(h.call('twice', [4], ctx), 8)
      const t0 = performance.now()
      assert.throws(() => h.call('quit', [], ctx), /its worker exited \(code 3\) in quit/)
      assert.ok(performance.now() - t0 < TIMEOUT / 2)
      await h.warmUp()
      assert.equal(h.call('twice', [5], ctx), 10)
    } finally {
      h.dispose()
    }
  })

  it('refuses calls once disposed', () => {
    const h = host('index.js')
    h.dispose()
    assert.throws(() => h.call('stall', [1], { clock: systemClock }), /function plugin stall was removed/)
  })
})
