import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  deepEqualGo,
  goValueAt,
  jsonRoundtripDiff,
  parsePointer,
  tupleAt,
} from '../../../scripts/conformance/go-values.js'
import type { ConformanceCase } from '../../../scripts/conformance/types.js'

function kase(fields: Record<string, unknown>, goTypes: Record<string, string> = {}): ConformanceCase {
  return { kind: 'test', name: 'T#0', status: 'ok', ...fields, go_types: goTypes }
}

describe('parsePointer', () => {
  it('unescapes ~1 and ~0', () => {
    assert.deepEqual(parsePointer('/a~1b/c~0d/0'), ['a/b', 'c~d', '0'])
    assert.deepEqual(parsePointer(''), [])
  })
})

describe('goValueAt', () => {
  it('reads numbers without an entry as float64 and integer types as bigint', () => {
    const c = kase({ m: { a: 3, b: 3, c: 2.5 } }, { '/m/a': 'int', '/m/c': 'float64' })
    assert.deepEqual(goValueAt(c, '/m'), { a: 3n, b: 3, c: 2.5 })
  })

  it('reads integers written as strings beyond 2^53 exactly', () => {
    const c = kase({ v: '10796529505058023104' }, { '/v': 'uint64' })
    assert.equal(goValueAt(c, '/v'), 10796529505058023104n)
  })

  it('converts time.Time from milliseconds, []byte from text and error to its message', () => {
    const c = kase({ t: 1541152488442, b: 'hi', e: 'boom' }, { '/t': 'time.Time', '/b': '[]byte', '/e': 'error' })
    assert.deepEqual(goValueAt(c, '/t'), new Date(1541152488442))
    assert.deepEqual(goValueAt(c, '/b'), new Uint8Array([104, 105]))
    assert.equal(goValueAt(c, '/e'), 'boom')
  })

  it('types the elements of typed slices and maps, nested too', () => {
    const c = kase(
      { a: [[1, 2], null], t: [1000], m: { x: 1 }, f: [1, 2] },
      { '/a': '[][]int', '/t': '[]time.Time', '/m': 'map[string]int', '/f': '[]float64' },
    )
    assert.deepEqual(goValueAt(c, '/a'), [[1n, 2n], null])
    assert.deepEqual(goValueAt(c, '/t'), [new Date(1000)])
    assert.deepEqual(goValueAt(c, '/m'), { x: 1n })
    assert.deepEqual(goValueAt(c, '/f'), [1, 2])
  })

  it('reads a typed nil as null and applies entries below struct types', () => {
    const c = kase(
      { a: null, s: { Message: { n: 1 } } },
      { '/a': 'map[string]interface{}', '/s': '*xsql.Tuple', '/s/Message/n': 'int' },
    )
    assert.equal(goValueAt(c, '/a'), null)
    assert.deepEqual(goValueAt(c, '/s'), { Message: { n: 1n } })
  })

  it('handles keys with / and ~ in pointers', () => {
    const c = kase({ m: { 'a/b': 1, 'c~d': 2 } }, { '/m/a~1b': 'int64', '/m/c~0d': 'int64' })
    assert.deepEqual(goValueAt(c, '/m'), { 'a/b': 1n, 'c~d': 2n })
  })

  it('returns a fresh copy and throws on a missing pointer', () => {
    const c = kase({ m: { a: 1 } })
    const v = goValueAt(c, '/m') as Record<string, unknown>
    v['a'] = 2
    assert.deepEqual(goValueAt(c, '/m'), { a: 1 })
    assert.throws(() => goValueAt(c, '/nope'), /no value at \/nope/)
  })
})

describe('tupleAt', () => {
  it('builds a Tuple from the Go field names', () => {
    const c = kase(
      { input: { Emitter: 'demo', Message: { a: 1, b: 'x' }, Timestamp: 5, Metadata: { topic: 'mock' } } },
      { '/input': '*xsql.Tuple', '/input/Message/a': 'int' },
    )
    const t = tupleAt(c, '/input')
    assert.equal(t.emitter, 'demo')
    assert.deepEqual(t.message, { a: 1n, b: 'x' })
    assert.equal(t.timestamp, 5)
    assert.deepEqual(t.metadata, { topic: 'mock' })
    assert.equal(t.value('A'), 1n)
  })

  it('reads a null Message as an empty map and a null Metadata as null', () => {
    const t = tupleAt(kase({ t: { Emitter: '', Message: null, Timestamp: 0, Metadata: null } }), '/t')
    assert.deepEqual(t.message, {})
    assert.equal(t.metadata, null)
  })
})

describe('deepEqualGo', () => {
  it('distinguishes bigint from number', () => {
    assert.equal(deepEqualGo(3n, 3n), undefined)
    assert.equal(deepEqualGo({ a: 3 }, { a: 3n }), 'at /a: expected int64(3), got float64(3)')
  })

  it('accepts floats within 1e-12 relative', () => {
    assert.equal(deepEqualGo(0.1 + 0.2, 0.3), undefined)
    assert.match(deepEqualGo(1.000001, 1) ?? '', /expected float64\(1\)/)
  })

  it('treats null and undefined as the same nil', () => {
    assert.equal(deepEqualGo(undefined, null), undefined)
    assert.equal(deepEqualGo({ a: undefined }, { a: null }), undefined)
  })

  it('compares Dates by instant and bytes by content', () => {
    assert.equal(deepEqualGo(new Date(5), new Date(5)), undefined)
    assert.match(deepEqualGo(new Date(5), 5) ?? '', /time\.Time/)
    assert.equal(deepEqualGo(new Uint8Array([1]), new Uint8Array([1])), undefined)
    assert.notEqual(deepEqualGo(new Uint8Array([1]), new Uint8Array([2])), undefined)
  })

  it('reports missing and unexpected keys and array length differences with their path', () => {
    assert.equal(deepEqualGo({ a: 1 }, { a: 1, b: 2 }), 'at (root): missing key "b"')
    assert.equal(deepEqualGo({ a: 1, c: 2 }, { a: 1 }), 'at (root): unexpected key "c"')
    assert.match(deepEqualGo({ x: [1] }, { x: [1, 2] }) ?? '', /^at \/x: expected 2 elements, got 1/)
    assert.equal(deepEqualGo([1, [2, 'b']], [1, [2, 'c']]), 'at /1/1: expected "c", got "b"')
  })
})

describe('jsonRoundtripDiff', () => {
  it('compares all numbers as float64 and ignores key order', () => {
    assert.equal(jsonRoundtripDiff([{ b: 3n, a: 1.5 }], [{ a: 1.5, b: 3 }]), undefined)
  })

  it('tells a missing key from a null one', () => {
    assert.equal(jsonRoundtripDiff([{ a: 1 }], [{ a: 1, b: null }]), 'at /0: missing key "b"')
    assert.equal(jsonRoundtripDiff([{ a: 1, b: undefined }], [{ a: 1, b: null }]), undefined)
  })

  it('keeps array order significant and reads Dates as their RFC 3339 text', () => {
    assert.match(jsonRoundtripDiff([1, 2], [2, 1]) ?? '', /^at \/0: expected 2, got 1/)
    assert.equal(jsonRoundtripDiff({ t: new Date(Date.UTC(2020, 0, 1)) }, { t: '2020-01-01T00:00:00Z' }), undefined)
  })

  it('reports a value that cannot be marshalled', () => {
    assert.equal(jsonRoundtripDiff({ a: NaN }, { a: 0 }), 'cannot marshal the result: json: unsupported value: NaN')
  })
})
