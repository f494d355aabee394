// The Sink contract suite: run once per sink (built-in connectors and plugins) with `describeSink(name, setup)`.
// The setup starts what the sink writes to and says how to read it back; the suite checks what the sink node relies
// on: open/close in any order, every payload delivered in order, nothing buffered lost at close, failures reported
// (a rejected collect), never thrown out of band, and delivery again once the external side is back.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Sink, SinkContext } from '../../src/connectors/api.js'
import { SinkPayload, silentLogger } from '../../src/connectors/api.js'
import { ManualClock } from '../../src/core/manual-clock.js'

export interface SinkHarness {
  /** A new instance of the sink, writing to the external side of this harness. */
  create(): Sink | Promise<Sink>
  /** The `n` of every row the external side has received so far, in arrival order. */
  received(): readonly number[] | Promise<readonly number[]>
  /** The external side goes away and comes back on the same address. */
  readonly outage?: { stop(): Promise<void>; start(): Promise<void> }
  cleanup?(): Promise<void>
}

const WAIT_MS = 15_000

/** A payload of one row `{n}`. */
const row = (n: number): SinkPayload => new SinkPayload([{ n }])

export function describeSink(name: string, setup: () => Promise<SinkHarness> | SinkHarness): void {
  // The harness is set up while the suite is declared: which cases apply depends on it (an outage where the external
  // side can be restarted), and a case that does not apply is not declared rather than skipped.
  describe(`Sink contract: ${name}`, async () => {
    const h: SinkHarness = await setup()
    const clock = new ManualClock(0)
    const ctx: SinkContext = { ruleId: 'contract', sinkName: 'contract_0', clock, logger: silentLogger }
    const open: Sink[] = []
    let next = 1
    const numbers = (count: number): number[] => Array.from({ length: count }, () => next++)
    /** Errors that escaped the sink (uncaught exceptions, unhandled rejections) while the suite ran. */
    const escaped: unknown[] = []
    const onEscape = (err: unknown): void => void escaped.push(err)

    before(async () => {
      process.on('uncaughtException', onEscape)
      process.on('unhandledRejection', onEscape)
    })
    after(async () => {
      for (const s of open) await s.close?.(ctx)
      await h.cleanup?.()
      process.off('uncaughtException', onEscape)
      process.off('unhandledRejection', onEscape)
      assert.deepEqual(escaped, [], 'errors escaped the sink instead of being reported')
    })

    async function opened(): Promise<Sink> {
      const s = await h.create()
      await s.open?.(ctx)
      open.push(s)
      return s
    }

    async function close(s: Sink): Promise<void> {
      open.splice(open.indexOf(s), 1)
      await s.close?.(ctx)
    }

    async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = WAIT_MS): Promise<void> {
      const end = Date.now() + timeoutMs
      while (!(await cond())) {
        if (Date.now() > end) throw new Error(`${name}: timed out after ${timeoutMs} ms waiting for ${what}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    }

    const has = async (ns: readonly number[]): Promise<boolean> => {
      const got = new Set(await h.received())
      return ns.every((n) => got.has(n))
    }

    it('is safe to close before open, and to close twice after open', async () => {
      const never = await h.create()
      await never.close?.(ctx)
      const s = await opened()
      await close(s)
      await s.close?.(ctx)
    })

    it('delivers every payload collected, in order', async () => {
      const s = await opened()
      const ns = numbers(3)
      for (const n of ns) await s.collect(ctx, row(n))
      await s.flush?.(ctx)
      await until(`rows ${ns.join(', ')}`, () => has(ns))
      const got = (await h.received()).filter((n) => ns.includes(n))
      assert.deepEqual(got, ns)
      await close(s)
    })

    it('loses nothing handed to it before close: what collect accepted is delivered by close', async () => {
      const s = await opened()
      const ns = numbers(20)
      // As the sink node does with concurrency > 1: collects in flight together, then close.
      const results = await Promise.allSettled(ns.map((n) => Promise.resolve().then(() => s.collect(ctx, row(n)))))
      await close(s)
      const accepted = ns.filter((_, i) => results[i]!.status === 'fulfilled')
      assert.equal(accepted.length, ns.length, 'the external side was up: every collect succeeds')
      await until(`all ${ns.length} rows after close`, () => has(accepted))
    })

    const outage = h.outage
    if (outage !== undefined)
      it('reports failures while the external side is away, and delivers again once it is back', async () => {
        const s = await opened()
        const [a] = numbers(1) as [number]
        await s.collect(ctx, row(a))
        await until(`row ${a}`, () => has([a]))
        await outage.stop()
        // While away a collect may fail (reported: a rejected promise, retried by the sink node) or be queued by the
        // client; either way nothing may escape as an uncaught error.
        const [b] = numbers(1) as [number]
        const during = await Promise.race([
          Promise.resolve()
            .then(() => s.collect(ctx, row(b)))
            .then(
              () => 'accepted',
              (err: unknown) => (err instanceof Error ? 'rejected' : `rejected with a non-Error ${String(err)}`),
            ),
          new Promise<string>((r) => setTimeout(() => r('pending'), 2000)),
        ])
        assert.ok(['accepted', 'rejected', 'pending'].includes(during), during)
        await outage.start()
        // As the sink node retries: collect again until a row gets through (bounded).
        const sent: number[] = []
        const end = Date.now() + WAIT_MS
        for (;;) {
          const n = numbers(1)[0]!
          sent.push(n)
          await Promise.race([
            Promise.resolve()
              .then(() => s.collect(ctx, row(n)))
              .catch(() => undefined),
            new Promise((r) => setTimeout(r, 1000)),
          ])
          const got = new Set(await h.received())
          if (sent.some((m) => got.has(m))) break
          if (Date.now() > end) throw new Error(`${name}: nothing delivered after the external side came back`)
        }
        await close(s)
      })
  })
}
