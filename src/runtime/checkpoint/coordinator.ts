// The checkpoint coordinator of one rule (1.0's xstream/checkpoints/coordinator.go): a ticker every
// `checkpointInterval` on the rule's clock injects barriers at the sources; once every node has acknowledged with
// its snapshot the checkpoint is complete and is stored, in order, in the CheckpointStore.

import type { Clock, TimerHandle } from '../../core/clock.js'
import type { StateSegment } from '../../core/state-segment.js'
import type { CheckpointStore } from '../../state/checkpoint-store.js'
import type { BarrierSource, CheckpointAcker, CheckpointParticipant } from './participant.js'
import { encodeState } from './state-codec.js'

/** 1.0: a checkpoint interval ≤ 0 inside the coordinator means 5 s. */
export const DEFAULT_CHECKPOINT_INTERVAL = 5000
/** 1.0's checkpoint timeout: a checkpoint not acknowledged by every node within it is abandoned. */
export const CHECKPOINT_TIMEOUT = 200_000
/**
 * Checkpoints under way at once; a tick finding this many unfinished is skipped (a sink slow to deliver holds its
 * barrier: without a limit every tick would pile up another partial snapshot of the whole rule).
 */
export const MAX_PENDING_CHECKPOINTS = 2

export interface CoordinatorOptions {
  readonly ruleId: string
  /** ms between checkpoints (rule option `checkpointInterval`). */
  readonly interval: number
  readonly clock: Clock
  readonly store: CheckpointStore
  readonly sources: readonly BarrierSource[]
  /** Every node of the topology (sources included): each must acknowledge. */
  readonly participants: readonly CheckpointParticipant[]
  /** Counts the asynchronous store writes, so that the topology is not idle while one is in flight. */
  readonly activity: { inc(): void; dec(): void }
  readonly timeout?: number
  /** A checkpoint was abandoned or could not be stored; the rule keeps running. */
  readonly onError?: (message: string, err: unknown) => void
}

export interface CheckpointStatus {
  /** Checkpoints stored since the rule started. */
  readonly completed: number
  /** Checkpoints abandoned (declined, timed out) or not stored (store error). */
  readonly failed: number
  /** Ticks skipped because earlier checkpoints were still under way. */
  readonly skipped: number
  readonly lastCompleted: number | undefined
}

class PendingCheckpoint {
  readonly states: Record<string, Uint8Array> = {}
  /** The segments the states hold: written with the checkpoint unless an earlier stored one has them. */
  readonly segments: StateSegment[] = []
  readonly waiting: Set<string>

  constructor(
    readonly id: number,
    participants: readonly CheckpointParticipant[],
    readonly startedAt: number,
  ) {
    this.waiting = new Set(participants.map((p) => p.id))
  }
}

export class CheckpointCoordinator implements CheckpointAcker {
  private ticker: TimerHandle | undefined
  private readonly pending = new Map<number, PendingCheckpoint>()
  private saving: Promise<void> = Promise.resolve()
  private lastId = 0
  private stopped = false
  private completed = 0
  private failed = 0
  private skipped = 0
  private lastCompleted: number | undefined
  private readonly interval: number
  private readonly timeout: number

  constructor(private readonly opts: CoordinatorOptions) {
    this.interval = opts.interval > 0 ? opts.interval : DEFAULT_CHECKPOINT_INTERVAL
    this.timeout = opts.timeout ?? CHECKPOINT_TIMEOUT
  }

  /** Starts the ticker; its origin is now (the rule's open). */
  start(): void {
    if (this.ticker !== undefined || this.stopped) return
    this.ticker = this.opts.clock.setInterval(() => void this.trigger(), this.interval)
  }

  /** Starts a checkpoint now (the ticker's work); returns its id, or undefined when stopped or skipped. */
  trigger(): number | undefined {
    if (this.stopped) return undefined
    const now = this.opts.clock.now()
    for (const [id, p] of this.pending) {
      if (now - p.startedAt >= this.timeout) this.abandon(id, `checkpoint ${id} timed out`, undefined)
    }
    if (this.pending.size >= MAX_PENDING_CHECKPOINTS) {
      this.skipped++
      return undefined
    }
    const id = Math.max(now, this.lastId + 1)
    this.lastId = id
    this.pending.set(id, new PendingCheckpoint(id, this.opts.participants, now))
    for (const s of this.opts.sources) s.injectBarrier(id)
    return id
  }

  ack(nodeId: string, checkpointId: number, state: unknown): void {
    const p = this.pending.get(checkpointId)
    if (p === undefined || !p.waiting.has(nodeId)) return
    if (state !== undefined) {
      try {
        // A copy now: the node goes on changing its state while the checkpoint completes (segments do not change).
        const encoded = encodeState(state)
        p.states[nodeId] = encoded.bytes
        for (const seg of encoded.segments) p.segments.push(seg)
      } catch (err) {
        this.decline(nodeId, checkpointId, err)
        return
      }
    }
    p.waiting.delete(nodeId)
    if (p.waiting.size > 0) return
    this.pending.delete(checkpointId)
    for (const older of [...this.pending.keys()]) {
      if (older < checkpointId) this.abandon(older, `checkpoint ${older} superseded by ${checkpointId}`, undefined)
    }
    this.complete(p)
  }

  decline(nodeId: string, checkpointId: number, reason: unknown): void {
    if (this.pending.has(checkpointId))
      this.abandon(checkpointId, `${nodeId} declined checkpoint ${checkpointId}`, reason)
  }

  status(): CheckpointStatus {
    return { completed: this.completed, failed: this.failed, skipped: this.skipped, lastCompleted: this.lastCompleted }
  }

  /** Stops the ticker, drops unfinished checkpoints and waits for the completed ones to be stored. */
  async stop(): Promise<void> {
    this.stopped = true
    this.ticker?.cancel()
    this.ticker = undefined
    this.pending.clear()
    await this.saving
  }

  /** Resolves once every completed checkpoint so far is stored. */
  flushed(): Promise<void> {
    return this.saving
  }

  private abandon(id: number, message: string, err: unknown): void {
    this.pending.delete(id)
    this.failed++
    this.opts.onError?.(message, err)
  }

  private complete(p: PendingCheckpoint): void {
    const { activity, store, ruleId, participants } = this.opts
    activity.inc()
    this.saving = this.saving.then(async () => {
      try {
        // Decided now, not at the ack: a segment first written by the checkpoint just before is stored by now.
        const written = new Map<string, Uint8Array>()
        for (const seg of p.segments) if (!seg.stored && seg.bytes !== undefined) written.set(seg.key, seg.bytes)
        await store.save(ruleId, p.id, p.states, { refs: p.segments.map((seg) => seg.key), written })
        for (const seg of p.segments) seg.markStored()
        this.completed++
        this.lastCompleted = p.id
        for (const part of participants) part.onCheckpointComplete(p.id)
      } catch (err) {
        this.failed++
        this.opts.onError?.(`cannot store checkpoint ${p.id} of rule ${ruleId}`, err)
      } finally {
        activity.dec()
      }
    })
  }
}
