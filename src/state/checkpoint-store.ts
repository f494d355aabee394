// Completed checkpoints by rule id and checkpoint id on a KvStore (1.0's data/checkpoints/<ruleId>: key
// `checkpoints` lists the ids, one key per checkpoint holds each node's serialized state); the last 3 are kept.

import type { KvStore, KvTable } from './kv-store.js'

/** One completed checkpoint: node id → that node's state, `v8.serialize`d. */
export interface StoredCheckpoint {
  readonly id: number
  readonly states: Readonly<Record<string, Uint8Array>>
}

/** How many completed checkpoints a rule keeps (1.0 keeps 3). */
export const KEEP_CHECKPOINTS = 3

const LIST_KEY = 'checkpoints'

/** The KvStore table of a rule's checkpoints. */
export function checkpointTable(ruleId: string): string {
  return `checkpoint/${ruleId}`
}

function stateKey(id: number): string {
  return `cp/${id}`
}

/**
 * @example
 * const checkpoints = new CheckpointStore(store)
 * await checkpoints.save('rule1', 1541152487200, { source_demo: serialize({ offset: 2 }) })
 * const last = await checkpoints.latest('rule1') // { id: 1541152487200, states: {...} }
 */
export class CheckpointStore {
  constructor(
    private readonly store: KvStore,
    private readonly keep = KEEP_CHECKPOINTS,
  ) {}

  /**
   * Stores a completed checkpoint. The state is written first and the id list last, so a crash in between leaves
   * the previous checkpoint as the latest; checkpoints beyond the last `keep` are deleted afterwards.
   */
  async save(ruleId: string, id: number, states: Readonly<Record<string, Uint8Array>>): Promise<void> {
    const t = this.table(ruleId)
    await t.set(stateKey(id), { id, states })
    const ids = (await this.list(ruleId)).filter((x) => x !== id)
    ids.push(id)
    const kept = ids.slice(-this.keep)
    await t.set(LIST_KEY, kept)
    for (const old of ids.slice(0, ids.length - kept.length)) await t.delete(stateKey(old))
  }

  /** Ids of the stored checkpoints, oldest first. */
  async list(ruleId: string): Promise<number[]> {
    const v = await this.table(ruleId).get(LIST_KEY)
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []
  }

  /** The last completed checkpoint of the rule, or undefined when it has none. */
  async latest(ruleId: string): Promise<StoredCheckpoint | undefined> {
    const ids = await this.list(ruleId)
    const t = this.table(ruleId)
    for (let i = ids.length - 1; i >= 0; i--) {
      const v = (await t.get(stateKey(ids[i]!))) as StoredCheckpoint | undefined
      if (v !== undefined && typeof v === 'object' && v !== null && typeof v.states === 'object') return v
    }
    return undefined
  }

  /** Deletes every checkpoint of the rule (the rule was dropped: a new rule of that name starts empty). */
  async deleteRule(ruleId: string): Promise<void> {
    await this.table(ruleId).clear()
  }

  private table(ruleId: string): KvTable {
    return this.store.table(checkpointTable(ruleId))
  }
}
