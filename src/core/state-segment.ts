// A piece of a checkpointed state that is written to the state store once and then shared by reference by every
// later checkpoint that still holds it (incremental snapshots). An operator puts StateSegments in what its
// `snapshot()` returns, e.g. a window's buffered rows as one segment per checkpoint interval; the checkpoint
// coordinator writes the bytes of the segments not stored yet and, for the others, only their key.

import { nodeCrypto } from './lazy-builtins.js'

/** A segment's only enumerable property: `v8.serialize` writes a segment as `{ $$kuiperSegment: key }`. */
export const SEGMENT_KEY = '$$kuiperSegment'

// Keys are unique within a rule's checkpoints across restarts: a random prefix per process, then a counter.
/** This process's part of the segment keys it makes (made with the first one). */
let run: string | undefined
let counter = 0

/**
 * @example
 * const seg = new StateSegment(serialize(rows)) // in snapshot(): the rows appended since the last checkpoint
 * return { log: [seg, ...earlierSegments] }      // earlier segments travel as their key only
 */
export class StateSegment {
  readonly [SEGMENT_KEY]: string
  // Private fields are not properties, so v8.serialize leaves them out of the checkpoint's own bytes.
  #bytes: Uint8Array | undefined
  #stored: boolean

  /**
   * A new segment holding `bytes` (its owner's encoding): it is written with the next completed checkpoint.
   * With `storedKey`, a segment read back from the store on restore, already stored under that key.
   */
  constructor(bytes: Uint8Array, storedKey?: string) {
    this[SEGMENT_KEY] =
      storedKey ?? `${(run ??= nodeCrypto().randomBytes(6).toString('base64url'))}.${(counter++).toString(36)}`
    this.#bytes = bytes
    this.#stored = storedKey !== undefined
  }

  get key(): string {
    return this[SEGMENT_KEY]
  }

  /** The encoded content; a new segment drops it once stored (the owner keeps the decoded rows). */
  get bytes(): Uint8Array | undefined {
    return this.#bytes
  }

  /** Whether a completed checkpoint holding this segment is in the store. */
  get stored(): boolean {
    return this.#stored
  }

  /** Called by the coordinator once a checkpoint holding this segment has been stored. */
  markStored(): void {
    this.#stored = true
    this.#bytes = undefined
  }
}

/** `{ $$kuiperSegment: key }` as v8.deserialize gives it back: the key, else undefined. */
export function segmentRefKey(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined
  const key = (v as Record<string, unknown>)[SEGMENT_KEY]
  return typeof key === 'string' && Object.keys(v).length === 1 ? key : undefined
}
