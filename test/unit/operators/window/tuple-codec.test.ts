import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Tuple } from '../../../../src/core/row.js'
import { setOwn } from '../../../../src/core/maps.js'
import type { ValueMap } from '../../../../src/core/value.js'
import { decodeTuples, encodeTuples } from '../../../../src/operators/window/tuple-codec.js'

function roundTrip(tuples: Tuple[]): Tuple[] {
  return decodeTuples(encodeTuples(tuples))
}

describe('tuple codec', () => {
  it('gives back emitters, messages, timestamps and metadata with their types', () => {
    const tuples = [
      new Tuple('a', { n: 1.5, i: 7n, s: 'x', b: true, d: new Date(5), bytes: new Uint8Array([1, 2]) }, 10, null),
      new Tuple('a', { n: -0, i: -1n, s: '', b: false, d: new Date(6), bytes: new Uint8Array() }, 11, { topic: 't' }),
      new Tuple('b', { n: NaN, i: 0n, s: 'y', b: null, d: null, bytes: null }, 9, null),
      new Tuple('a', { n: 2, i: 3n, s: 'z', b: true, d: new Date(7), bytes: new Uint8Array([3]) }, 12, null),
    ]
    assert.deepEqual(roundTrip(tuples), tuples)
  })

  it('keeps nested maps, arrays and rows whose keys differ', () => {
    const tuples = [
      new Tuple('s', { a: 1, nested: { x: [1, 'two', { y: 3n }] } }, 1),
      new Tuple('s', { nested: { x: [] }, a: 2 }, 2),
      new Tuple('s', { a: 3 }, 3, { qos: 1 }),
      new Tuple('s', { a: 4, extra: 'e' }, 4, { qos: 0, topic: 'x' }),
    ]
    const got = roundTrip(tuples)
    assert.deepEqual(got, tuples)
    assert.deepEqual(
      got.map((t) => Object.keys(t.message)),
      tuples.map((t) => Object.keys(t.message)),
    )
  })

  it('keeps the rows of a join window, whose streams have different keys, in their order', () => {
    const tuples = [
      new Tuple('l', { id: 1, t: 20 }, 5, { topic: 'l' }),
      new Tuple('r', { id: 1, name: 'x', on: true }, 6),
      new Tuple('r', { id: 2, name: 'y', on: false }, 7),
      new Tuple('l', { id: 2, t: 21 }, 8, { topic: 'l' }),
      new Tuple('e', {}, 9),
      new Tuple('l', { id: 3, t: 22 }, 10, { topic: 'l' }),
    ]
    assert.deepEqual(roundTrip(tuples), tuples)
  })

  it('keeps a `__proto__` key as data', () => {
    const m: ValueMap = { a: 1 }
    setOwn(m, '__proto__', 5)
    const [got] = roundTrip([new Tuple('s', m, 1), new Tuple('s', { ...m }, 2)])
    assert.equal(Object.getPrototypeOf(got!.message), Object.prototype)
    assert.deepEqual(Object.keys(got!.message), ['a', '__proto__'])
    assert.equal(got!.message['__proto__'], 5)
  })

  it('keeps every number exact, whatever array holds it', () => {
    const numbers = [0, 1, -1, 127, -128, 128, 32767, -32769, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 0.5, -0, 1e300]
    for (const n of numbers) {
      // One column of that number and small integers; timestamps far apart, negative, fractional.
      const tuples = [
        new Tuple('s', { n, k: 3 }, 1.6e12),
        new Tuple('s', { n: 1, k: -3 }, -5),
        new Tuple('s', { n, k: 0 }, 2.5),
      ]
      const got = roundTrip(tuples)
      assert.deepEqual(got, tuples, String(n))
      assert.ok(Object.is(got[0]!.message['n'], n), String(n))
    }
    const far = [new Tuple('s', { a: 1 }, 1_600_000_000_000), new Tuple('s', { a: 2 }, 1_600_000_000_000 + 2 ** 40)]
    assert.deepEqual(roundTrip(far), far)
  })

  it('keeps columns that repeat one value (metadata, a device id)', () => {
    const tuples = [1, 2, 3].map(
      (i) => new Tuple('s', { dev: 'd1', n: null, big: 5n, on: true, i }, i, { topic: 'demo', qos: 1n }),
    )
    assert.deepEqual(roundTrip(tuples), tuples)
    const mixed = [new Tuple('s', { v: 'a' }, 1), new Tuple('s', { v: 'b' }, 2), new Tuple('s', { v: 'a' }, 3)]
    assert.deepEqual(roundTrip(mixed), mixed)
  })

  it('encodes a slice and an empty list', () => {
    const tuples = [1, 2, 3, 4].map((i) => new Tuple('s', { i }, i))
    assert.deepEqual(decodeTuples(encodeTuples(tuples, 1, 3)), tuples.slice(1, 3))
    assert.deepEqual(decodeTuples(encodeTuples([])), [])
  })

  it('refuses bytes that are not a segment of tuples', async () => {
    const { serialize } = await import('node:v8')
    assert.throws(() => decodeTuples(serialize({ n: 2 })), /restore window state `log` error/)
    assert.throws(() => decodeTuples(serialize([1, 2])), /restore window state `log` error/)
  })
})
