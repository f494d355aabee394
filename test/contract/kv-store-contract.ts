// The KvStore contract suite: run once per implementation (memory, SQLite, later Redis) with
// `describeKvStore(name, factory)`. The factory gives a fresh, empty store; `reopen` (if given) reopens the same data.

import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import type { KvStore } from '../../src/state/kv-store.js'

export interface KvStoreFactory {
  /** A new empty store. */
  create(): Promise<KvStore> | KvStore
  /** Reopens the data of a closed store made by `create` (persistent stores only). */
  reopen?(closed: KvStore): Promise<KvStore> | KvStore
}

export function describeKvStore(name: string, factory: KvStoreFactory): void {
  describe(`KvStore contract: ${name}`, () => {
    const open: KvStore[] = []
    const make = async (): Promise<KvStore> => {
      const s = await factory.create()
      open.push(s)
      return s
    }
    after(async () => {
      for (const s of open) await s.close().catch(() => undefined)
    })

    it('reads back what was set and undefined for a missing key', async () => {
      const t = (await make()).table('rules')
      await t.set('r1', { sql: 'SELECT * FROM demo', triggered: true })
      assert.deepEqual(await t.get('r1'), { sql: 'SELECT * FROM demo', triggered: true })
      assert.equal(await t.get('nope'), undefined)
    })

    it('keeps value types that v8.serialize carries (bigint, Date, Uint8Array, nested maps, null)', async () => {
      const t = (await make()).table('values')
      const v = {
        n: 1.5,
        i: 42n,
        big: -(2n ** 63n),
        d: new Date(Date.UTC(2020, 9, 22, 1, 2, 3, 4)),
        b: new Uint8Array([1, 2, 255]),
        a: [1, 'x', null, { y: true }],
        s: 'héllo ✓',
        nil: null,
      }
      await t.set('k', v)
      const got = (await t.get('k')) as typeof v
      assert.deepEqual(got, v)
      assert.equal(typeof got.i, 'bigint')
      assert.ok(got.d instanceof Date)
      assert.ok(got.b instanceof Uint8Array)
    })

    it('returns a copy: mutating a read value does not change the stored one', async () => {
      const t = (await make()).table('copies')
      await t.set('k', { list: [1, 2] })
      const got = (await t.get('k')) as { list: number[] }
      got.list.push(3)
      assert.deepEqual(await t.get('k'), { list: [1, 2] })
    })

    it('overwrites on set', async () => {
      const t = (await make()).table('t')
      await t.set('k', 1)
      await t.set('k', 'two')
      assert.equal(await t.get('k'), 'two')
    })

    it('setIfAbsent writes only when the key is absent', async () => {
      const t = (await make()).table('t')
      assert.equal(await t.setIfAbsent('k', 'first'), true)
      assert.equal(await t.setIfAbsent('k', 'second'), false)
      assert.equal(await t.get('k'), 'first')
    })

    it('delete tells whether the key existed', async () => {
      const t = (await make()).table('t')
      await t.set('k', 1)
      assert.equal(await t.delete('k'), true)
      assert.equal(await t.delete('k'), false)
      assert.equal(await t.get('k'), undefined)
    })

    it('lists keys and entries in ascending byte order', async () => {
      const t = (await make()).table('t')
      for (const k of ['b', 'a', 'B', 'ä', 'a1', '10', '9']) await t.set(k, k.length)
      assert.deepEqual(await t.keys(), ['10', '9', 'B', 'a', 'a1', 'b', 'ä'])
      const entries = await t.entries()
      assert.deepEqual(
        entries.map(([k]) => k),
        ['10', '9', 'B', 'a', 'a1', 'b', 'ä'],
      )
      assert.deepEqual(entries[0], ['10', 2])
    })

    it('keeps tables apart: same key, different tables, clear touches one table', async () => {
      const s = await make()
      const a = s.table('stream')
      const b = s.table('rule')
      await a.set('x', 'stream x')
      await b.set('x', 'rule x')
      assert.equal(await a.get('x'), 'stream x')
      assert.equal(await b.get('x'), 'rule x')
      await a.clear()
      assert.deepEqual(await a.keys(), [])
      assert.deepEqual(await b.keys(), ['x'])
    })

    it('gives the same table for the same name', async () => {
      const s = await make()
      await s.table('t').set('k', 1)
      assert.equal(await s.table('t').get('k'), 1)
    })

    it('rejects operations after close', async () => {
      const s = await factory.create()
      await s.close()
      await assert.rejects(() => s.table('t').get('k'), { code: 'STATE_ERROR' })
    })

    if (factory.reopen !== undefined) {
      it('keeps data across close and reopen', async () => {
        const s = await factory.create()
        await s.table('rule').set('r1', { triggered: false, n: 7n })
        await s.table('stream').set('demo', 'CREATE STREAM demo () WITH (DATASOURCE="d")')
        await s.close()
        const again = await factory.reopen!(s)
        open.push(again)
        assert.deepEqual(await again.table('rule').get('r1'), { triggered: false, n: 7n })
        assert.deepEqual(await again.table('stream').keys(), ['demo'])
      })
    }
  })
}
