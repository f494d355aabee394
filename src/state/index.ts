// The state stores behind one interface and the factory kuiperd's config picks one with
// (`store.type`: sqlite | redis | memory; `store.sqlite.name`; `store.redis.host/port/password/timeout`).

import { join } from 'node:path'
import { KuiperError } from '../core/errors.js'
import type { KvStore } from './kv-store.js'
import { MemoryKvStore } from './memory-kv-store.js'
import type { RedisKvStoreOptions } from './redis-kv-store.js'
import { SQLITE_STORE_FILE, SqliteKvStore } from './sqlite-kv-store.js'

export type { KvStore, KvTable } from './kv-store.js'
export { MemoryKvStore } from './memory-kv-store.js'
export { SqliteKvStore, SQLITE_STORE_FILE } from './sqlite-kv-store.js'
// The Redis store (and ioredis) is loaded only for store type redis: import RedisKvStore from './redis-kv-store.js'.
export type { RedisKvStoreOptions } from './redis-kv-store.js'
export { CheckpointStore, KEEP_CHECKPOINTS, checkpointTable } from './checkpoint-store.js'
export type { StoredCheckpoint } from './checkpoint-store.js'

export type KvStoreKind = 'sqlite' | 'redis' | 'memory'

export interface KvStoreOptions {
  /** sqlite: the data dir holding the database file. */
  readonly dataDir?: string
  /** sqlite: the file name in the data dir (`store.sqlite.name`); default sqliteKV.db. */
  readonly sqliteName?: string
  /** redis: `store.redis.*`. */
  readonly redis?: RedisKvStoreOptions
}

/**
 * @example
 * const store = await createKvStore(config.store.type, { dataDir, sqliteName: config.store.sqlite.name, redis: config.store.redis })
 */
export async function createKvStore(kind: string, options: KvStoreOptions = {}): Promise<KvStore> {
  switch (kind.toLowerCase() as KvStoreKind) {
    case 'sqlite': {
      if (options.dataDir === undefined) throw new KuiperError('CONFIG_ERROR', 'the sqlite store needs a data dir')
      return new SqliteKvStore(join(options.dataDir, options.sqliteName ?? SQLITE_STORE_FILE))
    }
    case 'redis': {
      const { RedisKvStore } = await import('./redis-kv-store.js')
      return new RedisKvStore(options.redis ?? {})
    }
    case 'memory':
      return new MemoryKvStore()
    default:
      throw new KuiperError('CONFIG_ERROR', `unknown store type ${kind}: expected sqlite or redis`)
  }
}
