// In-memory KvStore (tests, embedding): values are stored v8-serialized, so a read returns a copy with the same
// types a persistent store would give back.

import { deserialize, serialize } from 'node:v8'
import { KuiperError } from '../core/errors.js'
import type { KvStore, KvTable } from './kv-store.js'

/** Byte order of the UTF-8 keys (what SQLite's BINARY collation and Redis give). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

class MemoryKvTable implements KvTable {
  private readonly data = new Map<string, Buffer>()

  constructor(private readonly store: MemoryKvStore) {}

  async get(key: string): Promise<unknown> {
    this.store.assertOpen()
    const b = this.data.get(key)
    return b === undefined ? undefined : deserialize(b)
  }

  async set(key: string, value: unknown): Promise<void> {
    this.store.assertOpen()
    this.data.set(key, serialize(value))
  }

  async setIfAbsent(key: string, value: unknown): Promise<boolean> {
    this.store.assertOpen()
    if (this.data.has(key)) return false
    this.data.set(key, serialize(value))
    return true
  }

  async delete(key: string): Promise<boolean> {
    this.store.assertOpen()
    return this.data.delete(key)
  }

  async keys(): Promise<string[]> {
    this.store.assertOpen()
    return [...this.data.keys()].sort(compareKeys)
  }

  async entries(): Promise<[string, unknown][]> {
    const keys = await this.keys()
    return keys.map((k) => [k, deserialize(this.data.get(k)!)])
  }

  async clear(): Promise<void> {
    this.store.assertOpen()
    this.data.clear()
  }
}

export class MemoryKvStore implements KvStore {
  private readonly tables = new Map<string, MemoryKvTable>()
  private closed = false

  table(name: string): KvTable {
    let t = this.tables.get(name)
    if (t === undefined) {
      t = new MemoryKvTable(this)
      this.tables.set(name, t)
    }
    return t
  }

  async close(): Promise<void> {
    this.closed = true
  }

  /** @internal */
  assertOpen(): void {
    if (this.closed) throw new KuiperError('STATE_ERROR', 'the state store is closed')
  }
}
