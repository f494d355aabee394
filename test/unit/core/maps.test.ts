import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { convertMap, lowercaseKeys } from '../../../src/core/maps.js'

describe('lowercaseKeys', () => {
  it('lower-cases keys of nested maps', () => {
    assert.deepEqual(lowercaseKeys({ Key1: 'v', Complex: { Sub1: 1n, Sub2: { DEEP: null } } }), {
      key1: 'v',
      complex: { sub1: 1n, sub2: { deep: null } },
    })
  })

  it('keeps maps inside arrays unchanged, as 1.0 does', () => {
    assert.deepEqual(lowercaseKeys({ A: [{ B: 1 }] }), { a: [{ B: 1 }] })
  })

  it('does not modify its input', () => {
    const m = { A: { B: 1 } }
    lowercaseKeys(m)
    assert.deepEqual(m, { A: { B: 1 } })
  })
})

describe('convertMap', () => {
  it('copies nested maps, also inside arrays, and keeps values', () => {
    const input = { ROWCOUNT: 10n, FIELDS: [{ FIELDNAME: 'MANDT' }] }
    const out = convertMap(input)
    assert.deepEqual(out, input)
    assert.notEqual(out['FIELDS'], input.FIELDS)
  })

  it('keeps a __proto__ key as data', () => {
    const input = JSON.parse('{"__proto__": {"a": 1}}') as Record<string, never>
    const out = convertMap(input)
    assert.deepEqual(Object.keys(out), ['__proto__'])
    assert.equal(Object.getPrototypeOf(out), Object.prototype)
  })
})
