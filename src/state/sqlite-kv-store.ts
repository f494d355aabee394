// The embedded default KvStore: one SQLite file (better-sqlite3) in the data dir, one row per (table, key), values
// v8-serialized. Writes are synchronous and durable (WAL) before the promise resolves.

import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import Database from 'better-sqlite3'
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3'
import { KuiperError, errorMessage } from '../core/errors.js'
import type { KvStore, KvTable } from './kv-store.js'

/** The file name in the data dir (eKuiper's later sqlite store uses the same). */
export const SQLITE_STORE_FILE = 'sqliteKV.db'

interface Statements {
  readonly get: Statement<[string, string], { v: Buffer }>
  readonly upsert: Statement<[string, string, Buffer]>
  readonly insertIfAbsent: Statement<[string, string, Buffer]>
  readonly del: Statement<[string, string]>
  readonly keys: Statement<[string], { k: string }>
  readonly entries: Statement<[string], { k: string; v: Buffer }>
  readonly clear: Statement<[string]>
}

class SqliteKvTable implements KvTable {
  constructor(
    private readonly store: SqliteKvStore,
    private readonly name: string,
  ) {}

  async get(key: string): Promise<unknown> {
    if (!this.store.mayHoldRows(this.name)) return undefined
    const row = this.store.run((s) => s.get.get(this.name, key))
    return row === undefined ? undefined : deserialize(row.v)
  }

  async set(key: string, value: unknown): Promise<void> {
    const v = serialize(value)
    this.store.run((s) => s.upsert.run(this.name, key, v))
    this.store.written(this.name)
  }

  async setIfAbsent(key: string, value: unknown): Promise<boolean> {
    const v = serialize(value)
    const inserted = this.store.run((s) => s.insertIfAbsent.run(this.name, key, v).changes === 1)
    this.store.written(this.name)
    return inserted
  }

  async delete(key: string): Promise<boolean> {
    return this.store.run((s) => s.del.run(this.name, key).changes === 1)
  }

  async keys(): Promise<string[]> {
    if (!this.store.mayHoldRows(this.name)) return []
    return this.store.run((s) => s.keys.all(this.name).map((r) => r.k))
  }

  async entries(): Promise<[string, unknown][]> {
    if (!this.store.mayHoldRows(this.name)) return []
    return this.store.run((s) => s.entries.all(this.name).map((r): [string, unknown] => [r.k, deserialize(r.v)]))
  }

  async clear(): Promise<void> {
    this.store.run((s) => s.clear.run(this.name))
  }
}

export class SqliteKvStore implements KvStore {
  private db: SqliteDatabase | undefined
  private readonly statements: Statements
  private readonly tables = new Map<string, SqliteKvTable>()
  /**
   * The tables that may hold rows: those with rows when the file was opened, and every one written since. A read of
   * any other table answers empty without a query: at boot each of 10,000 rules' sinks reads its outbox table, nearly
   * always empty, and those queries were a twentieth of the restore's CPU. The data folder is locked to one kuiperd,
   * so no other process writes the file meanwhile.
   */
  private readonly occupied: Set<string>

  /** Opens (creating) the database file; `:memory:` for a private in-memory database. */
  constructor(readonly file: string) {
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
      const db = new Database(file)
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.exec(
        'CREATE TABLE IF NOT EXISTS kv (tbl TEXT NOT NULL, k TEXT NOT NULL, v BLOB NOT NULL, PRIMARY KEY (tbl, k)) WITHOUT ROWID',
      )
      this.db = db
      this.occupied = new Set(
        db
          .prepare<[], { tbl: string }>('SELECT DISTINCT tbl FROM kv')
          .all()
          .map((r) => r.tbl),
      )
      this.statements = {
        get: db.prepare('SELECT v FROM kv WHERE tbl = ? AND k = ?'),
        upsert: db.prepare(
          'INSERT INTO kv (tbl, k, v) VALUES (?, ?, ?) ON CONFLICT (tbl, k) DO UPDATE SET v = excluded.v',
        ),
        insertIfAbsent: db.prepare('INSERT INTO kv (tbl, k, v) VALUES (?, ?, ?) ON CONFLICT (tbl, k) DO NOTHING'),
        del: db.prepare('DELETE FROM kv WHERE tbl = ? AND k = ?'),
        keys: db.prepare('SELECT k FROM kv WHERE tbl = ? ORDER BY k'),
        entries: db.prepare('SELECT k, v FROM kv WHERE tbl = ? ORDER BY k'),
        clear: db.prepare('DELETE FROM kv WHERE tbl = ?'),
      }
    } catch (err) {
      throw new KuiperError('STATE_ERROR', `cannot open the state store ${file}: ${errorMessage(err)}`, { cause: err })
    }
  }

  table(name: string): KvTable {
    let t = this.tables.get(name)
    if (t === undefined) {
      t = new SqliteKvTable(this, name)
      this.tables.set(name, t)
    }
    return t
  }

  async close(): Promise<void> {
    const db = this.db
    this.db = undefined
    db?.close()
  }

  /** @internal Whether table `name` may hold rows (see `occupied`). */
  mayHoldRows(name: string): boolean {
    this.checkOpen()
    return this.occupied.has(name)
  }

  /** @internal Table `name` was written to. */
  written(name: string): void {
    this.occupied.add(name)
  }

  /** @internal Runs one statement, turning driver errors into STATE_ERROR. */
  run<T>(f: (s: Statements) => T): T {
    this.checkOpen()
    try {
      return f(this.statements)
    } catch (err) {
      throw new KuiperError('STATE_ERROR', `state store ${this.file}: ${errorMessage(err)}`, { cause: err })
    }
  }

  private checkOpen(): void {
    if (this.db === undefined) throw new KuiperError('STATE_ERROR', 'the state store is closed')
  }
}
