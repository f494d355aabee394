import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { MemoryKvStore } from '../../../src/state/memory-kv-store.js'
import { SqliteKvStore } from '../../../src/state/sqlite-kv-store.js'
import { describeKvStore } from '../../contract/kv-store-contract.js'

const dir = mkdtempSync(join(tmpdir(), 'kuiper-kv-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let n = 0

describeKvStore('memory', { create: () => new MemoryKvStore() })

describeKvStore('sqlite', {
  create: () => new SqliteKvStore(join(dir, `store-${n++}`, 'sqliteKV.db')),
  reopen: (closed) => new SqliteKvStore((closed as SqliteKvStore).file),
})
