// The Source contract suite: run once per source (built-in connectors and plugins) with
// `describeSource(name, setup)`. The setup starts what the source reads (a broker topic, a file, an HTTP server)
// and says how to feed it; the suite checks what the runtime relies on: open/close in any order, messages in
// order, malformed input reported through the context (never thrown), nothing emitted after close, reconnection
// after the external side went away and came back, and replay from a checkpointed offset.

import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import type { PayloadFormat, Source, SourceContext, SourceEmit } from '../../src/connectors/api.js'
import { isRewindable, silentLogger } from '../../src/connectors/api.js'
import { ManualClock } from '../../src/core/manual-clock.js'
import type { ValueMap } from '../../src/core/value.js'
import { jsonFormat } from '../../src/formats/json.js'

/** One input of the external side: message number `n`, or a payload the source cannot decode. */
export type SourceInput = number | 'malformed'

export interface SourceHarness {
  /** A new instance of the source, reading the external side of this harness. */
  create(): Source | Promise<Source>
  /**
   * Inputs made while the source is open (a publish, the next HTTP answer); resolves once handed to the external
   * side. Absent with `prepare` (inputs that must exist before open) or for generators (random sources).
   */
  produce?(input: SourceInput, tick: () => Promise<void>): Promise<void>
  /** Inputs made before the source opens (a file's lines); replaces what an earlier call prepared. */
  prepare?(inputs: readonly SourceInput[]): Promise<void>
  /** Whether the external side can send a payload the source cannot decode (default: yes, when it takes inputs). */
  readonly malformed?: boolean
  /** The number of a message made from input `n`; undefined for anything else. Absent for generators. */
  numberOf?(m: ValueMap): number | undefined
  /**
   * false: the source has offset/rewind but cannot rewind in this configuration (an EdgeX bus without positions);
   * its offset() must then be undefined, so that checkpoints save none.
   */
  readonly rewindable?: boolean
  /** The external side goes away and comes back on the same address (a broker or server restart). */
  readonly outage?: { stop(): Promise<void>; start(): Promise<void> }
  /** The stream's FORMAT handed in the context (default JSON). */
  readonly format?: PayloadFormat
  /** How far the rule clock moves per wait step (the source's interval); default 100 ms. */
  readonly tickMs?: number
  cleanup?(): Promise<void>
}

const WAIT_MS = 15_000

/** A source opened by the suite: what it emitted and reported. */
interface Opened {
  readonly source: Source
  readonly ctx: SourceContext
  readonly messages: ValueMap[]
  readonly errors: unknown[]
  /** `offset()` read inside emit, right after each message (Rewindable sources). */
  readonly offsets: unknown[]
}

