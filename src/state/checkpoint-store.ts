// Completed checkpoints by rule id and checkpoint id on a KvStore (1.0's data/checkpoints/<ruleId>: key
// `checkpoints` lists the ids, one key per checkpoint holds each node's serialized state); the last 3 are kept.
// Incremental snapshots: big parts of a state (a window's buffered rows) are segments, each written once under
// `seg/<key>` and referred to by every checkpoint that holds it; a segment no kept checkpoint refers to is deleted.

import type { KvStore, KvTable } from './kv-store.js'

/** One completed checkpoint: node id → that node's state, `v8.serialize`d. */
export interface StoredCheckpoint {
  readonly id: number
  readonly states: Readonly<Record<string, Uint8Array>>
  /** The bytes of every segment the states refer to, by key. */
  readonly segments: ReadonlyMap<string, Uint8Array>
}

/** The segments of a checkpoint being saved: the keys it refers to and the bytes of those not stored yet. */
export interface CheckpointSegments {
  /** Every segment key the states refer to (those written now included). */
  readonly refs: readonly string[]
  /** Segments to write with this checkpoint, by key. */
  readonly written: ReadonlyMap<string, Uint8Array>
}

/** How many completed checkpoints a rule keeps (1.0 keeps 3). */
export const KEEP_CHECKPOINTS = 3

const LIST_KEY = 'checkpoints'
const SEGMENT_PREFIX = 'seg/'
const STATE_PREFIX = 'cp/'
const NO_SEGMENTS: CheckpointSegments = { refs: [], written: new Map() }

/** What `cp/<id>` holds. */
interface CheckpointRecord {
  readonly id: number
  readonly states: Readonly<Record<string, Uint8Array>>
  readonly segments?: readonly string[]
}

/** The KvStore table of a rule's checkpoints. */
export function checkpointTable(ruleId: string): string {
  return `checkpoint/${ruleId}`
}

function stateKey(id: number): string {
  return `${STATE_PREFIX}${id}`
}

function segmentKey(key: string): string {
  return `${SEGMENT_PREFIX}${key}`
}

function isRecord(v: unknown): v is CheckpointRecord {
  return typeof v === 'object' && v !== null && typeof (v as CheckpointRecord).states === 'object'
}

/**
 * @example
 * const checkpoints = new CheckpointStore(store)
 * await checkpoints.save('rule1', 1541152487200, { source_demo: serialize({ offset: 2 }) })
 * const last = await checkpoints.latest('rule1') // { id: 1541152487200, states: {...}, segments: Map {} }
 */
export class CheckpointStore {
  /** Per rule, the segment keys of the checkpoints saved by this process (saves do not read them back). */
  private readonly refsByRule = new Map<string, Map<number, readonly string[]>>()

  constructor(
    private readonly store: KvStore,
    private readonly keep = KEEP_CHECKPOINTS,
  ) {}

  /**
   * Stores a completed checkpoint. The new segments and the state are written first and the id list last, so a
   * crash in between leaves the previous checkpoint as the latest; checkpoints beyond the last `keep`, and the
   * segments none of the kept ones refers to (also those a crash left behind), are deleted afterwards.
   */
  async save(
    ruleId: string,
    id: number,
    states: Readonly<Record<string, Uint8Array>>,
    segments: CheckpointSegments = NO_SEGMENTS,
  ): Promise<void> {
    const t = this.table(ruleId)
    for (const [key, bytes] of segments.written) await t.set(segmentKey(key), bytes)
    const record: CheckpointRecord = { id, states, segments: segments.refs }
    await t.set(stateKey(id), record)
    const ids = (await this.list(ruleId)).filter((x) => x !== id)
    ids.push(id)
    const kept = ids.slice(-this.keep)
    await t.set(LIST_KEY, kept)
    let refs = this.refsByRule.get(ruleId)
    if (refs === undefined) this.refsByRule.set(ruleId, (refs = new Map()))
    refs.set(id, segments.refs)
    for (const old of refs.keys()) if (!kept.includes(old)) refs.delete(old)
    await this.collectGarbage(t, kept, refs)
  }

  /** Ids of the stored checkpoints, oldest first. */
  async list(ruleId: string): Promise<number[]> {
    const v = await this.table(ruleId).get(LIST_KEY)
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []
  }

  /** The last completed checkpoint of the rule with its segments, or undefined when it has none. */
  async latest(ruleId: string): Promise<StoredCheckpoint | undefined> {
    const ids = await this.list(ruleId)
    const t = this.table(ruleId)
    for (let i = ids.length - 1; i >= 0; i--) {
      const v = await t.get(stateKey(ids[i]!))
      if (!isRecord(v)) continue
      const segments = await this.readSegments(t, v.segments ?? [])
      if (segments !== undefined) return { id: v.id, states: v.states, segments }
    }
    return undefined
  }

  /** Deletes every checkpoint of the rule (the rule was dropped: a new rule of that name starts empty). */
  async deleteRule(ruleId: string): Promise<void> {
    this.refsByRule.delete(ruleId)
    await this.table(ruleId).clear()
  }

  private table(ruleId: string): KvTable {
    return this.store.table(checkpointTable(ruleId))
  }

  /** The segments by key; undefined when one is missing (that checkpoint cannot be restored). */
  private async readSegments(t: KvTable, keys: readonly string[]): Promise<Map<string, Uint8Array> | undefined> {
    const out = new Map<string, Uint8Array>()
    for (const key of keys) {
      const bytes = await t.get(segmentKey(key))
      if (!(bytes instanceof Uint8Array)) return undefined
      out.set(key, bytes)
    }
    return out
  }

  /** Deletes the states not in `kept` and the segments no kept checkpoint refers to. */
  private async collectGarbage(
    t: KvTable,
    kept: readonly number[],
    known: ReadonlyMap<number, readonly string[]>,
  ): Promise<void> {
    const live = new Set<string>()
    for (const id of kept) {
      let refs = known.get(id)
      if (refs === undefined) {
        // Saved before this process started: read its record.
        const v = await t.get(stateKey(id))
        refs = isRecord(v) ? (v.segments ?? []) : []
      }
      for (const key of refs) live.add(key)
    }
    const keptStates = new Set(kept.map(stateKey))
    for (const key of await t.keys()) {
      const dead = key.startsWith(STATE_PREFIX)
        ? !keptStates.has(key)
        : key.startsWith(SEGMENT_PREFIX) && !live.has(key.slice(SEGMENT_PREFIX.length))
      if (dead) await t.delete(key)
    }
  }
}
