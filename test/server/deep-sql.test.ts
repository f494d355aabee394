// Deep SQL over REST: a 400 naming the nesting limit, never a 500 `Maximum call stack size exceeded`, and kuiperd
// keeps serving.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { http, startKuiperd } from './kuiperd-process.js'
import type { HttpResult, Kuiperd } from './kuiperd-process.js'

let k: Kuiperd
const call = (method: string, path: string, body?: unknown) => http(k.url, method, path, body)

before(async () => {
  k = await startKuiperd()
  const r = await call('POST', '/streams', {
    sql: 'CREATE STREAM demo (a BIGINT, b BOOLEAN, e ARRAY(BIGINT)) WITH (DATASOURCE="deep", TYPE="memory")',
  })
  assert.equal(r.status, 201, r.text)
})
after(async () => {
  await k?.stop()
})

function assertParseError(r: HttpResult, message: RegExp): void {
  assert.equal(r.status, 400, r.text)
  const body = r.json() as { error: string; message: string }
  assert.equal(body.error, 'PARSE_ERROR')
  assert.match(body.message, message)
}

const rule = (id: string, sql: string) => ({ id, sql, actions: [{ log: {} }] })

describe('deep SQL over REST', () => {
  it('answers deep nesting, long chains and deep stream types with a 400 naming the limit', async () => {
    assertParseError(
      await call('POST', '/rules', rule('parens', `SELECT ${'('.repeat(20_000)}a FROM demo`)),
      /expression nesting is deeper than 200 levels at line 1, column 208/,
    )
    assertParseError(
      await call('POST', '/rules', rule('calls', `SELECT ${'abs('.repeat(5000)}a${')'.repeat(5000)} FROM demo`)),
      /expression nesting is deeper than 200 levels/,
    )
    const chain = Array.from({ length: 10_000 }, () => 'b').join(' OR ')
    assertParseError(
      await call('POST', '/rules', rule('chain', `SELECT a FROM demo WHERE ${chain}`)),
      /expression is more than 500 operators deep/,
    )
    assertParseError(
      await call('POST', '/streams', {
        sql: `CREATE STREAM deep (f ${'STRUCT(g '.repeat(5000)}BIGINT${')'.repeat(5000)}) WITH (DATASOURCE="x")`,
      }),
      /type nesting is deeper than 200 levels/,
    )
    // Nothing was stored.
    assert.deepEqual((await call('GET', '/rules')).json(), [])
    assert.deepEqual((await call('GET', '/streams')).json(), ['demo'])
  })

  it('creates a rule at the limits, and answers a burst of deep statements without a 500', async () => {
    const atLimit = `SELECT ${'abs('.repeat(200)}a${')'.repeat(200)} AS r FROM demo WHERE ${Array.from({ length: 500 }, () => 'b').join(' OR ')}`
    const created = await call('POST', '/rules', rule('limits', atLimit))
    assert.equal(created.status, 201, created.text)
    const shapes = ['(', '- ', 'NOT ', 'abs(', 'e[', 'CASE WHEN b THEN ']
    for (let i = 0; i < 60; i++) {
      const open = shapes[i % shapes.length]!
      const depth = [150, 201, 3000, 30_000][i % 4]!
      const r = await call('POST', '/rules', rule(`burst${i}`, `SELECT ${open.repeat(depth)}a FROM demo`))
      if (depth > 200) assertParseError(r, /nesting is deeper than 200 levels/)
      else assert.ok(r.status === 201 || r.status === 400, `${open} × ${depth}: ${r.status} ${r.text.slice(0, 200)}`)
    }
    assert.equal((await call('GET', '/rules/limits/status')).status, 200)
  })
})
