// Bounded queues: behind a slow sink no queue of a rule grows beyond bufferLength. A source that honours
// SourceContext.flow pauses and loses nothing; one that cannot stop loses its oldest messages, counted.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ManualClock } from '../../../src/core/manual-clock.js'
import { FileSource } from '../../../src/connectors/file/source.js'
import { fileSourceConf } from '../../../src/connectors/file/source-config.js'
import { MemoryBroker } from '../../../src/connectors/memory/pubsub.js'
import { MemorySource } from '../../../src/connectors/memory/source.js'
import { RandomSource } from '../../../src/connectors/random/source.js'
import { createServer } from 'node:http'
import { HttpPullSource } from '../../../src/connectors/httppull/source.js'
import { httpPullConf } from '../../../src/connectors/httppull/config.js'
import type { ValueMap } from '../../../src/core/value.js'
import { silentLogger } from '../../../src/connectors/api.js'
import type { Sink, SinkPayload, Source, SourceContext, SourceEmit } from '../../../src/connectors/api.js'
import { Topology } from '../../../src/runtime/topology.js'
import { linearSpec, PushSource, resolver, ToRowsOp } from './helpers.js'

/** A sink whose writes complete only when the test releases them. */
class GatedSink implements Sink {
  readonly written: ValueMap[] = []
  private readonly pending: (() => void)[] = []
  collect(_ctx: unknown, p: SinkPayload): Promise<void> {
    return new Promise<void>((resolve) =>
      this.pending.push(() => {
        this.written.push(...(p.rows ?? []))
        resolve()
      }),
    )
  }
  /** Completes the pending writes (and those they let in) until none is left. */
  async releaseAll(): Promise<void> {
    while (this.pending.length > 0) {
      this.pending.shift()!()
      await new Promise((r) => setImmediate(r))
    }
  }
}

/** Emits `total` messages as fast as the rule takes them, pausing while its queue is full (as a socket would). */
class PausingSource implements Source {
  private next = 0
  pauses = 0
  constructor(private readonly total: number) {}
  open(ctx: SourceContext, emit: SourceEmit): void {
    const run = (): void => {
      while (this.next < this.total) {
        emit({ i: this.next++ })
        if (ctx.flow?.isFull() === true) {
          this.pauses++
          ctx.flow.onRoom(run)
          return
        }
      }
    }
    run()
  }
  close(): void {}
}

function build(source: Source, sink: Sink, bufferLength: number, clock = new ManualClock(1000)): Topology {
  return new Topology(linearSpec(['project'], { bufferLength }), {
    clock,
    fn: { clock },
    resolver: resolver(source, sink, { project: () => new ToRowsOp() }),
  })
}

