import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { WindowType } from '../../../src/sql/ast/expr.js'
import { toSql } from '../../../src/sql/ast/to-sql.js'
import { windowArgsProblem, windowSpecByName, windowSpecs } from '../../../src/sql/ast/window-types.js'
import { parseSelect } from '../../../src/sql/parser/index.js'

const types: readonly WindowType[] = [
  'TUMBLING_WINDOW',
  'HOPPING_WINDOW',
  'SLIDING_WINDOW',
  'SESSION_WINDOW',
  'COUNT_WINDOW',
]

describe('windowSpecs', () => {
  it('is keyed by WindowType, each entry under its own type', () => {
    assert.deepEqual(Object.keys(windowSpecs).sort(), [...types].sort())
    for (const [key, spec] of Object.entries(windowSpecs)) assert.equal(spec.type, key)
  })

  it('does not compile with a window type missing or under another type', () => {
    const tumbling = { type: 'TUMBLING_WINDOW', sqlName: 'tumblingwindow', arity: [2], timed: true } as const
    // @ts-expect-error a WindowType without an entry
    const missing: typeof windowSpecs = { TUMBLING_WINDOW: tumbling }
    // @ts-expect-error COUNT_WINDOW's entry says it is a tumbling window
    const swapped: typeof windowSpecs = { ...windowSpecs, COUNT_WINDOW: tumbling }
    assert.ok(missing !== swapped)
  })

  it('finds a window by its SQL name in any case, and nothing else', () => {
    assert.equal(windowSpecByName('SlidingWindow')?.type, 'SLIDING_WINDOW')
    assert.equal(windowSpecByName('countwindow')?.type, 'COUNT_WINDOW')
    assert.equal(windowSpecByName('SLIDING_WINDOW'), undefined)
    assert.equal(windowSpecByName('count'), undefined)
  })

  it('prints every window type back under the name it is parsed from', () => {
    const calls: Readonly<Record<WindowType, string>> = {
      TUMBLING_WINDOW: 'TUMBLINGWINDOW(ss, 10)',
      HOPPING_WINDOW: 'HOPPINGWINDOW(ss, 10, 5)',
      SLIDING_WINDOW: 'SLIDINGWINDOW(mi, 1)',
      SESSION_WINDOW: 'SESSIONWINDOW(hh, 1, 10)',
      COUNT_WINDOW: 'COUNTWINDOW(5, 2)',
    }
    for (const [type, call] of Object.entries(calls)) {
      const sql = `SELECT count(*) FROM demo GROUP BY ${call}`
      const stmt = parseSelect(sql)
      assert.equal(stmt.dimensions[0]?.expr.kind === 'Window' && stmt.dimensions[0].expr.windowType, type)
      assert.equal(toSql(stmt), sql)
    }
  })

  it('names the window and its interval argument from the table when the arguments cannot make a window', () => {
    const w = { kind: 'Window', length: 10, unit: 'SS' } as const
    assert.equal(
      windowArgsProblem({ ...w, windowType: 'HOPPING_WINDOW', interval: 0 }),
      'invalid window hoppingwindow(ss, 10, 0): the hop interval must be a positive integer',
    )
    assert.equal(
      windowArgsProblem({ ...w, windowType: 'SESSION_WINDOW', interval: -1 }),
      'invalid window sessionwindow(ss, 10, -1): the timeout must be a positive integer',
    )
    assert.equal(windowArgsProblem({ ...w, windowType: 'SLIDING_WINDOW', interval: 0 }), undefined)
  })
})
