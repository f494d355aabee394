// The window buffer's incremental snapshots: each snapshot writes only the rows that changed since the last one,
// a restore from a chain of them equals a restore from a full one, and compaction keeps the chain bounded.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Tuple } from '../../../../src/core/row.js'
import type { StateSegment } from '../../../../src/core/state-segment.js'
import { decodeTuples } from '../../../../src/operators/window/tuple-codec.js'
import { MAX_CHUNKS, TupleLog, type ChunkState } from '../../../../src/operators/window/tuple-log.js'
import { decodeState, encodeState } from '../../../../src/runtime/checkpoint/state-codec.js'
import { seededRandom } from '../../../prng.js'

function tuple(i: number): Tuple {
  return new Tuple(i % 3 === 0 ? 'a' : 'b', { i, v: i * 1.5, s: `r${i}` }, 1000 + i, i % 5 === 0 ? { k: i } : null)
}

/** A store of segments as the coordinator keeps it: bytes written once, then referred to by key. */
class SegmentStore {
  readonly bytes = new Map<string, Uint8Array>()
  written = 0

  /** The snapshot through the store; returns what a restore would receive, and the rows written now. */
  checkpoint(chunks: readonly ChunkState[]): { restored: unknown; newRows: number } {
    const { bytes, segments } = encodeState({ log: chunks })
    let newRows = 0
    for (const seg of segments) {
      if (seg.stored) continue
      this.bytes.set(seg.key, seg.bytes!)
      newRows += decodeTuples(seg.bytes!).length
      seg.markStored()
    }
    this.written += newRows
    return { restored: decodeState(bytes, this.bytes), newRows }
  }
}

function restoreFrom(state: unknown): TupleLog {
  const log = new TupleLog()
  log.restore((state as { log: ChunkState[] }).log)
  return log
}