describe('bounded queues', () => {
  it('pauses a source that honours the flow: every message arrives and no queue exceeds bufferLength', async () => {
    const sink = new GatedSink()
    const source = new PausingSource(2000)
    const topo = build(source, sink, 16)
    await topo.open()
    assert.ok(source.pauses >= 1, 'the source was told to pause')
    await sink.releaseAll()
    await topo.idle()
    assert.equal(sink.written.length, 2000)
    assert.deepEqual(
      sink.written.map((r) => r['i']),
      Array.from({ length: 2000 }, (_, i) => i),
    )
    assert.ok(topo.peakQueued() <= 16, `peak queue ${topo.peakQueued()}`)
    const m = topo.metrics()
    assert.equal(m['source_demo_0_dropped_total'], 0)
    await topo.close()
  })

  it('drops the oldest messages of a source that cannot stop, counting them, and keeps the newest', async () => {
    const sink = new GatedSink()
    const source = new PushSource()
    const topo = build(source, sink, 16)
    await topo.open()
    for (let i = 0; i < 5000; i++) source.push({ i })
    assert.ok(topo.peakQueued() <= 16, `peak queue ${topo.peakQueued()}`)
    assert.equal(topo.metrics()['source_demo_0_buffer_length'], 16)
    await sink.releaseAll()
    await topo.idle()
    const m = topo.metrics()
    const dropped = m['source_demo_0_dropped_total'] as number
    assert.ok(dropped > 4900, `dropped ${dropped}`)
    assert.equal(sink.written.length + dropped, 5000)
    // The newest messages are the ones kept.
    assert.deepEqual(
      sink.written.slice(-16).map((r) => r['i']),
      Array.from({ length: 16 }, (_, i) => 4984 + i),
    )
    await topo.close()
  })

  it('wakes a paused source when the rule stops, so that a shared connection is not held', async () => {
    const sink = new GatedSink()
    let resumed = false
    const source: Source = {
      open(ctx, emit) {
        for (let i = 0; i < 100 && ctx.flow?.isFull() !== true; i++) emit({ i })
        ctx.flow?.onRoom(() => (resumed = true))
      },
      close() {},
    }
    const topo = build(source, sink, 4)
    await topo.open()
    assert.equal(resumed, false)
    const closing = topo.close() // sources close first; the sink then waits for its write in flight
    await new Promise((r) => setImmediate(r))
    assert.equal(resumed, true)
    await sink.releaseAll()
    await closing
  })

  it('pauses the file source: every row of a large file arrives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuiper-bp-'))
    try {
      const file = join(dir, 'rows.json')
      writeFileSync(file, JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ i }))))
      const sink = new GatedSink()
      const topo = build(new FileSource(fileSourceConf({}, file)), sink, 16)
      await topo.open()
      await sink.releaseAll()
      await topo.idle()
      assert.equal(sink.written.length, 3000)
      assert.equal(topo.metrics()['source_demo_0_dropped_total'], 0)
      assert.ok(topo.peakQueued() <= 16, `peak queue ${topo.peakQueued()}`)
      await topo.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('pauses a memory source replaying its log, then goes on live after the last message', async () => {
    const clock = new ManualClock(1000)
    const memory = new MemoryBroker()
    memory.retain('t')
    for (let i = 0; i < 3000; i++) memory.publish('t', { i })
    const source = new MemorySource('t', { clock, memory, logger: silentLogger })
    source.rewind(0)
    const sink = new GatedSink()
    const topo = build(source, sink, 16, clock)
    await topo.open()
    memory.publish('t', { i: 3000 }) // published while the replay waits for room: comes after it
    await sink.releaseAll()
    await topo.idle()
    assert.deepEqual(
      sink.written.map((r) => r['i']),
      Array.from({ length: 3001 }, (_, i) => i),
    )
    assert.equal(source.offset(), 3001)
    assert.ok(topo.peakQueued() <= 16, `peak queue ${topo.peakQueued()}`)
    await topo.close()
  })

  it("skips the random source's ticks while the queue is full", async () => {
    const clock = new ManualClock(1000)
    const sink = new GatedSink()
    const source = new RandomSource({ interval: 10, seed: 1, pattern: { a: 1 }, deduplicate: 0 })
    const topo = build(source, sink, 4, clock)
    await topo.open()
    clock.advanceSync(10 * 100)
    const m = topo.metrics()
    assert.ok((m['source_demo_0_records_in_total'] as number) < 20, `emitted ${m['source_demo_0_records_in_total']}`)
    assert.equal(m['source_demo_0_dropped_total'], 0)
    const closing = topo.close()
    await sink.releaseAll()
    await closing
  })

  it('lets an httppull source paused in the middle of an answer stop with its rule', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ i }))))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as { port: number }
      const clock = new ManualClock(1000)
      const sink = new GatedSink()
      const source = new HttpPullSource(httpPullConf({ url: `http://127.0.0.1:${port}/`, interval: 100 }))
      const topo = build(source, sink, 4, clock)
      await topo.open()
      await clock.advance(100)
      const m = (): number => topo.metrics()['source_demo_0_records_in_total'] as number
      while (m() === 0) await new Promise((r) => setTimeout(r, 5))
      assert.ok(m() < 50, 'the answer waits for room')
      const closing = topo.close()
      // The sink stays stuck: the source's paused request must still end, or its close would wait forever.
      const settled = await Promise.race([
        source.settled().then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 2000)),
      ])
      assert.equal(settled, true, 'the paused pull ended when the rule stopped')
      await sink.releaseAll()
      await closing
    } finally {
      server.close()
    }
  })
})
