// The window's buffered tuples: building 1.0's WindowTuplesSet from them, and the plain-data checkpoint shape of
// the state (1.0's `$$windowInputs`, `$$triggerTime`, `$$msgCount`; the rows now as the chunks of a TupleLog).

import { WindowTuples } from '../../core/collection.js'
import { KuiperError } from '../../core/errors.js'
import { Tuple } from '../../core/row.js'
import type { ValueMap } from '../../core/value.js'
import { isPlainObject } from '../../core/maps.js'
import { StateSegment } from '../../core/state-segment.js'
import type { ChunkState } from './tuple-log.js'

/** Groups tuples per stream, in order of first appearance; with `sortByTime`, each stream's tuples by timestamp. */
export function toWindowTuples(tuples: readonly Tuple[], start: number, end: number, sortByTime = false): WindowTuples {
  const sets: { readonly emitter: string; tuples: Tuple[] }[] = []
  for (const t of tuples) {
    const set = sets.find((s) => s.emitter === t.emitter)
    if (set === undefined) sets.push({ emitter: t.emitter, tuples: [t] })
    else set.tuples.push(t)
  }
  // Array.prototype.sort is stable, like Go's sort.SliceStable in WindowTuplesSet.Sort.
  if (sortByTime) for (const s of sets) s.tuples.sort((a, b) => a.timestamp - b.timestamp)
  return new WindowTuples(sets, start, end)
}

/** The smallest timestamp in (after, upTo], or Infinity (1.0's getEarliestEventTs). */
export function earliestBetween(tuples: readonly Tuple[], after: number, upTo: number): number {
  let min = Number.POSITIVE_INFINITY
  for (const t of tuples) {
    if (t.timestamp > after && t.timestamp <= upTo && t.timestamp < min) min = t.timestamp
  }
  return min
}

/** One buffered tuple as plain data, as checkpoints before incremental snapshots held them (still restored). */
export interface TupleRecord {
  readonly emitter: string
  readonly message: ValueMap
  readonly timestamp: number
  readonly metadata: ValueMap | null
}

/** What every window checkpoints. */
export interface WindowState {
  /** The buffered rows: segments written once, shared with earlier checkpoints (see TupleLog). */
  readonly log?: readonly ChunkState[]
  /** The buffered rows in checkpoints written before `log` existed. */
  readonly inputs?: readonly TupleRecord[]
  /** Last processing-time trigger (hopping, sliding, session); 0 = none yet. */
  readonly triggerTime: number
  /** Tuples counted towards the next count-window emission. */
  readonly msgCount: number
  /** Event time: how far the window has fired, so that a restored window fires no window twice. */
  readonly eventTime?: EventTimeProgress
}

export interface EventTimeProgress {
  readonly watermark: number
  /** End of the next window to fire (Infinity: not known yet). */
  readonly nextEnd: number
  readonly prevEnd: number
  readonly triggered: boolean
}

function recordToTuple(r: unknown): Tuple {
  if (
    !isPlainObject(r) ||
    typeof r.emitter !== 'string' ||
    !isPlainObject(r.message) ||
    typeof r.timestamp !== 'number' ||
    !(r.metadata === null || r.metadata === undefined || isPlainObject(r.metadata))
  ) {
    throw new KuiperError('STATE_ERROR', 'restore window state `inputs` error, invalid type')
  }
  return new Tuple(r.emitter, r.message as ValueMap, r.timestamp, (r.metadata as ValueMap | undefined) ?? null)
}

/** Narrows a checkpointed value back to tuples (or chunks) and counters; a missing state restores as empty. */
export function decodeWindowState(state: unknown): {
  inputs: Tuple[]
  log: ChunkState[] | undefined
  triggerTime: number
  msgCount: number
} {
  if (state === undefined || state === null) return { inputs: [], log: undefined, triggerTime: 0, msgCount: 0 }
  if (!isPlainObject(state)) throw new KuiperError('STATE_ERROR', 'restore window state error, invalid type')
  const { inputs, log, triggerTime, msgCount } = state
  if (!(inputs === undefined || inputs === null || Array.isArray(inputs))) {
    throw new KuiperError('STATE_ERROR', 'restore window state `inputs` error, invalid type')
  }
  if (!(log === undefined || (Array.isArray(log) && log.every(isChunk)))) {
    throw new KuiperError('STATE_ERROR', 'restore window state `log` error, invalid type')
  }
  if (!(triggerTime === undefined || typeof triggerTime === 'number')) {
    throw new KuiperError(
      'STATE_ERROR',
      `restore window state \`triggerTime\` ${String(triggerTime)} error, invalid type`,
    )
  }
  if (!(msgCount === undefined || typeof msgCount === 'number')) {
    throw new KuiperError('STATE_ERROR', `restore window state \`msgCount\` ${String(msgCount)} error, invalid type`)
  }
  return {
    inputs: (inputs ?? []).map(recordToTuple),
    log: log as ChunkState[] | undefined,
    triggerTime: triggerTime ?? 0,
    msgCount: msgCount ?? 0,
  }
}

function isChunk(c: unknown): c is ChunkState {
  return isPlainObject(c) && c.segment instanceof StateSegment && typeof c.from === 'number' && typeof c.to === 'number'
}
