// A node's checkpointed state as bytes, with the StateSegments it holds kept apart: encoding serializes the state
// (each segment becomes `{ $$kuiperSegment: key }`) and lists the segments, so that the store writes a segment's
// bytes once and later checkpoints only refer to it; decoding puts the stored segments back in place.

import { deserialize, serialize } from 'node:v8'
import { KuiperError } from '../../core/errors.js'
import { setOwn } from '../../core/maps.js'
import { StateSegment, segmentRefKey } from '../../core/state-segment.js'

export interface EncodedState {
  /** The state with each segment as its key only. */
  readonly bytes: Uint8Array
  /** The segments the state holds, each once. */
  readonly segments: readonly StateSegment[]
}

/** Serializes `state` (a copy now: the node goes on changing it) and finds the segments inside it. */
export function encodeState(state: unknown): EncodedState {
  const segments = new Set<StateSegment>()
  collectSegments(state, segments, new Set())
  return { bytes: serialize(state), segments: [...segments] }
}

/**
 * The state `encodeState` serialized, each segment reference replaced by a StateSegment holding the stored bytes.
 * A reference to a segment missing from `segments` is a STATE_ERROR (the checkpoint is incomplete).
 */
export function decodeState(bytes: Uint8Array, segments: ReadonlyMap<string, Uint8Array>): unknown {
  return resolveSegments(deserialize(bytes), segments, new Set())
}

// Walks arrays, plain objects, maps and sets; states are small apart from their segments (which are not entered).
function collectSegments(v: unknown, out: Set<StateSegment>, seen: Set<object>): void {
  if (typeof v !== 'object' || v === null) return
  if (v instanceof StateSegment) {
    out.add(v)
    return
  }
  if (ArrayBuffer.isView(v) || v instanceof Date || seen.has(v)) return
  seen.add(v)
  if (Array.isArray(v)) {
    for (const x of v as unknown[]) if (typeof x === 'object' && x !== null) collectSegments(x, out, seen)
  } else if (v instanceof Map) {
    for (const [k, x] of v) {
      collectSegments(k, out, seen)
      collectSegments(x, out, seen)
    }
  } else if (v instanceof Set) {
    for (const x of v) collectSegments(x, out, seen)
  } else {
    for (const x of Object.values(v)) if (typeof x === 'object' && x !== null) collectSegments(x, out, seen)
  }
}

function resolveSegments(v: unknown, segments: ReadonlyMap<string, Uint8Array>, seen: Set<object>): unknown {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || v instanceof Date || seen.has(v)) return v
  const key = segmentRefKey(v)
  if (key !== undefined) {
    const bytes = segments.get(key)
    if (bytes === undefined) throw new KuiperError('STATE_ERROR', `checkpoint segment ${key} is missing`)
    return new StateSegment(bytes, key)
  }
  seen.add(v)
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = resolveSegments(v[i] as unknown, segments, seen)
  } else if (v instanceof Map) {
    for (const [k, x] of v) v.set(k, resolveSegments(x, segments, seen))
  } else if (!(v instanceof Set)) {
    const o = v as Record<string, unknown>
    for (const k of Object.keys(o)) {
      const x = o[k]
      const r = resolveSegments(x, segments, seen)
      if (r !== x) setOwn(o, k, r)
    }
  }
  return v
}
