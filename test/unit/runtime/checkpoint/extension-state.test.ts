// The extension state API of 1.0 (PutState/GetState/DeleteState/IncrCounter/GetCounter) from a source context and
// a function context: kept per node, saved with each checkpoint and back after a restart at qos > 0 only.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../../../src/core/manual-clock.js'
import type { Value, ValueMap } from '../../../../src/core/value.js'
import type { Source, SourceContext, SourceEmit } from '../../../../src/connectors/api.js'
import { Engine } from '../../../../src/engine.js'
import { defineScalar } from '../../../../src/functions/define-function.js'
import { builtinFunctions } from '../../../../src/functions/registry.js'
import { KeyedState } from '../../../../src/runtime/checkpoint/keyed-state.js'

describe('KeyedState', () => {
  it('puts, gets and deletes values and counts counters (0 when never incremented)', () => {
    const s = new KeyedState()
    assert.equal(s.getState('k'), undefined)
    s.putState('k', { a: [1, 2n] })
    assert.deepEqual(s.getState('k'), { a: [1, 2n] })
    s.deleteState('k')
    assert.equal(s.getState('k'), undefined)
    assert.equal(s.getCounter('c'), 0)
    s.incrCounter('c', 3)
    s.incrCounter('c', -1)
    assert.equal(s.getCounter('c'), 2)
  })

  it('snapshots to plain data and restores into another instance; empty state snapshots as undefined', () => {
    const s = new KeyedState()
    assert.equal(s.snapshot(), undefined)
    s.put('v', 'x' as Value)
    s.incrCounter('n', 5)
    const t = new KeyedState()
    t.restore(structuredClone(s.snapshot()))
    assert.equal(t.get('v'), 'x')
    assert.equal(t.getCounter('n'), 5)
    t.restore(undefined)
    assert.equal(t.isEmpty, true)
  })
})

/** Emits {n} on demand and counts what it emitted in its extension state. */
class CountingSource implements Source {
  ctx: SourceContext | undefined
  emit: SourceEmit | undefined
  open(ctx: SourceContext, emit: SourceEmit): void {
    this.ctx = ctx
    this.emit = emit
  }
  close(): void {}
  push(n: number): void {
    this.ctx?.state?.incrCounter('sent', 1)
    this.ctx?.state?.putState('last', n)
    this.emit?.({ n })
  }
}

const runningTotal = defineScalar({
  name: 'runningTotal',
  arity: [1, 1],
  exec: ([x], ctx) => {
    ctx.state!.incrCounter('total', Number(x))
    return BigInt(ctx.state!.getCounter('total'))
  },
})

async function setup(qos: number) {
  const clock = new ManualClock(0)
  const source = new CountingSource()
  const out: ValueMap[] = []
  const engine = new Engine({
    clock,
    sources: { counting: () => source },
    functions: { lookup: (n) => (n.toLowerCase() === 'runningtotal' ? runningTotal : builtinFunctions.lookup(n)) },
  })
  engine.createStream('CREATE STREAM s (n BIGINT) WITH (DATASOURCE="x", TYPE="counting")')
  await engine.createRule({
    id: 'r',
    sql: 'SELECT runningTotal(n) AS t FROM s',
    actions: [{ name: 'out', sink: { collect: (_c, p) => void out.push(...(p.rows ?? [])) } }],
    options: { qos, checkpointInterval: 1000 },
  })
  return { clock, source, out, engine }
}

describe('extension state through a checkpoint', () => {
  it('qos 1: source and function state come back as of the last checkpoint', async () => {
    const { clock, source, out, engine } = await setup(1)
    source.push(1)
    source.push(2)
    await clock.advance(1000, () => engine.idle()) // checkpoint: sent 2, total 3
    source.push(4)
    assert.deepEqual(out, [{ t: 1n }, { t: 3n }, { t: 7n }])
    await engine.stopRule('r')
    await engine.startRule('r')
    assert.equal(source.ctx?.state?.getCounter('sent'), 2)
    assert.equal(source.ctx?.state?.getState('last'), 2)
    source.push(10)
    assert.deepEqual(out.at(-1), { t: 13n })
    await engine.close()
  })

  it('qos 0: a restarted rule starts with empty state', async () => {
    const { clock, source, out, engine } = await setup(0)
    source.push(5)
    await clock.advance(1000, () => engine.idle())
    await engine.stopRule('r')
    await engine.startRule('r')
    assert.equal(source.ctx?.state?.getCounter('sent'), 0)
    source.push(1)
    assert.deepEqual(out, [{ t: 5n }, { t: 1n }])
    await engine.close()
  })
})
