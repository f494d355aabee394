// Each rule's runtime objects share their hidden classes with every other rule's. An object with a hidden class of
// its own costs its map and descriptors (~300 B a rule), and an object whose class changes on its first message
// (a field taking a boxed number) makes every other rule's object migrate on its own first message: with 10,000
// rules that was most of what a message cost. V8's natives syntax (turned on here, for the checks only) tells.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setFlagsFromString } from 'node:v8'
import { Engine, ManualClock, silentLogger } from '../../src/index.js'
import type { Source, SourceContext, SourceEmit } from '../../src/index.js'
import { TICK_ORIGIN, tickOf } from '../../src/runtime/metric-ticks.js'

setFlagsFromString('--allow-natives-syntax')
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean
const isSmi = new Function('x', 'return %IsSmi(x)') as (x: unknown) => boolean
setFlagsFromString('--no-allow-natives-syntax')

/** A source that keeps the context each rule opens it with. */
class ContextKeepingSource implements Source {
  constructor(private readonly contexts: SourceContext[]) {}
  open(ctx: SourceContext, _emit: SourceEmit): void {
    this.contexts.push(ctx)
  }
  close(): void {}
}

describe('hidden classes of rules', () => {
  it('a tick is a small integer, not a boxed number, so the fields keeping ticks keep their class', () => {
    // Date.now() is a boxed number (beyond 2^31), and so is a difference of two of them even when whole
    const now = Date.now() + 1000
    assert.ok(!isSmi(now))
    assert.equal(tickOf(now), now - TICK_ORIGIN)
    assert.ok(isSmi(tickOf(now)))
  })

  it('the source contexts of rules offered to a fan-out step share one hidden class', async () => {
    const contexts: SourceContext[] = []
    const engine = new Engine({
      clock: new ManualClock(Date.UTC(2026, 11, 6)),
      logger: silentLogger,
      sources: { keeping: () => new ContextKeepingSource(contexts) },
    })
    try {
      engine.createStream('CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="t", TYPE="keeping")')
      for (let i = 0; i < 12; i++) {
        await engine.createRule({
          id: `r${i}`,
          sql: `SELECT temp FROM demo WHERE temp > ${i}`,
          actions: [{ name: 'out', sink: { collect: () => undefined } }],
        })
      }
      assert.equal(contexts.length, 12)
      assert.ok(
        contexts.every((c) => c.fanout !== undefined),
        'every rule offers its chain to a fan-out step',
      )
      for (const c of contexts) assert.ok(haveSameMap(c, contexts[0]!), `rule ${c.ruleId}'s context has its own class`)
    } finally {
      await engine.close()
    }
  })
})