export function describeSource(name: string, setup: () => Promise<SourceHarness> | SourceHarness): void {
  // The harness is set up while the suite is declared: which cases apply depends on it (malformed input, an outage,
  // rewinding), and a case that does not apply is not declared rather than skipped.
  describe(`Source contract: ${name}`, async () => {
    const h: SourceHarness = await setup()
    const rewindable = isRewindable(await h.create())
    const clock = new ManualClock(0)
    const opened: Opened[] = []
    let next = 1
    /** Fresh message numbers for one test, so that no test sees another's messages. */
    const numbers = (count: number): number[] => Array.from({ length: count }, () => next++)

    after(async () => {
      for (const o of opened) await o.source.close(o.ctx)
      await h.cleanup?.()
    })

    const context = (errors: unknown[]): SourceContext => ({
      ruleId: 'contract',
      stream: 'contract',
      clock,
      logger: silentLogger,
      format: h.format ?? jsonFormat,
      error: (err) => void errors.push(err),
    })

    /** Opens a new instance; `prepared` inputs are made before it opens (harnesses with `prepare`). */
    async function open(prepared: readonly SourceInput[] = [], rewindTo?: { offset: unknown }): Promise<Opened> {
      if (h.prepare !== undefined && prepared.length > 0) await h.prepare(prepared)
      const source = await h.create()
      const o: Opened = { source, ctx: context([]), messages: [], errors: [], offsets: [] }
      ;(o as { ctx: SourceContext }).ctx = context(o.errors)
      const emit: SourceEmit = (m) => {
        o.messages.push(m)
        if (isRewindable(source)) o.offsets.push(structuredClone(source.offset()))
      }
      if (rewindTo !== undefined && isRewindable(source)) await source.rewind(rewindTo.offset)
      await source.open(o.ctx, emit)
      opened.push(o)
      return o
    }

    async function close(o: Opened): Promise<void> {
      opened.splice(opened.indexOf(o), 1)
      await o.source.close(o.ctx)
    }

    /** Waits (bounded) until `cond`, moving the rule clock a step at a time for sources that run on it. */
    async function until(what: string, cond: () => boolean, timeoutMs = WAIT_MS): Promise<void> {
      const end = Date.now() + timeoutMs
      while (!cond()) {
        if (Date.now() > end) throw new Error(`${name}: timed out after ${timeoutMs} ms waiting for ${what}`)
        await tick()
        await new Promise((r) => setTimeout(r, 10))
      }
    }

    /** One step of the rule clock (sources polling or generating on it). */
    const tick = (): Promise<void> => clock.advance(h.tickMs ?? 100)

    const seen = (o: Opened, n: number): boolean => o.messages.some((m) => h.numberOf?.(m) === n)
    const takesInputs = (): boolean => h.produce !== undefined || h.prepare !== undefined

    /** Opens a source fed with `inputs` (prepared before open, or produced after it). */
    async function openWith(inputs: readonly SourceInput[]): Promise<Opened> {
      const o = await open(inputs)
      if (h.produce !== undefined) for (const i of inputs) await h.produce(i, tick)
      return o
    }

    it('is safe to close before open, and to close twice after open', async () => {
      const never = await h.create()
      const ctx = context([])
      await never.close(ctx)
      const o = await open()
      await close(o)
      await o.source.close(o.ctx)
      assert.deepEqual(o.errors, [])
    })

    it('emits the messages of its external side, in order', async () => {
      if (!takesInputs()) {
        const o = await open()
        await until('3 generated messages', () => o.messages.length >= 3)
        await close(o)
        return
      }
      const ns = numbers(3)
      const o = await openWith(ns)
      await until(`messages ${ns.join(', ')}`, () => ns.every((n) => seen(o, n)))
      const order = o.messages.map((m) => h.numberOf!(m)).filter((n) => n !== undefined && ns.includes(n))
      const firsts = ns.map((n) => order.indexOf(n))
      assert.deepEqual(
        firsts,
        [...firsts].sort((a, b) => a - b),
        `first arrivals out of order: ${order.join(', ')}`,
      )
      assert.deepEqual(o.errors, [])
      await close(o)
    })

    if (takesInputs() && h.malformed !== false)
      it('reports a malformed input through the context, not by throwing, and goes on', async () => {
        const [a, b] = numbers(2) as [number, number]
        const o = await openWith([a, 'malformed', b])
        await until(`message ${b} after the malformed input`, () => seen(o, b) && o.errors.length > 0)
        assert.ok(seen(o, a))
        assert.ok(
          o.errors.every((e) => e instanceof Error),
          'errors are Error instances',
        )
        await close(o)
      })

    it('emits nothing once closed', async () => {
      if (h.produce !== undefined) {
        const [a, b] = numbers(2) as [number, number]
        const o = await openWith([a])
        await until(`message ${a}`, () => seen(o, a))
        await close(o)
        // A second instance seeing `b` means `b` went out: the closed one must not have it.
        const probe = await open()
        await h.produce(b, tick)
        await until(`message ${b} at a second instance`, () => seen(probe, b))
        assert.equal(seen(o, b), false, 'a closed source emitted')
        await close(probe)
        return
      }
      const o = await openWith(takesInputs() ? numbers(2) : [])
      await until('a message', () => o.messages.length > 0)
      await close(o)
      const count = o.messages.length
      for (let i = 0; i < 10; i++) await clock.advance(h.tickMs ?? 100)
      assert.equal(o.messages.length, count, 'a closed source emitted')
    })

    const outage = h.outage
    const produce = h.produce
    if (outage !== undefined && produce !== undefined)
      it('gets its messages again after the external side went away and came back', async () => {
        const [a] = numbers(1) as [number]
        const o = await openWith([a])
        await until(`message ${a}`, () => seen(o, a))
        await outage.stop()
        await outage.start()
        // What is produced while the source reconnects may be lost (QoS 0): produce until one gets through.
        const sent: number[] = []
        const end = Date.now() + WAIT_MS
        for (;;) {
          const n = numbers(1)[0]!
          sent.push(n)
          await produce(n, tick).catch(() => undefined)
          try {
            await until('a message after the restart', () => sent.some((m) => seen(o, m)), 500)
            break
          } catch (err) {
            if (Date.now() > end) throw err
          }
        }
        await close(o)
      })

    if (rewindable)
      it('replays from a checkpointed offset: after rewind, the first message is the one after it', async () => {
        const ns = takesInputs() ? numbers(4) : []
        const a = await openWith(ns)
        await until('4 messages', () => a.messages.length >= 4)
        await close(a)
        if (h.rewindable === false) {
          assert.deepEqual(a.offsets.slice(0, 4), [undefined, undefined, undefined, undefined], 'no offset to save')
          return
        }
        // The checkpoint taken after the second message.
        const offset = a.offsets[1]
        assert.notEqual(offset, undefined, 'offset() after a message is defined')
        const b = await open([], { offset })
        await until('a replayed message', () => b.messages.length > 0)
        assert.deepEqual(b.messages[0], a.messages[2])
        await close(b)
      })
  })
}