describe('TupleLog snapshots', () => {
  it('writes only the rows appended since the last snapshot and refers to the earlier ones', () => {
    const log = new TupleLog()
    const store = new SegmentStore()
    for (let i = 0; i < 10; i++) log.push(tuple(i))
    const first = log.snapshot()
    assert.equal(store.checkpoint(first).newRows, 10)
    for (let i = 10; i < 13; i++) log.push(tuple(i))
    const second = log.snapshot()
    assert.equal(store.checkpoint(second).newRows, 3)
    assert.equal(second[0]!.segment, first[0]!.segment)
    assert.equal(second.length, 2)
    // Nothing appended: nothing written.
    assert.equal(store.checkpoint(log.snapshot()).newRows, 0)
  })

  it('after the window emits and clears its buffer, a snapshot holds no rows and writes nothing', () => {
    const log = new TupleLog()
    const store = new SegmentStore()
    for (let i = 0; i < 5; i++) log.push(tuple(i))
    store.checkpoint(log.snapshot())
    log.clear()
    const empty = log.snapshot()
    assert.deepEqual(empty, [])
    assert.equal(store.checkpoint(empty).newRows, 0)
    assert.equal(restoreFrom(store.checkpoint(empty).restored).length, 0)
  })

  it('drops rows from the front by trimming the chunks, without writing them again', () => {
    const log = new TupleLog()
    const store = new SegmentStore()
    for (let i = 0; i < 8; i++) log.push(tuple(i))
    store.checkpoint(log.snapshot())
    log.dropFront(3)
    log.push(tuple(8))
    const { restored, newRows } = store.checkpoint(log.snapshot())
    assert.equal(newRows, 1)
    assert.deepEqual(restoreFrom(restored).rows, log.rows)
  })

  it('restored from a chain of incremental snapshots equals restored from a full one', () => {
    const rand = seededRandom(11)
    const log = new TupleLog()
    const store = new SegmentStore()
    let next = 0
    for (let step = 0; step < 400; step++) {
      const r = rand()
      if (r < 0.6) log.push(tuple(next++))
      else if (r < 0.75) log.dropFront(Math.floor(rand() * 4))
      else if (r < 0.8)
        log.replace(log.rows.filter((_, i) => i % 2 === 0)) // kept out of order
      else if (r < 0.85) log.handedDownstream(Math.floor(rand() * log.length))
      else {
        const { restored } = store.checkpoint(log.snapshot())
        const full = new TupleLog()
        full.replace([...log.rows])
        const fromFull = new SegmentStore().checkpoint(full.snapshot()).restored
        assert.deepEqual(restoreFrom(restored).rows, restoreFrom(fromFull).rows, `step ${step}`)
        assert.deepEqual(restoreFrom(restored).rows, log.rows, `step ${step}`)
      }
    }
  })

  it('a row handed downstream and changed there is written again with its change', () => {
    const log = new TupleLog()
    const store = new SegmentStore()
    for (let i = 0; i < 4; i++) log.push(tuple(i))
    store.checkpoint(log.snapshot())
    // As the aggregate does with an alias: it writes into the first row of a group.
    log.handedDownstream(2)
    log.rows[1]!.message['c'] = 42
    const { restored, newRows } = store.checkpoint(log.snapshot())
    assert.equal(newRows, 2)
    assert.equal(restoreFrom(restored).rows[1]!.message['c'], 42)
    assert.deepEqual(restoreFrom(restored).rows, log.rows)
  })

  it('a restored buffer counts as written: its next snapshot writes only new rows', () => {
    const log = new TupleLog()
    const store = new SegmentStore()
    for (let i = 0; i < 6; i++) log.push(tuple(i))
    const restoredLog = restoreFrom(store.checkpoint(log.snapshot()).restored)
    restoredLog.push(tuple(6))
    assert.equal(store.checkpoint(restoredLog.snapshot()).newRows, 1)
  })

  it('compaction bounds the chunks and the dead rows kept in segments', () => {
    const log = new TupleLog()
    const store = new SegmentStore()
    let next = 0
    // A sliding buffer: one row in and one out between snapshots, for many snapshots.
    for (let i = 0; i < 50; i++) log.push(tuple(next++))
    for (let step = 0; step < 500; step++) {
      log.push(tuple(next++))
      log.dropFront(1)
      const chunks = log.snapshot()
      store.checkpoint(chunks)
      assert.ok(chunks.length <= MAX_CHUNKS, `${chunks.length} chunks`)
      const segments = new Set<StateSegment>(chunks.map((c) => c.segment))
      let stored = 0
      for (const s of segments) stored += decodeTuples(store.bytes.get(s.key)!).length
      assert.ok(stored <= 2 * log.length + 1, `${stored} rows stored for ${log.length} live`)
    }
    // Amortized: each row is written a bounded number of times, not once per snapshot.
    assert.ok(store.written < 5 * next, `${store.written} rows written for ${next}`)
  })

  it('a segment mostly dropped is written again with only its live rows', () => {
    const log = new TupleLog()
    const store = new SegmentStore()
    for (let i = 0; i < 100; i++) log.push(tuple(i))
    store.checkpoint(log.snapshot())
    log.dropFront(90)
    const chunks = log.snapshot()
    const { restored, newRows } = store.checkpoint(chunks)
    assert.equal(newRows, 10)
    assert.deepEqual(
      chunks.map((c) => [c.from, c.to]),
      [[0, 10]],
    )
    assert.deepEqual(restoreFrom(restored).rows, log.rows)
  })

  it('sorting writes everything again only when the order changes', () => {
    const log = new TupleLog()
    const store = new SegmentStore()
    for (const i of [1, 2, 3]) log.push(tuple(i))
    store.checkpoint(log.snapshot())
    log.sortByTimestamp()
    assert.equal(store.checkpoint(log.snapshot()).newRows, 0)
    log.push(tuple(0))
    log.sortByTimestamp()
    const { restored, newRows } = store.checkpoint(log.snapshot())
    assert.equal(newRows, 4)
    assert.deepEqual(
      restoreFrom(restored).rows.map((t) => t.timestamp),
      [1000, 1001, 1002, 1003],
    )
  })
})
