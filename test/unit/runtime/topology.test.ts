import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../../src/core/manual-clock.js'
import { Tuple } from '../../../src/core/row.js'
import type { Item } from '../../../src/core/collection.js'
import type { Sink, SinkPayload } from '../../../src/connectors/api.js'
import type { Emit, Operator, OperatorContext } from '../../../src/runtime/operator.js'
import { Topology } from '../../../src/runtime/topology.js'
import { linearSpec, PassOp, PushSource, RecordingSink, resolver, ToRowsOp } from './helpers.js'

function build(
  ops: Record<string, () => Operator>,
  names: string[],
  sink: Sink = new RecordingSink(),
  bufferLength = 16,
) {
  const clock = new ManualClock(1000)
  const source = new PushSource()
  const topo = new Topology(linearSpec(names, { bufferLength }), {
    clock,
    fn: { clock },
    resolver: resolver(source, sink, ops),
  })
  return { clock, source, topo, sink }
}

describe('Topology', () => {
  it('hands rows synchronously from source to sink and counts 1.0 metrics', async () => {
    const sink = new RecordingSink()
    const { source, topo } = build(
      { filter: () => new PassOp(), project: () => new ToRowsOp() },
      ['filter', 'project'],
      sink,
    )
    await topo.open()
    source.push({ x: 1n })
    source.push({ x: 'bad' })
    assert.deepEqual(sink.texts, ['[{"x":1}]'])
    const m = topo.metrics()
    assert.equal(m['source_demo_0_records_in_total'], 2)
    assert.equal(m['source_demo_0_records_out_total'], 2)
    assert.equal(m['op_filter_0_records_in_total'], 2)
    assert.equal(m['op_filter_0_records_out_total'], 1)
    assert.equal(m['op_project_0_records_in_total'], 1)
    assert.equal(m['sink_mockSink_0_records_in_total'], 1)
    assert.equal(m['sink_mockSink_0_records_out_total'], 1)
    assert.equal(m['op_filter_0_buffer_length'], 0)
    assert.equal(m['op_filter_0_last_invocation'], '1970-01-01T00:00:01')
    await topo.close()
  })

  it('turns a throw into an error emission, counts it at every later node and keeps running', async () => {
    const sink = new RecordingSink()
    const { source, topo } = build(
      { filter: () => new PassOp(), project: () => new ToRowsOp() },
      ['filter', 'project'],
      sink,
    )
    await topo.open()
    source.push({ x: 'boom' })
    source.push({ x: 2n })
    assert.deepEqual(sink.texts, ['[{"error":"boom happened"}]', '[{"x":2}]'])
    const m = topo.metrics()
    assert.equal(m['op_filter_0_exceptions_total'], 1)
    assert.equal(m['op_filter_0_records_in_total'], 2)
    assert.equal(m['op_filter_0_records_out_total'], 1)
    assert.equal(m['op_project_0_exceptions_total'], 1)
    assert.equal(m['op_project_0_records_in_total'], 2)
    assert.equal(m['sink_mockSink_0_records_in_total'], 2)
    assert.equal(m['sink_mockSink_0_exceptions_total'], 0)
  })

  it('reports the 1.0 topo shape from the spec', () => {
    const { topo } = build({ preprocessor_demo: () => new PassOp(), project: () => new ToRowsOp() }, [
      'preprocessor_demo',
      'project',
    ])
    assert.deepEqual(topo.topo(), {
      sources: ['source_demo'],
      edges: {
        source_demo: ['op_preprocessor_demo'],
        op_preprocessor_demo: ['op_project'],
        op_project: ['sink_mockSink'],
      },
    })
  })

  it('queues behind an async sink up to bufferLength and resolves idle() once everything is written', async () => {
    const written: string[] = []
    const pending: (() => void)[] = []
    const slowSink: Sink = {
      collect: (_ctx, p: SinkPayload) =>
        new Promise<void>((resolve) => {
          pending.push(() => {
            written.push(p.text)
            resolve()
          })
        }),
    }
    const { source, topo } = build({ project: () => new ToRowsOp() }, ['project'], slowSink, 2)
    await topo.open()
    for (let i = 0; i < 6; i++) source.push({ i: BigInt(i) })
    assert.equal(pending.length, 1)
    let m = topo.metrics()
    assert.equal(m['sink_mockSink_0_buffer_length'], 2)
    assert.ok((m['op_project_0_buffer_length'] as number) >= 1)
    let idle = false
    const done = topo.idle().then(() => (idle = true))
    while (pending.length > 0) {
      pending.shift()!()
      await new Promise((r) => setImmediate(r))
    }
    await done
    assert.equal(idle, true)
    assert.deepEqual(
      written,
      [0, 1, 2, 3, 4, 5].map((i) => `[{"i":${i}}]`),
    )
    m = topo.metrics()
    assert.equal(m['sink_mockSink_0_records_out_total'], 6)
    assert.equal(m['sink_mockSink_0_buffer_length'], 0)
  })

  it('runs operator timers between items with the clock at the deadline', async () => {
    const seen: number[] = []
    class TickOp implements Operator {
      private count = 0
      open(ctx: OperatorContext, out: Emit): void {
        ctx.setInterval(() => {
          seen.push(ctx.clock.now())
          out(new Tuple('demo', { n: BigInt(this.count) }, ctx.clock.now()))
        }, 500)
      }
      process(_item: Item): void {
        this.count++
      }
    }
    const sink = new RecordingSink()
    const { clock, source, topo } = build(
      { tick: () => new TickOp(), project: () => new ToRowsOp() },
      ['tick', 'project'],
      sink,
    )
    await topo.open()
    source.push({})
    source.push({})
    await clock.advance(1000, () => topo.idle())
    assert.deepEqual(seen, [1500, 2000])
    assert.deepEqual(sink.texts, ['[{"n":2}]', '[{"n":2}]'])
    await topo.close()
    await clock.advance(1000)
    assert.equal(seen.length, 2)
  })

  it('creates one operator instance per concurrency with its own metrics', async () => {
    const clock = new ManualClock(0)
    const source = new PushSource()
    const sink = new RecordingSink()
    const spec = linearSpec(['filter'])
    const nodes = spec.nodes.map((n) => (n.kind === 'filter' ? { ...n, concurrency: 2 } : n))
    const topo = new Topology(
      { ...spec, nodes },
      { clock, fn: { clock }, resolver: resolver(source, sink, { filter: () => new PassOp() }) },
    )
    await topo.open()
    source.push({ a: 1n })
    source.push({ a: 2n })
    source.push({ a: 3n })
    const m = topo.metrics()
    assert.equal(m['op_filter_0_records_in_total'], 2)
    assert.equal(m['op_filter_1_records_in_total'], 1)
    assert.equal(sink.payloads.length, 3)
  })

  it('hands items through a stateless chain in one call, each operator counting its own records and errors', async () => {
    const seen: string[] = []
    /** Records which operator saw what, in call order: the chain runs operator after operator for each item. */
    const spy = (name: string, inner: Operator): Operator => ({
      process: (item: Item, out: Emit, ctx: OperatorContext) => {
        if (item instanceof Tuple) seen.push(`${name}:${String(item.message['x'])}`)
        inner.process(item, out, ctx)
      },
    })
    const written: string[] = []
    const pending: (() => void)[] = []
    const slowSink: Sink = {
      collect: (_ctx, p: SinkPayload) =>
        new Promise<void>((resolve) => {
          pending.push(() => {
            written.push(p.text)
            resolve()
          })
        }),
    }
    const { source, topo } = build(
      {
        preprocessor: () => spy('pre', { process: (item, out) => out(item) }),
        filter: () => spy('filter', new PassOp()),
        project: () => new ToRowsOp(),
      },
      ['preprocessor', 'filter', 'project'],
      slowSink,
      2,
    )
    await topo.open()
    source.push({ x: 1n })
    source.push({ x: 'bad' })
    source.push({ x: 'boom' })
    assert.deepEqual(seen, ['pre:1', 'filter:1', 'pre:bad', 'filter:bad', 'pre:boom', 'filter:boom'])
    let m = topo.metrics()
    assert.equal(m['op_preprocessor_0_records_in_total'], 3)
    assert.equal(m['op_preprocessor_0_records_out_total'], 3)
    assert.equal(m['op_filter_0_records_in_total'], 3)
    assert.equal(m['op_filter_0_records_out_total'], 1)
    assert.equal(m['op_filter_0_exceptions_total'], 1)
    assert.equal(m['op_project_0_records_in_total'], 2)
    assert.equal(m['op_project_0_records_out_total'], 1)
    assert.equal(m['op_project_0_exceptions_total'], 1)
    // The sink writes one payload at a time and queues 2: what comes next waits at the chain's head, in order.
    for (let i = 2; i < 6; i++) source.push({ x: BigInt(i) })
    m = topo.metrics()
    assert.equal(m['sink_mockSink_0_buffer_length'], 2)
    assert.equal(m['op_filter_0_buffer_length'], 0)
    assert.equal(m['op_project_0_buffer_length'], 0)
    assert.equal(m['op_preprocessor_0_buffer_length'], 2, 'held at the head of the chain')
    assert.equal(m['source_demo_0_dropped_total'], 0)
    while (pending.length > 0) {
      pending.shift()!()
      await new Promise((r) => setImmediate(r))
    }
    await topo.idle()
    assert.deepEqual(written, ['[{"x":1}]', '[{"error":"boom happened"}]', ...[2, 3, 4, 5].map((i) => `[{"x":${i}}]`)])
    m = topo.metrics()
    assert.equal(m['op_filter_0_records_in_total'], 7)
    assert.equal(m['op_project_0_records_in_total'], 6)
    assert.equal(m['sink_mockSink_0_records_out_total'], 6)
    await topo.close()
  })
})
