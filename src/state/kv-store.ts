// The state store contract: namespaced key/value tables behind one async interface, implemented by the embedded
// default (SQLite in the data dir), memory (tests) and Redis. Metadata, sink outboxes and checkpoints all use it,
// so that nothing assumes one process owns all state.

/**
 * Values are anything `v8.serialize` accepts (plain objects, arrays, bigint, Date, Uint8Array...), so Kuiper
 * values keep their types across a restart.
 * @example
 * const rules = store.table('rules')
 * await rules.set('rule1', { sql: 'SELECT * FROM demo', triggered: true })
 */
export interface KvTable {
  get(key: string): Promise<unknown>
  set(key: string, value: unknown): Promise<void>
  /** Sets only when absent; false when the key already existed (create-if-absent without a race). */
  setIfAbsent(key: string, value: unknown): Promise<boolean>
  /** False when the key did not exist. */
  delete(key: string): Promise<boolean>
  /** Keys in ascending (byte) order. */
  keys(): Promise<string[]>
  entries(): Promise<[string, unknown][]>
  clear(): Promise<void>
}

export interface KvStore {
  /** The table `name`, created on first use. */
  table(name: string): KvTable
  close(): Promise<void>
}
