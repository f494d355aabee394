import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Item } from '../../../src/core/collection.js'
import { ManualClock } from '../../../src/core/manual-clock.js'
import { Tuple } from '../../../src/core/row.js'
import type { Operator, OperatorContext } from '../../../src/runtime/operator.js'
import { WatermarkOperator } from '../../../src/runtime/watermark.js'

class Recorder implements Operator {
  readonly rows: number[] = []
  readonly watermarks: number[] = []
  process(item: Item): void {
    if (item instanceof Tuple) this.rows.push(item.timestamp)
  }
  onWatermark(wm: number): void {
    this.watermarks.push(wm)
  }
}

const clock = new ManualClock(0)
const ctx: OperatorContext = {
  ruleId: 'r',
  opName: 'window',
  clock,
  fn: { clock },
  setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
  setInterval: (fn, ms) => clock.setInterval(fn, ms),
}
const out = (): void => undefined

describe('WatermarkOperator', () => {
  it('raises the watermark to the max event time less lateTolerance after the row that lifts it', () => {
    const inner = new Recorder()
    const op = new WatermarkOperator(inner, { streams: ['demo'], lateTolerance: 1000 })
    for (const ts of [5000, 7000, 6500, 9000]) op.process(new Tuple('demo', {}, ts), out, ctx)
    assert.deepEqual(inner.rows, [5000, 7000, 6500, 9000])
    assert.deepEqual(inner.watermarks, [4000, 6000, 8000])
  })

  it('drops rows older than the watermark and counts them', () => {
    const inner = new Recorder()
    let late = 0
    const op = new WatermarkOperator(inner, { streams: ['demo'], lateTolerance: 0 }, () => late++)
    for (const ts of [5000, 7000, 6000, 7000, 8000]) op.process(new Tuple('demo', {}, ts), out, ctx)
    assert.deepEqual(inner.rows, [5000, 7000, 7000, 8000])
    assert.equal(late, 1)
  })

  it('takes the minimum over the rule streams and waits until every stream has been seen', () => {
    const inner = new Recorder()
    const op = new WatermarkOperator(inner, { streams: ['a', 'b'], lateTolerance: 0 })
    op.process(new Tuple('a', {}, 5000), out, ctx)
    assert.deepEqual(inner.watermarks, [])
    op.process(new Tuple('b', {}, 3000), out, ctx)
    op.process(new Tuple('a', {}, 6000), out, ctx)
    op.process(new Tuple('b', {}, 5500), out, ctx)
    assert.deepEqual(inner.watermarks, [3000, 5500])
  })
})
