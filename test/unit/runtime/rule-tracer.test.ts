import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Engine, ManualClock } from '../../../src/index.js'
import type { SpanJson } from '../../../src/runtime/trace/span.js'

// Traces through the engine: a window's output, emitted from a timer, continues the trace of its latest row.
function names(s: SpanJson): string[] {
  return [s.Name, ...s.ChildSpan.flatMap(names)]
}

describe('rule traces through a window', () => {
  it("puts the window's output under the span of the latest row it received", async () => {
    const clock = new ManualClock(0)
    const engine = new Engine({ clock, traceRingSize: 10 })
    engine.createStream('CREATE STREAM demo (a BIGINT) WITH (DATASOURCE="demo", TYPE="memory")')
    const out: string[] = []
    await engine.createRule({
      id: 'w',
      sql: 'SELECT count(*) AS n FROM demo GROUP BY TUMBLINGWINDOW(ss, 1)',
      actions: [{ name: 'cb', sink: { collect: (_c, p) => void out.push(p.text) } }],
    })
    engine.rules.startTrace('w', 'always')
    engine.publish('demo', { a: 1 })
    engine.publish('demo', { a: 2 })
    await engine.idle()
    const [second, first] = engine.rules.traces.ids('w')
    assert.ok(first !== undefined && second !== undefined)
    await clock.advance(1000, () => engine.idle())
    assert.deepEqual(out, ['[{"n":2}]'])
    const older = engine.rules.traces.get(first)!
    const newer = engine.rules.traces.get(second)!
    // Both rows reached the window; only the newer trace goes on past it.
    assert.deepEqual(names(older), ['demo', 'preprocessor_demo', 'window'])
    const tail = names(newer)
    assert.deepEqual(tail.slice(0, 3), ['demo', 'preprocessor_demo', 'window'])
    assert.equal(tail.at(-1), 'cb')
    const window = newer.ChildSpan[0]!.ChildSpan[0]!
    assert.equal(window.Name, 'window')
    const afterWindow = window.ChildSpan[0]!
    assert.equal(window.Attribute!['data'], '[{"a":1},{"a":2}]')
    assert.equal(afterWindow.Name, 'aggregate')
    assert.equal(afterWindow.Attribute!['input'], '[{"a":1},{"a":2}]')
    engine.rules.stopTrace('w')
    engine.publish('demo', { a: 3 })
    await engine.idle()
    assert.equal(engine.rules.traces.ids('w').length, 2)
    await engine.close()
  })
})
