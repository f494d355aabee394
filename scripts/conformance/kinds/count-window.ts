// `count_window` cases (FORMAT.md §11.9): the tuple list behind COUNTWINDOW, checked against 1.0's TupleList.

import type { WindowTuples } from '../../../src/core/collection.js'
import type { Tuple } from '../../../src/core/row.js'
import { toWindowTuples } from '../../../src/operators/window/buffer.js'
import { lastCountWindow } from '../../../src/operators/window/count.js'
import { deepEqualGo, jsonAt, tupleAt } from '../go-values.js'
import type { ConformanceCase, KindHandler } from '../types.js'

export const countWindowHandler: KindHandler = (c) => {
  const tuples = tuplesAt(c, '/tuples')
  const size = jsonAt(c, '/size')
  const count = jsonAt(c, '/expected/window_count')
  if (typeof size !== 'number' || typeof count !== 'number') throw new Error('size and window_count must be numbers')
  const { window, rest } = lastCountWindow(tuples, size)
  const available = window === undefined ? 0 : 1
  if (available !== count) return { status: 'fail', diff: `window count: expected ${count}, got ${available}` }
  const diffs: string[] = []
  if (window !== undefined) {
    // 1.0 yields the window once (TupleList.index); further requests would yield nothing.
    const got = toWindowTuples(window, 0, 0)
    const d = diffWindow(c, got, '/expected/windows/0')
    if (d !== undefined) diffs.push(`window 0: ${d}`)
    const d2 = diffTuples(rest, tuplesAt(c, '/expected/rest'))
    if (d2 !== undefined) diffs.push(`rest: ${d2}`)
  }
  return diffs.length === 0 ? { status: 'pass' } : { status: 'fail', diff: diffs.join('; ') }
}

function tuplesAt(c: ConformanceCase, pointer: string): Tuple[] {
  const raw = jsonAt(c, pointer)
  if (!Array.isArray(raw)) throw new Error(`no tuple list at ${pointer}`)
  return raw.map((_, i) => tupleAt(c, `${pointer}/${i}`))
}

function diffWindow(c: ConformanceCase, got: WindowTuples, pointer: string): string | undefined {
  const raw = jsonAt(c, pointer)
  if (!Array.isArray(raw)) throw new Error(`no WindowTuplesSet at ${pointer}`)
  if (raw.length !== got.sets.length) return `expected ${raw.length} emitters, got ${got.sets.length}`
  for (let i = 0; i < raw.length; i++) {
    const entry: unknown = raw[i]
    const set = got.sets[i]!
    if (typeof entry !== 'object' || entry === null) throw new Error(`bad WindowTuples at ${pointer}/${i}`)
    const emitter = (entry as Record<string, unknown>)['Emitter']
    if (emitter !== set.emitter) return `emitter ${i}: expected ${String(emitter)}, got ${set.emitter}`
    const d = diffTuples(set.tuples, tuplesAt(c, `${pointer}/${i}/Tuples`))
    if (d !== undefined) return `emitter ${i}: ${d}`
  }
  return undefined
}

function diffTuples(got: readonly Tuple[], want: readonly Tuple[]): string | undefined {
  if (got.length !== want.length) return `expected ${want.length} tuples, got ${got.length}`
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!
    const w = want[i]!
    if (g.emitter !== w.emitter) return `tuple ${i}: emitter ${g.emitter} ≠ ${w.emitter}`
    if (g.timestamp !== w.timestamp) return `tuple ${i}: timestamp ${g.timestamp} ≠ ${w.timestamp}`
    const d = deepEqualGo(g.message, w.message) ?? deepEqualGo(g.metadata, w.metadata)
    if (d !== undefined) return `tuple ${i}: ${d}`
  }
  return undefined
}
