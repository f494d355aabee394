// Rules that could never run are refused at create with 400 and nothing stored: windows whose length, hop,
// timeout or count cannot make a window, and actions that name no sink.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { http, startKuiperd } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'

let k: Kuiperd
const call = (method: string, path: string, body?: unknown) => http(k.url, method, path, body)

before(async () => {
  k = await startKuiperd()
  const sql = 'CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="demo", TYPE="memory")'
  assert.equal((await call('POST', '/streams', { sql })).status, 201)
})
after(async () => {
  await k?.stop()
})

async function assertRefused(rule: Record<string, unknown>, message: RegExp): Promise<void> {
  const r = await call('POST', '/rules', { id: 'bad', sql: 'SELECT temp FROM demo', actions: [{ nop: {} }], ...rule })
  assert.equal(r.status, 400, r.text)
  assert.match((r.json() as { message: string }).message, message)
  assert.deepEqual(r.json() && (await call('GET', '/rules')).json(), [])
  assert.equal((await call('GET', '/rules/bad')).status, 404)
}

const BAD_WINDOWS: readonly (readonly [string, RegExp])[] = [
  ['TUMBLINGWINDOW(ss, 0)', /invalid window tumblingwindow\(ss, 0\): the length must be a positive integer/],
  ['TUMBLINGWINDOW(ss, -1)', /length must be a positive integer/],
  ['TUMBLINGWINDOW(ss, 1.5)', /expecting interger literal/],
  ['TUMBLINGWINDOW(ss)', /arguments for tumblingwindow should be 2/],
  ['HOPPINGWINDOW(ss, 10, 0)', /the hop interval must be a positive integer/],
  ['HOPPINGWINDOW(ss, 0, 5)', /the length must be a positive integer/],
  ['HOPPINGWINDOW(ss, 10, -5)', /the hop interval must be a positive integer/],
  ['SLIDINGWINDOW(ms, 0)', /the length must be a positive integer/],
  ['SESSIONWINDOW(mi, 10, 0)', /the timeout must be a positive integer/],
  ['SESSIONWINDOW(mi, -10, 2)', /the length must be a positive integer/],
  ['COUNTWINDOW(0, 0)', /the size must be a positive integer/],
  ['COUNTWINDOW(0)', /Invalid parameter value 0/],
  ['COUNTWINDOW(5, -1)', /the step must be an integer from 0 to the size/],
]

describe('windows that cannot make a window', () => {
  for (const [w, message] of BAD_WINDOWS) {
    it(`refuses GROUP BY ${w} with 400, storing nothing`, async () => {
      await assertRefused({ sql: `SELECT count(*) FROM demo GROUP BY ${w}` }, message)
    })
  }

  it('accepts each window type with valid arguments', async () => {
    const windows = [
      'TUMBLINGWINDOW(ss, 1)',
      'HOPPINGWINDOW(ss, 10, 5)',
      'SLIDINGWINDOW(ms, 1)',
      'SESSIONWINDOW(mi, 10, 2)',
      'COUNTWINDOW(5, 5)',
      'COUNTWINDOW(3)',
    ]
    for (const [i, w] of windows.entries()) {
      const rule = { id: `ok${i}`, sql: `SELECT count(*) FROM demo GROUP BY ${w}`, actions: [{ nop: {} }] }
      const r = await call('POST', '/rules', rule)
      assert.equal(r.status, 201, r.text)
      assert.equal(r.text, `Rule ok${i} was created successfully.`)
      assert.equal((await call('DELETE', `/rules/ok${i}`)).status, 200)
    }
  })
})

describe('actions that name no sink', () => {
  const BAD_ACTIONS: readonly (readonly [string, unknown, RegExp])[] = [
    ['[null]', [null], /Invalid action 0: expected an object naming a sink type, like \{"log": \{\}\}, found null\./],
    ['[{}]', [{}], /Invalid action 0: expected an object naming a sink type, like \{"log": \{\}\}, found \{\}/],
    ['[{"nop": {}}, {}]', [{ nop: {} }, {}], /Invalid action 1: .* found \{\}/],
    ['[1]', [1], /cannot unmarshal number 1/],
    ['["log"]', ['log'], /cannot unmarshal string/],
    ['[[]]', [[]], /cannot unmarshal array/],
    [
      '[{"log": null}]',
      [{ log: null }],
      /expect map\[string\]interface\{\} type for the action properties, but found null/,
    ],
    ['[{"log": 1}]', [{ log: 1 }], /action properties, but found 1/],
    ['[{"log": []}]', [{ log: [] }], /action properties, but found \[\]/],
    ['[{"nosuch": {}}]', [{ nosuch: {} }], /nosuch/],
    ['[]', [], /Missing rule actions/],
    ['{}', {}, /cannot unmarshal object/],
  ]
  for (const [label, actions, message] of BAD_ACTIONS) {
    it(`refuses actions ${label} with 400, storing nothing`, async () => {
      await assertRefused({ actions }, message)
    })
  }

  it('refuses the same through PUT /rules/{id}, keeping the rule as it was', async () => {
    const rule = { id: 'keep', sql: 'SELECT temp FROM demo', actions: [{ nop: {} }] }
    assert.equal((await call('POST', '/rules', rule)).status, 201)
    for (const change of [{ actions: [{}] }, { sql: 'SELECT count(*) FROM demo GROUP BY TUMBLINGWINDOW(ss, 0)' }]) {
      const r = await call('PUT', '/rules/keep', { ...rule, ...change })
      assert.equal(r.status, 400, r.text)
      assert.deepEqual(((await call('GET', '/rules/keep')).json() as { actions: unknown }).actions, rule.actions)
      assert.equal((await call('GET', '/rules/keep/status')).status, 200)
    }
    assert.equal((await call('DELETE', '/rules/keep')).status, 200)
  })
})
