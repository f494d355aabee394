import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deserialize } from 'node:v8'
import { ManualClock } from '../../../../src/core/manual-clock.js'
import { CheckpointCoordinator, MAX_PENDING_CHECKPOINTS } from '../../../../src/runtime/checkpoint/coordinator.js'
import type { BarrierSource, CheckpointParticipant } from '../../../../src/runtime/checkpoint/participant.js'
import { Activity } from '../../../../src/runtime/node.js'
import { CheckpointStore } from '../../../../src/state/checkpoint-store.js'
import { MemoryKvStore } from '../../../../src/state/memory-kv-store.js'

class Node implements BarrierSource, CheckpointParticipant {
  readonly injected: number[] = []
  readonly completed: number[] = []
  onInject: ((id: number) => void) | undefined
  constructor(readonly id: string) {}
  injectBarrier(id: number): void {
    this.injected.push(id)
    this.onInject?.(id)
  }
  onCheckpointComplete(id: number): void {
    this.completed.push(id)
  }
}

function setup(interval = 100, timeout?: number) {
  const clock = new ManualClock(1000)
  const activity = new Activity()
  const store = new CheckpointStore(new MemoryKvStore())
  const src = new Node('source_demo')
  const sink = new Node('sink_out')
  const errors: string[] = []
  const c = new CheckpointCoordinator({
    ruleId: 'r',
    interval,
    clock,
    store,
    sources: [src],
    participants: [src, sink],
    activity,
    ...(timeout !== undefined ? { timeout } : {}),
    onError: (m) => errors.push(m),
  })
  return { clock, activity, store, src, sink, c, errors }
}

describe('CheckpointCoordinator', () => {
  it('ticks every interval from its start, injecting a barrier numbered by the tick time at each source', async () => {
    const { clock, src, c } = setup(100)
    src.onInject = (id) => {
      c.ack('source_demo', id, {})
      c.ack('sink_out', id, {})
    }
    c.start()
    clock.setSync(1350)
    assert.deepEqual(src.injected, [1100, 1200, 1300])
    await c.stop()
  })

  it('completes a checkpoint once every node acknowledged, stores it and tells every node', async () => {
    const { src, sink, c, store, activity } = setup()
    const id = c.trigger()!
    c.ack('source_demo', id, { offset: 7 })
    assert.equal(c.status().completed, 0)
    c.ack('sink_out', id, undefined)
    await activity.idle()
    assert.deepEqual(c.status(), { completed: 1, failed: 0, skipped: 0, lastCompleted: id })
    const saved = await store.latest('r')
    assert.equal(saved?.id, id)
    assert.deepEqual(deserialize(saved!.states['source_demo']!), { offset: 7 })
    assert.equal(saved?.states['sink_out'], undefined)
    assert.deepEqual(src.completed, [id])
    assert.deepEqual(sink.completed, [id])
  })

  it('copies a state when it is acknowledged: later changes do not reach the checkpoint', async () => {
    const { c, store, activity } = setup()
    const id = c.trigger()!
    const state = { rows: [1] }
    c.ack('source_demo', id, state)
    state.rows.push(2)
    c.ack('sink_out', id, undefined)
    await activity.idle()
    assert.deepEqual(deserialize((await store.latest('r'))!.states['source_demo']!), { rows: [1] })
  })

  it('abandons a checkpoint a node declines, or whose state cannot be serialized', async () => {
    const { c, errors, store } = setup()
    const a = c.trigger()!
    c.decline('sink_out', a, new Error('no'))
    c.ack('source_demo', a, {})
    const b = c.trigger()!
    c.ack('source_demo', b, { f: () => 1 })
    assert.equal(c.status().failed, 2)
    assert.equal(errors.length, 2)
    assert.equal(await store.latest('r'), undefined)
  })

  it('skips ticks while checkpoints are still under way and abandons them after the timeout', async () => {
    const { clock, c } = setup(100, 1000)
    for (let i = 0; i < MAX_PENDING_CHECKPOINTS; i++) assert.notEqual(c.trigger(), undefined)
    assert.equal(c.trigger(), undefined)
    assert.equal(c.status().skipped, 1)
    clock.setSync(2000)
    assert.notEqual(c.trigger(), undefined)
    assert.equal(c.status().failed, MAX_PENDING_CHECKPOINTS)
  })

  it('drops older unfinished checkpoints when a newer one completes', async () => {
    const { clock, c, activity } = setup()
    const a = c.trigger()!
    clock.setSync(1100)
    const b = c.trigger()!
    c.ack('source_demo', b, {})
    c.ack('sink_out', b, {})
    c.ack('source_demo', a, {})
    c.ack('sink_out', a, {})
    await activity.idle()
    assert.deepEqual(c.status(), { completed: 1, failed: 1, skipped: 0, lastCompleted: b })
  })

  it('stores checkpoints in completion order and stop waits for the writes', async () => {
    const { clock, c, store } = setup()
    const ids: number[] = []
    for (let i = 0; i < 4; i++) {
      clock.setSync(1000 + i * 100)
      const id = c.trigger()!
      ids.push(id)
      c.ack('source_demo', id, { i })
      c.ack('sink_out', id, {})
    }
    await c.stop()
    assert.deepEqual(await store.list('r'), ids.slice(1))
    assert.equal(c.trigger(), undefined)
  })

  it('reports a store failure and goes on', async () => {
    const clock = new ManualClock(0)
    const activity = new Activity()
    const broken = new MemoryKvStore()
    await broken.close()
    const errors: string[] = []
    const only = new Node('source_demo')
    const c = new CheckpointCoordinator({
      ruleId: 'r',
      interval: 100,
      clock,
      store: new CheckpointStore(broken),
      sources: [only],
      participants: [only],
      activity,
      onError: (m) => errors.push(m),
    })
    only.onInject = (id) => c.ack('source_demo', id, {})
    c.trigger()
    await activity.idle()
    assert.equal(c.status().failed, 1)
    assert.match(errors[0] ?? '', /cannot store checkpoint/)
  })
})
