// The `random` source: through the Engine on a ManualClock, and directly with a seeded generator.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { silentLogger } from '../../src/connectors/api.js'
import type { ExtensionState, SourceContext } from '../../src/connectors/api.js'
import { RandomSource, randomConf } from '../../src/connectors/random/index.js'
import { ManualClock } from '../../src/core/manual-clock.js'
import type { ValueMap } from '../../src/index.js'
import { Engine } from '../../src/index.js'
import { recorder, tempEtc } from './edgex-helpers.js'
import { seededRandom } from '../prng.js'
import { jsonFormat } from '../../src/formats/json.js'

class MapState implements ExtensionState {
  readonly m = new Map<string, unknown>()
  putState(k: string, v: unknown): void {
    this.m.set(k, v)
  }
  getState(k: string): unknown {
    return this.m.get(k)
  }
  deleteState(k: string): void {
    this.m.delete(k)
  }
  incrCounter(k: string, n: number): void {
    this.m.set(k, this.getCounter(k) + n)
  }
  getCounter(k: string): number {
    return Number(this.m.get(k) ?? 0)
  }
}

function run(source: RandomSource, ticks: number, state?: ExtensionState): ValueMap[] {
  const clock = new ManualClock(0)
  const out: ValueMap[] = []
  const ctx: SourceContext = {
    ruleId: 'r',
    stream: 's',
    clock,
    logger: silentLogger,
    format: jsonFormat,
    ...(state !== undefined ? { state } : {}),
  }
  source.open(ctx, (m) => out.push(m))
  clock.advanceSync(source.conf.interval * ticks)
  source.close(ctx)
  return out
}

describe('random source', () => {
  it('emits the pattern every interval through the Engine (seed 1: no randomness)', async () => {
    const etc = tempEtc(
      'random',
      'default:\n  interval: 1000\n  seed: 1\n  pattern:\n    count: 50\n  deduplicate: 0\next:\n  interval: 100\n',
    )
    const clock = new ManualClock(0)
    const engine = new Engine({ clock, sourceProfiles: etc.profiles })
    try {
      engine.createStream('CREATE STREAM rnd (count BIGINT) WITH (TYPE="random", CONF_KEY="ext")')
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: 'SELECT count FROM rnd', actions: [rec.action] })
      await clock.advance(350, () => engine.idle())
      assert.deepEqual(rec.rows, [{ count: 50n }, { count: 50n }, { count: 50n }])
    } finally {
      await engine.close()
      etc.remove()
    }
  })

  it('adds a random integer in [0, seed) to each integer field, reproducibly for a seeded generator', () => {
    const conf = randomConf({ interval: 10, seed: 10, pattern: { a: 50, b: '7', skip: 'x' } })
    const first = run(new RandomSource(conf, seededRandom(42)), 50)
    const again = run(new RandomSource(conf, seededRandom(42)), 50)
    assert.equal(first.length, 50)
    assert.deepEqual(first, again)
    for (const m of first) {
      assert.deepEqual(Object.keys(m), ['a', 'b'])
      const a = m['a'] as bigint
      const b = m['b'] as bigint
      assert.ok(a >= 50n && a < 60n && b >= 7n && b < 17n, `${a} ${b}`)
    }
    assert.ok(new Set(first.map((m) => String(m['a']))).size > 1)
  })

  it('drops duplicates of the last N messages and keeps the list in the extension state', () => {
    const conf = randomConf({ interval: 10, seed: 3, pattern: { v: 0 }, deduplicate: 2 })
    // Scripted draws 0 1 0 2 0 1: the second 0 repeats one of the last two; the later 0 and 1 do not.
    const draws = [0, 1, 0, 2, 0, 1].map((d) => d / 3 + 0.01)
    let i = 0
    const state = new MapState()
    const out = run(new RandomSource(conf, () => draws[i++ % draws.length]!), 6, state)
    assert.deepEqual(
      out.map((m) => m['v']),
      [0n, 1n, 2n, 0n, 1n],
    )
    assert.deepEqual(state.getState('input'), ['{"v":0}', '{"v":1}'])
    // A restart restores the list: 0 and 1 are duplicates, 2 is new.
    let j = 0
    const again = run(new RandomSource(conf, () => [0, 1, 2][j++]! / 3 + 0.01), 3, state)
    assert.deepEqual(
      again.map((m) => m['v']),
      [2n],
    )
  })

  it('rejects invalid properties, naming them', () => {
    assert.throws(() => randomConf({ pattern: { a: 1 }, seed: 1 }), /random source is missing property interval/)
    assert.throws(() => randomConf({ interval: 10, seed: 1 }), /random source is missing property pattern/)
    assert.throws(
      () => randomConf({ interval: 10, pattern: {}, seed: 0 }),
      /random source property seed must be a positive integer, found 0/,
    )
  })
})
