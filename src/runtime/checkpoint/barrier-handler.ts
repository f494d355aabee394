// What a node does with the barriers reaching its inputs (1.0's BarrierTracker and BarrierAligner): at-least-once
// counts them and snapshots once every input has delivered one; exactly-once also holds back what an input sends
// after its barrier until the others catch up, so the snapshot contains no post-barrier data.

import type { Barrier } from './barrier.js'

export interface BarrierHandler {
  /** A barrier reached input `input` (in order with the data). True when the node should checkpoint now. */
  onBarrier(input: number, barrier: Barrier): boolean
  /** Whether entries from `input` must be held back (exactly-once, after its barrier, until alignment). */
  isBlocked(input: number): boolean
  /** Keeps an entry of a blocked input for later. */
  hold(input: number, entry: unknown): void
  /** Held entries to process next, in arrival order, as `[input, entry]` pairs; empty when nothing was released. */
  takeReleased(): [number, unknown][]
  /** Entries currently held back. */
  readonly held: number
  /** Forgets alignment progress and held entries (the rule stopped); returns how many entries were dropped. */
  clear(): number
}

/** At-least-once (qos 1): no blocking; the checkpoint is taken when the last input's barrier arrives. */
export class BarrierTracker implements BarrierHandler {
  private readonly pending = new Map<number, number>()
  readonly held = 0

  constructor(private readonly inputCount: number) {}

  onBarrier(_input: number, barrier: Barrier): boolean {
    if (this.inputCount <= 1) return true
    const id = barrier.checkpointId
    const seen = (this.pending.get(id) ?? 0) + 1
    if (seen < this.inputCount) {
      this.pending.set(id, seen)
      return false
    }
    this.pending.delete(id)
    for (const older of this.pending.keys()) if (older < id) this.pending.delete(older)
    return true
  }

  isBlocked(_input: number): boolean {
    return false
  }

  hold(): void {
    throw new Error('the at-least-once barrier tracker holds nothing back')
  }

  takeReleased(): [number, unknown][] {
    return []
  }

  clear(): number {
    this.pending.clear()
    return 0
  }
}

/**
 * Exactly-once (qos 2): after an input's barrier, its entries are held until every input has delivered the
 * barrier of that checkpoint; then the node snapshots and the held entries are processed. A barrier of a newer
 * checkpoint abandons an alignment that can no longer complete (Flink's behaviour; 1.0 would block forever).
 */
export class BarrierAligner implements BarrierHandler {
  private current: number | undefined
  private readonly blocked: boolean[]
  private arrived = 0
  private heldEntries: [number, unknown][] = []
  private released: [number, unknown][] = []

  constructor(private readonly inputCount: number) {
    this.blocked = new Array<boolean>(Math.max(1, inputCount)).fill(false)
  }

  get held(): number {
    return this.heldEntries.length
  }

  onBarrier(input: number, barrier: Barrier): boolean {
    if (this.inputCount <= 1) return true
    const id = barrier.checkpointId
    if (this.current !== undefined && id < this.current) return false // stale: its alignment was abandoned
    if (this.current !== undefined && id > this.current) this.release()
    if (this.current === undefined) this.current = id
    if (!this.blocked[input]) {
      this.blocked[input] = true
      this.arrived++
    }
    if (this.arrived < this.inputCount) return false
    this.release()
    return true
  }

  isBlocked(input: number): boolean {
    return this.blocked[input] === true
  }

  hold(input: number, entry: unknown): void {
    this.heldEntries.push([input, entry])
  }

  takeReleased(): [number, unknown][] {
    const r = this.released
    if (r.length > 0) this.released = []
    return r
  }

  clear(): number {
    const n = this.heldEntries.length + this.released.length
    this.heldEntries = []
    this.released = []
    this.current = undefined
    this.arrived = 0
    this.blocked.fill(false)
    return n
  }

  private release(): void {
    this.current = undefined
    this.arrived = 0
    this.blocked.fill(false)
    if (this.heldEntries.length > 0) {
      this.released = this.released.length === 0 ? this.heldEntries : [...this.released, ...this.heldEntries]
      this.heldEntries = []
    }
  }
}
