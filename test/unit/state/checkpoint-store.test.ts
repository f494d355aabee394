// The checkpoint store with segments: each written once and read back with the checkpoints that refer to it,
// deleted once no kept checkpoint does; a checkpoint whose save did not complete is never restored.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { serialize } from 'node:v8'
import { CheckpointStore, checkpointTable } from '../../../src/state/checkpoint-store.js'
import type { KvStore, KvTable } from '../../../src/state/kv-store.js'
import { MemoryKvStore } from '../../../src/state/memory-kv-store.js'

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s))
const state = (v: unknown): Record<string, Uint8Array> => ({ op_window: serialize(v) })

/** A KvStore whose writes of one key fail while `failing` holds it (a crash between two writes). */
class FailingStore implements KvStore {
  failing: string | undefined
  constructor(readonly inner = new MemoryKvStore()) {}
  table(name: string): KvTable {
    const t = this.inner.table(name)
    return new Proxy(t, {
      get: (target, prop, receiver) => {
        if (prop === 'set')
          return async (key: string, value: unknown) => {
            if (key === this.failing) throw new Error(`cannot write ${key}`)
            return target.set(key, value)
          }
        const v = Reflect.get(target, prop, receiver) as unknown
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    })
  }
  close(): Promise<void> {
    return this.inner.close()
  }
}

async function tableKeys(kv: KvStore, rule: string): Promise<string[]> {
  return kv.table(checkpointTable(rule)).keys()
}

describe('CheckpointStore segments', () => {
  it('writes a segment once and gives it back with every checkpoint that refers to it', async () => {
    const kv = new MemoryKvStore()
    const store = new CheckpointStore(kv)
    await store.save('r', 1, state(1), { refs: ['a'], written: new Map([['a', bytes('A')]]) })
    await store.save('r', 2, state(2), { refs: ['a', 'b'], written: new Map([['b', bytes('B')]]) })
    const last = await store.latest('r')
    assert.equal(last?.id, 2)
    assert.deepEqual(
      [...last!.segments].map(([k, v]) => [k, Buffer.from(v).toString()]),
      [
        ['a', 'A'],
        ['b', 'B'],
      ],
    )
  })

  it('deletes the segments no kept checkpoint refers to, so the table stays bounded', async () => {
    const kv = new MemoryKvStore()
    const store = new CheckpointStore(kv, 3)
    for (let id = 1; id <= 50; id++) {
      // Every checkpoint holds the segment of the previous one and a new one (a window that keeps one interval).
      const refs = id === 1 ? [`s${id}`] : [`s${id - 1}`, `s${id}`]
      await store.save('r', id, state(id), { refs, written: new Map([[`s${id}`, bytes(`seg ${id}`)]]) })
      const keys = await tableKeys(kv, 'r')
      // The list, 3 checkpoints and the segments they hold (at most 4).
      assert.ok(keys.length <= 1 + 3 + 4, `${keys.length} keys after checkpoint ${id}: ${keys.join(' ')}`)
    }
    assert.deepEqual(await tableKeys(kv, 'r'), [
      'checkpoints',
      'cp/48',
      'cp/49',
      'cp/50',
      'seg/s47',
      'seg/s48',
      'seg/s49',
      'seg/s50',
    ])
  })

  it('a checkpoint whose save did not complete is not restored; the next save removes what it left', async () => {
    const kv = new FailingStore()
    const store = new CheckpointStore(kv)
    await store.save('r', 1, state('one'), { refs: ['a'], written: new Map([['a', bytes('A')]]) })
    kv.failing = 'checkpoints' // crash after the segments and the state, before the id list
    await assert.rejects(store.save('r', 2, state('two'), { refs: ['a', 'b'], written: new Map([['b', bytes('B')]]) }))
    const last = await store.latest('r')
    assert.equal(last?.id, 1)
    assert.deepEqual([...last!.segments.keys()], ['a'])
    kv.failing = undefined
    await store.save('r', 3, state('three'), { refs: ['c'], written: new Map([['c', bytes('C')]]) })
    assert.deepEqual(await tableKeys(kv, 'r'), ['checkpoints', 'cp/1', 'cp/3', 'seg/a', 'seg/c'])
  })

  it('skips a checkpoint whose segment is missing and restores the one before', async () => {
    const kv = new MemoryKvStore()
    const store = new CheckpointStore(kv)
    await store.save('r', 1, state(1), { refs: ['a'], written: new Map([['a', bytes('A')]]) })
    await store.save('r', 2, state(2), { refs: ['a', 'b'], written: new Map([['b', bytes('B')]]) })
    await kv.table(checkpointTable('r')).delete('seg/b')
    assert.equal((await store.latest('r'))?.id, 1)
  })

  it('reads checkpoints saved before segments existed', async () => {
    const kv = new MemoryKvStore()
    await kv.table(checkpointTable('r')).set('cp/7', { id: 7, states: state('old') })
    await kv.table(checkpointTable('r')).set('checkpoints', [7])
    const last = await new CheckpointStore(kv).latest('r')
    assert.equal(last?.id, 7)
    assert.equal(last?.segments.size, 0)
  })
})
