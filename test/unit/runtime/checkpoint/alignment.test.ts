// Barriers at a two-input operator node: exactly-once holds back the input that delivered its barrier first, so
// the snapshot holds exactly the pre-barrier rows; at-least-once snapshots on the last barrier without blocking.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Item } from '../../../../src/core/collection.js'
import { ManualClock } from '../../../../src/core/manual-clock.js'
import { Tuple } from '../../../../src/core/row.js'
import { Barrier } from '../../../../src/runtime/checkpoint/barrier.js'
import { BarrierAligner, BarrierTracker } from '../../../../src/runtime/checkpoint/barrier-handler.js'
import type { BarrierHandler } from '../../../../src/runtime/checkpoint/barrier-handler.js'
import { InputPort } from '../../../../src/runtime/checkpoint/input-port.js'
import type { CheckpointAcker } from '../../../../src/runtime/checkpoint/participant.js'
import { MetricTime } from '../../../../src/runtime/metrics.js'
import { Activity, OperatorNode } from '../../../../src/runtime/node.js'
import type { Drainable, OperatorNodeSnapshot, Receiver } from '../../../../src/runtime/node.js'
import type { Emit, Operator, OperatorContext } from '../../../../src/runtime/operator.js'

/** Remembers the `x` of every row it saw; that list is its state. */
class SeenOp implements Operator {
  seen: string[] = []
  counter = -1
  process(item: Item, out: Emit, ctx: OperatorContext): void {
    if (item instanceof Tuple) this.seen.push(String(item.message['x']))
    this.counter = ctx.fn.state?.getCounter('c') ?? -1
    out(item)
  }
  snapshot(): unknown {
    return [...this.seen]
  }
  restore(s: unknown): void {
    this.seen = [...(s as string[])]
  }
}

class Acks implements CheckpointAcker {
  readonly acks: { node: string; id: number; state: unknown }[] = []
  readonly declines: string[] = []
  ack(node: string, id: number, state: unknown): void {
    this.acks.push({ node, id, state })
  }
  decline(node: string): void {
    this.declines.push(node)
  }
}

/** Records what leaves the node: rows as `x`, barriers as `|id`. */
class Out implements Receiver {
  readonly id = 'out'
  readonly log: string[] = []
  receive(item: Item): void {
    if (item instanceof Tuple) this.log.push(String(item.message['x']))
  }
  receiveBarrier(b: Barrier): void {
    this.log.push(`|${b.checkpointId}`)
  }
  saturated(): boolean {
    return false
  }
  waitDrain(_u: Drainable): void {}
}

function setup(handler: BarrierHandler) {
  const clock = new ManualClock(0)
  const activity = new Activity()
  const op = new SeenOp()
  const node = new OperatorNode(
    {
      ruleId: 'r',
      name: 'merge',
      clock,
      time: new MetricTime(clock),
      fn: { clock },
      bufferLength: 16,
      concurrency: 1,
      create: () => op,
    },
    activity,
  )
  const acks = new Acks()
  node.enableCheckpoints(handler, acks)
  const out = new Out()
  node.outputs.push(out)
  node.open()
  const a = new InputPort(node, 0)
  const b = new InputPort(node, 1)
  const row = (x: string): Tuple => new Tuple(x.startsWith('a') ? 'A' : 'B', { x }, 0, null)
  return { node, op, acks, out, a, b, row, activity }
}

describe('barrier alignment at a two-input node', () => {
  it('exactly-once: rows an input sends after its barrier wait until the other barrier, outside the snapshot', () => {
    const { op, acks, out, a, b, row, activity } = setup(new BarrierAligner(2))
    a.receive(row('a1'))
    a.receiveBarrier(new Barrier(7))
    a.receive(row('a2'))
    a.receive(row('a3'))
    b.receive(row('b1'))
    assert.deepEqual(op.seen, ['a1', 'b1'])
    assert.equal(activity.busy, true, 'held rows count as pending work')
    b.receiveBarrier(new Barrier(7))
    assert.deepEqual(acks.acks, [
      { node: 'op_merge', id: 7, state: { instances: [{ op: ['a1', 'b1'], fn: undefined }] } },
    ])
    assert.deepEqual(op.seen, ['a1', 'b1', 'a2', 'a3'])
    assert.deepEqual(out.log, ['a1', 'b1', '|7', 'a2', 'a3'])
    assert.equal(activity.busy, false)
  })

  it('at-least-once: nothing waits; the snapshot on the last barrier may include post-barrier rows', () => {
    const { op, acks, out, a, b, row } = setup(new BarrierTracker(2))
    a.receive(row('a1'))
    a.receiveBarrier(new Barrier(7))
    a.receive(row('a2'))
    b.receive(row('b1'))
    b.receiveBarrier(new Barrier(7))
    assert.deepEqual((acks.acks[0]?.state as OperatorNodeSnapshot).instances[0]?.op, ['a1', 'a2', 'b1'])
    assert.deepEqual(op.seen, ['a1', 'a2', 'b1'])
    assert.deepEqual(out.log, ['a1', 'a2', 'b1', '|7'])
  })

  it('forwards the barrier once per checkpoint, after acknowledging', () => {
    const { acks, out, a, b } = setup(new BarrierAligner(2))
    a.receiveBarrier(new Barrier(1))
    b.receiveBarrier(new Barrier(1))
    a.receiveBarrier(new Barrier(2))
    b.receiveBarrier(new Barrier(2))
    assert.deepEqual(
      acks.acks.map((x) => x.id),
      [1, 2],
    )
    assert.deepEqual(out.log, ['|1', '|2'])
  })

  it('holds a second barrier of the blocked input behind the rows before it', () => {
    const { acks, out, a, b, row } = setup(new BarrierAligner(2))
    a.receiveBarrier(new Barrier(1))
    a.receive(row('a1'))
    a.receiveBarrier(new Barrier(2))
    a.receive(row('a2'))
    b.receiveBarrier(new Barrier(1))
    assert.deepEqual(out.log, ['|1', 'a1'])
    b.receive(row('b1'))
    b.receiveBarrier(new Barrier(2))
    assert.deepEqual(out.log, ['|1', 'a1', 'b1', '|2', 'a2'])
    assert.deepEqual(
      acks.acks.map((x) => (x.state as OperatorNodeSnapshot).instances[0]?.op),
      [[], ['a1', 'b1']],
    )
  })

  it('restores the operator and its function state from a snapshot', () => {
    const { node, op, a, row } = setup(new BarrierTracker(1))
    node.restoreState({ instances: [{ op: ['z'], fn: { values: [['k', 1]], counters: [['c', 3]] } }] })
    a.receive(row('a1'))
    assert.deepEqual(op.seen, ['z', 'a1'])
    assert.equal(op.counter, 3)
  })
})
