import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deserialize } from 'node:v8'
import { StateSegment } from '../../../../src/core/state-segment.js'
import { decodeState, encodeState } from '../../../../src/runtime/checkpoint/state-codec.js'

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s))

describe('state codec', () => {
  it('writes each segment as its key only and lists it once', () => {
    const seg = new StateSegment(bytes('rows'))
    const other = new StateSegment(bytes('more'))
    const state = { instances: [{ op: { log: [{ segment: seg, from: 0, to: 3 }], n: 1 } }], again: [seg, other] }
    const { bytes: b, segments } = encodeState(state)
    assert.deepEqual(segments, [seg, other])
    assert.deepEqual(deserialize(b), {
      instances: [{ op: { log: [{ segment: { $$kuiperSegment: seg.key }, from: 0, to: 3 }], n: 1 } }],
      again: [{ $$kuiperSegment: seg.key }, { $$kuiperSegment: other.key }],
    })
  })

  it('puts the stored segments back in place on decode, as stored', () => {
    const seg = new StateSegment(bytes('rows'))
    const { bytes: b } = encodeState({ m: new Map([['k', seg]]), list: [1, { seg }] })
    const got = decodeState(b, new Map([[seg.key, bytes('rows')]])) as {
      m: Map<string, StateSegment>
      list: [number, { seg: StateSegment }]
    }
    const again = got.list[1].seg
    assert.ok(again instanceof StateSegment)
    assert.equal(again.key, seg.key)
    assert.equal(again.stored, true)
    assert.equal(Buffer.from(again.bytes!).toString(), 'rows')
    assert.equal(got.m.get('k')?.key, seg.key)
  })

  it('refuses a state whose segment is missing', () => {
    const seg = new StateSegment(bytes('x'))
    const { bytes: b } = encodeState({ seg })
    assert.throws(() => decodeState(b, new Map()), /checkpoint segment .* is missing/)
  })

  it('handles states without segments, cycles included', () => {
    const cyclic: Record<string, unknown> = { n: 1n, d: new Date(3) }
    cyclic['self'] = cyclic
    const { bytes: b, segments } = encodeState(cyclic)
    assert.equal(segments.length, 0)
    const back = decodeState(b, new Map()) as Record<string, unknown>
    assert.equal(back['self'], back)
    assert.equal(back['n'], 1n)
  })

  it('gives every new segment its own key; a stored segment drops its bytes', () => {
    const a = new StateSegment(bytes('a'))
    const b = new StateSegment(bytes('a'))
    assert.notEqual(a.key, b.key)
    assert.equal(a.stored, false)
    a.markStored()
    assert.equal(a.stored, true)
    assert.equal(a.bytes, undefined)
  })
})
