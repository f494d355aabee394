// The Redis KvStore (ioredis): one Redis hash per table (`<prefix>:kv:<table>`, field = key, value = the
// v8-serialized value), so several kuiperd instances or restarts share state through one server.

import { deserialize, serialize } from 'node:v8'
import { Redis } from 'ioredis'
import { KuiperError, errorMessage } from '../core/errors.js'
import type { KvStore, KvTable } from './kv-store.js'
import { compareKeys } from './memory-kv-store.js'

/** eKuiper's `store.redis` keys (host, port, password, timeout) plus a database and a key prefix. */
export interface RedisKvStoreOptions {
  readonly host?: string
  readonly port?: number
  readonly password?: string
  /** ms to connect and to wait for each command (also while reconnecting); default 5000. */
  readonly timeout?: number
  readonly db?: number
  /** Prefix of every key; default `kuiper`. */
  readonly keyPrefix?: string
}

export const REDIS_STORE_DEFAULTS = { host: '127.0.0.1', port: 6379, timeout: 5000, keyPrefix: 'kuiper' } as const

class RedisKvTable implements KvTable {
  private readonly key: string

  constructor(
    private readonly store: RedisKvStore,
    name: string,
  ) {
    this.key = store.tableKey(name)
  }

  async get(key: string): Promise<unknown> {
    const b = await this.store.run((r) => r.hgetBuffer(this.key, key))
    return b === null ? undefined : deserialize(b)
  }

  async set(key: string, value: unknown): Promise<void> {
    const v = serialize(value)
    await this.store.run((r) => r.hset(this.key, key, v))
  }

  async setIfAbsent(key: string, value: unknown): Promise<boolean> {
    const v = serialize(value)
    return (await this.store.run((r) => r.hsetnx(this.key, key, v))) === 1
  }

  async delete(key: string): Promise<boolean> {
    return (await this.store.run((r) => r.hdel(this.key, key))) === 1
  }

  async keys(): Promise<string[]> {
    return (await this.store.run((r) => r.hkeys(this.key))).sort(compareKeys)
  }

  async entries(): Promise<[string, unknown][]> {
    const all = await this.store.run((r) => r.hgetallBuffer(this.key))
    return Object.keys(all)
      .sort(compareKeys)
      .map((k): [string, unknown] => [k, deserialize(all[k]!)])
  }

  async clear(): Promise<void> {
    await this.store.run((r) => r.del(this.key))
  }
}

/**
 * @example
 * const store = new RedisKvStore({ host: '127.0.0.1', port: 6379 })
 * await store.table('rule').set('r1', { sql: 'SELECT * FROM demo' })
 */
export class RedisKvStore implements KvStore {
  readonly options: RedisKvStoreOptions
  private client: Redis | undefined
  private readonly tables = new Map<string, RedisKvTable>()
  private readonly prefix: string

  constructor(options: RedisKvStoreOptions = {}) {
    this.options = options
    this.prefix = options.keyPrefix ?? REDIS_STORE_DEFAULTS.keyPrefix
    const timeout = options.timeout ?? REDIS_STORE_DEFAULTS.timeout
    this.client = new Redis({
      host: options.host ?? REDIS_STORE_DEFAULTS.host,
      port: options.port ?? REDIS_STORE_DEFAULTS.port,
      ...(options.password !== undefined && options.password !== '' ? { password: options.password } : {}),
      db: options.db ?? 0,
      connectTimeout: timeout,
      commandTimeout: timeout,
      // Keep reconnecting (Redis restarted): commands wait in the offline queue up to `timeout`, then fail.
      maxRetriesPerRequest: null,
      retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
      lazyConnect: false,
    })
    // Connection errors surface as command failures; without a listener ioredis would log them as unhandled.
    this.client.on('error', () => undefined)
  }

  table(name: string): KvTable {
    let t = this.tables.get(name)
    if (t === undefined) {
      t = new RedisKvTable(this, name)
      this.tables.set(name, t)
    }
    return t
  }

  async close(): Promise<void> {
    const c = this.client
    this.client = undefined
    if (c === undefined) return
    try {
      await c.quit()
    } catch {
      c.disconnect()
    }
  }

  /** @internal The hash of table `name`. */
  tableKey(name: string): string {
    return `${this.prefix}:kv:${name}`
  }

  /** @internal Runs one command, turning client errors into STATE_ERROR. */
  async run<T>(f: (r: Redis) => Promise<T>): Promise<T> {
    const c = this.client
    if (c === undefined) throw new KuiperError('STATE_ERROR', 'the state store is closed')
    try {
      return await f(c)
    } catch (err) {
      throw new KuiperError('STATE_ERROR', `redis state store: ${errorMessage(err)}`, { cause: err })
    }
  }
}
