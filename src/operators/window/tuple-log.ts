// A window's buffered tuples with incremental snapshots. The rows already written by an earlier checkpoint are
// covered by chunks (slices of immutable StateSegments, shared by reference between checkpoints); a snapshot seals
// only the rows appended since the last one into a new segment. Dropping rows from the front (what a window does
// when it emits) just trims the chunks. Anything else — rows kept out of order, a re-sort, rows handed downstream
// that stay buffered — makes the next snapshot write the affected rows again. Compaction bounds the store: too many
// chunks, or more dead rows kept in segments than live rows, and the snapshot writes one segment of all live rows.

import { KuiperError } from '../../core/errors.js'
import { StateSegment } from '../../core/state-segment.js'
import type { Tuple } from '../../core/row.js'
import { decodeTuples, encodeTuples } from './tuple-codec.js'

/** Rows [from, to) of a segment of `size` rows. */
interface Chunk {
  readonly segment: StateSegment
  readonly size: number
  from: number
  readonly to: number
}

/** A chunk as the snapshot holds it. */
export interface ChunkState {
  readonly segment: StateSegment
  readonly from: number
  readonly to: number
}

/** Past this many chunks, a snapshot writes the whole buffer as one segment. */
export const MAX_CHUNKS = 32

export class TupleLog {
  /** The buffered rows, oldest first. */
  rows: Tuple[] = []
  private chunks: Chunk[] = []
  /** rows[0, sealed) are covered by `chunks`, in order. */
  private sealed = 0
  /** rows[0, dirty) were handed downstream after they were sealed and may have changed (aggregate aliases). */
  private dirty = 0

  get length(): number {
    return this.rows.length
  }

  push(t: Tuple): void {
    this.rows.push(t)
  }

  /** Drops the first `n` rows. */
  dropFront(n: number): void {
    if (n <= 0) return
    this.rows = n >= this.rows.length ? [] : this.rows.slice(n)
    this.trimSealed(n)
    this.dirty = Math.max(0, this.dirty - n)
  }

  clear(): void {
    this.dropFront(this.rows.length)
  }

  /** The buffer becomes `rows`, not a suffix of what it was: the next snapshot writes them all. */
  replace(rows: Tuple[]): void {
    this.rows = rows
    this.chunks = []
    this.sealed = 0
    this.dirty = 0
  }

  /**
   * rows[0, n) were handed downstream and stay buffered. The aggregate writes its aliases into the first row of each
   * group (1.0's behaviour), so a restored row must carry what it holds at the next snapshot, not at its sealing.
   */
  handedDownstream(n: number): void {
    this.dirty = Math.max(this.dirty, Math.min(n, this.sealed))
  }

  /** Sorts by timestamp (stable); only an actual reordering costs a full write. */
  sortByTimestamp(): void {
    const rows = this.rows
    for (let i = 1; i < rows.length; i++) {
      if (rows[i]!.timestamp < rows[i - 1]!.timestamp) {
        this.replace([...rows].sort((a, b) => a.timestamp - b.timestamp))
        return
      }
    }
  }

  /** The chunks covering every row; seals the rows appended since the last snapshot into a new segment. */
  snapshot(): ChunkState[] {
    if (this.dirty > 0) this.rewriteFront(this.dirty)
    if (this.chunks.length >= MAX_CHUNKS || this.deadRows() > this.rows.length) this.rewriteFront(this.sealed)
    if (this.sealed < this.rows.length) {
      this.chunks.push(this.seal(this.sealed, this.rows.length))
      this.sealed = this.rows.length
    }
    return this.chunks.map(({ segment, from, to }) => ({ segment, from, to }))
  }

  /** Rebuilds the buffer from a snapshot's chunks; those rows count as sealed. */
  restore(chunks: readonly ChunkState[]): void {
    const rows: Tuple[] = []
    const restored: Chunk[] = []
    for (const c of chunks) {
      if (c.to <= c.from) continue
      const bytes = c.segment.bytes
      if (bytes === undefined) throw new KuiperError('STATE_ERROR', 'restore window state `log` error, empty segment')
      const all = decodeTuples(bytes)
      for (let i = c.from; i < c.to && i < all.length; i++) rows.push(all[i]!)
      restored.push({ segment: c.segment, size: all.length, from: c.from, to: Math.min(c.to, all.length) })
    }
    this.rows = rows
    this.chunks = restored
    this.sealed = rows.length
    this.dirty = 0
  }

  /** Rows kept in the store that are no longer in the buffer (the dropped front of a partly live segment). */
  private deadRows(): number {
    let dead = 0
    for (const c of this.chunks) dead += c.size - (c.to - c.from)
    return dead
  }

  /** Writes rows[0, n) (n ≤ sealed) again as one new segment, in front of the chunks after them. */
  private rewriteFront(n: number): void {
    if (n <= 0) return
    this.trimSealed(n)
    this.chunks.unshift(this.seal(0, n))
    this.sealed += n
    this.dirty = 0
  }

  private seal(from: number, to: number): Chunk {
    return { segment: new StateSegment(encodeTuples(this.rows, from, to)), size: to - from, from: 0, to: to - from }
  }

  /** The first `n` sealed rows are gone from the chunks (n may exceed what is sealed). */
  private trimSealed(n: number): void {
    let left = Math.min(n, this.sealed)
    this.sealed -= left
    let drop = 0
    while (left > 0 && drop < this.chunks.length) {
      const c = this.chunks[drop]!
      const live = c.to - c.from
      if (left >= live) {
        left -= live
        drop++
      } else {
        c.from += left
        left = 0
      }
    }
    if (drop > 0) this.chunks = this.chunks.slice(drop)
  }
}
