// Delivery of a sink's messages with retries and the durable outbox: a message that fails with a retryable error
// moves, with every message after it, into the outbox, which is resent in order every `retryInterval` ms until the
// sink accepts again. Synchronous sinks stay synchronous: nothing here awaits unless the sink returned a promise.

import type { Clock, TimerHandle } from '../../core/clock.js'
import { errorMessage, KuiperError } from '../../core/errors.js'
import { ConnectorError } from '../../connectors/api.js'
import type { ConnectorLogger, SinkPayload } from '../../connectors/api.js'
import type { SinkConf } from './conf.js'
import type { Outbox } from './outbox.js'

export interface DeliveryHooks {
  /** Calls the sink's collect. */
  send(p: SinkPayload): void | Promise<void>
  sent(): void
  /** One failed attempt (1.0 counted each as an exception). */
  failed(p: SinkPayload, err: unknown): void
  /**
   * A message given up: not retryable, retries exhausted, retry disabled, or pushed out of a full outbox (undefined
   * when it was in the store only).
   */
  dropped(p: SinkPayload | undefined, reason: string): void
  /** Where the resend loop reports that it stopped. */
  readonly logger: ConnectorLogger
}

/** Whether trying again may help: ConnectorError says so; other Kuiper errors (encoding) never; the rest yes. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof ConnectorError) return err.retry === 'backoff'
  if (err instanceof KuiperError) return false
  return true
}

function isPromise(x: unknown): x is Promise<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as Promise<unknown>).then === 'function'
}

/** The messages of one item being delivered: `i` is the one in flight. */
interface Chain {
  readonly msgs: readonly SinkPayload[]
  i: number
  /** `abandon` moved msgs[i..] to the outbox: what the pending write does no longer counts. */
  abandoned: boolean
}

export class Delivery {
  private resending = false
  /** Items whose delivery waits on a sink write. */
  private chains: Set<Chain> | undefined
  private loop: Promise<void> = Promise.resolve()
  private closed = false
  /** Pending retry waits, woken early when the node stops. */
  private sleeps: Set<{ timer: TimerHandle; wake: () => void }> | undefined

  constructor(
    private readonly conf: SinkConf,
    /** Undefined when `cacheLength` is 0: failed messages are retried in place. */
    private readonly outbox: Outbox | undefined,
    private readonly clock: Clock,
    private readonly hooks: DeliveryHooks,
  ) {}

  /** Messages waiting in the outbox. */
  get backlog(): number {
    return this.outbox?.length ?? 0
  }

  /** Starts resending what the outbox holds (after a restart). */
  resume(): void {
    if (this.backlog > 0) this.startResend(false)
  }

  /** Delivers the messages of one item, in order; a promise while a sink write (or in-place retry) is pending. */
  deliver(msgs: readonly SinkPayload[]): void | Promise<void> {
    return this.deliverFrom({ msgs, i: 0, abandoned: false }, 0)
  }

  /**
   * `deliver([m])`, the common case (one message per result), without the bookkeeping of an item's messages
   * unless the write fails or waits: at 1,000 rules on one stream this runs once per rule and message.
   */
  deliverOne(m: SinkPayload): void | Promise<void> {
    if (!this.direct) return this.deliver([m])
    let r: void | Promise<void>
    try {
      r = this.hooks.send(m)
    } catch (err) {
      return this.failedOne(m, err)
    }
    return this.sentOne(m, r)
  }

  /**
   * Whether a message may be sent at once, as `deliverOne` would: not stopped, nothing waiting in the outbox or being
   * resent. The fused path (SinkNode.takeFused) checks this, calls the sink itself, and hands an outcome other than
   * a synchronous success to `sentOne` / `failedOne`.
   */
  get direct(): boolean {
    return !this.closed && !this.resending && this.backlog === 0
  }

  /** `deliverOne(m)` after the sink's collect of `m` returned `r` (a promise: the write waits, as in deliverOne). */
  sentOne(m: SinkPayload, r: void | Promise<void>): void | Promise<void> {
    if (isPromise(r)) return this.await({ msgs: [m], i: 0, abandoned: false }, 0, r, 1)
    this.hooks.sent()
  }

  /** `deliverOne(m)` after the sink's collect of `m` threw `err`. */
  failedOne(m: SinkPayload, err: unknown): void | Promise<void> {
    return this.onFailure({ msgs: [m], i: 0, abandoned: false }, 0, err, 1)
  }

  /**
   * The rule stops and the grace is over: the messages whose writes are still pending go to the outbox (saved with
   * it), so a sink that hangs (a broker gone) loses nothing. A write that completes later is ignored.
   */
  abandon(): void {
    this.closed = true
    for (const c of this.chains ?? []) {
      c.abandoned = true
      for (let k = c.i; k < c.msgs.length; k++) this.enqueue(c.msgs[k]!, 0)
    }
    this.chains = undefined
    // The resend loop's message in flight goes back to the front (it never left the store).
    if (this.outbox !== undefined) this.reportDrops(this.outbox.release('retry'))
  }

  private deliverFrom(chain: Chain, from: number): void | Promise<void> {
    const msgs = chain.msgs
    for (let i = from; i < msgs.length; i++) {
      const m = msgs[i]!
      if (this.closed || this.backlog > 0 || this.resending) {
        this.enqueue(m, 0)
        continue
      }
      let r: void | Promise<void>
      try {
        r = this.hooks.send(m)
      } catch (err) {
        const next = this.onFailure(chain, i, err, 1)
        if (next !== undefined) return next
        continue
      }
      if (isPromise(r)) return this.await(chain, i, r, 1)
      this.hooks.sent()
    }
  }

  /** Waits for the write of msgs[i] (attempt `attempt`), then goes on with the rest of the item. */
  private await(chain: Chain, i: number, r: Promise<void>, attempt: number): Promise<void> {
    chain.i = i
    ;(this.chains ??= new Set()).add(chain)
    // Each step leaves the set; a step that waits again (await, retry sleep) puts the chain back.
    return r.then(
      () => {
        if (chain.abandoned) return
        this.chains?.delete(chain)
        this.hooks.sent()
        return this.deliverFrom(chain, i + 1)
      },
      (err: unknown) => {
        if (chain.abandoned) return
        this.chains?.delete(chain)
        return this.onFailure(chain, i, err, attempt) ?? this.deliverFrom(chain, i + 1)
      },
    )
  }

  /** Stops retrying; pending messages stay in the outbox (saved by the caller). */
  stop(): void {
    this.closed = true
    for (const s of [...(this.sleeps ?? [])]) {
      s.timer.cancel()
      s.wake()
    }
    this.sleeps = undefined
  }

  /** Resolves once the resend loop has ended (after `stop`). */
  async stopped(): Promise<void> {
    await this.loop
  }

  /**
   * After attempt `attempt` of msgs[i] failed: undefined = the message was dropped and the caller goes on with
   * the next one; a resolved value = the rest went to the outbox; a promise = an in-place retry (no outbox).
   */
  private onFailure(chain: Chain, i: number, err: unknown, attempt: number): void | Promise<void> {
    const msgs = chain.msgs
    const m = msgs[i]!
    this.hooks.failed(m, err)
    const reason = this.giveUpReason(err, attempt)
    if (reason !== undefined) {
      this.hooks.dropped(m, reason)
      return undefined
    }
    if (this.outbox !== undefined || this.closed) {
      this.enqueue(m, attempt)
      for (let k = i + 1; k < msgs.length; k++) this.enqueue(msgs[k]!, 0)
      this.startResend(true)
      return Promise.resolve()
    }
    chain.i = i
    ;(this.chains ??= new Set()).add(chain)
    return this.sleep().then(() => {
      if (chain.abandoned) return
      this.chains?.delete(chain)
      return this.retryInPlace(chain, i, attempt + 1)
    })
  }

  private retryInPlace(chain: Chain, i: number, attempt: number): void | Promise<void> {
    const m = chain.msgs[i]!
    if (this.closed) {
      this.chains?.delete(chain)
      for (let k = i; k < chain.msgs.length; k++)
        this.hooks.dropped(chain.msgs[k]!, 'the rule stopped while the message was retried')
      return undefined
    }
    let r: void | Promise<void>
    try {
      r = this.hooks.send(m)
    } catch (err) {
      return this.onFailure(chain, i, err, attempt) ?? this.deliverFrom(chain, i + 1)
    }
    if (isPromise(r)) return this.await(chain, i, r, attempt)
    this.hooks.sent()
    return this.deliverFrom(chain, i + 1)
  }

  private giveUpReason(err: unknown, attempt: number): string | undefined {
    if (!isRetryable(err)) return `not retryable: ${errorMessage(err)}`
    if (this.conf.retryInterval <= 0) return `retryInterval is 0: ${errorMessage(err)}`
    const rc = this.conf.retryCount
    if (rc !== undefined && attempt > rc) return `failed ${attempt} times (retryCount ${rc}): ${errorMessage(err)}`
    return undefined
  }

  private enqueue(m: SinkPayload, attempts: number): void {
    if (this.outbox === undefined) {
      this.hooks.dropped(m, 'the rule stopped before the message was delivered')
      return
    }
    this.reportDrops(this.outbox.push(m, attempts))
  }

  private reportDrops(dropped: readonly (SinkPayload | undefined)[]): void {
    if (dropped.length === 0) return
    const reason = `the sink cache is full (${this.outbox!.boundText})`
    for (const d of dropped) this.hooks.dropped(d, reason)
  }

  private startResend(wait: boolean): void {
    if (this.resending || this.closed || this.outbox === undefined) return
    this.resending = true
    this.loop = this.resendLoop(wait)
      .catch((err: unknown) => this.hooks.logger.error(`sink outbox resend stopped: ${errorMessage(err)}`))
      .finally(() => {
        this.resending = false
        // Messages may have arrived while the loop was finishing.
        if (!this.closed && this.backlog > 0) this.startResend(false)
      })
  }

  private async resendLoop(wait: boolean): Promise<void> {
    const ob = this.outbox!
    if (wait) await this.sleep()
    while (!this.closed) {
      // Taken out of the outbox while in flight: a full outbox drops older-than-new messages, never this one.
      const e = await ob.take()
      if (e === undefined) return
      try {
        await this.hooks.send(e.payload)
      } catch (err) {
        if (this.closed) {
          this.reportDrops(ob.release('retry'))
          return
        }
        this.hooks.failed(e.payload, err)
        e.attempts++
        const reason = this.giveUpReason(err, e.attempts)
        if (reason !== undefined) {
          ob.release('given-up')
          this.hooks.dropped(e.payload, reason)
          continue
        }
        this.reportDrops(ob.release('retry'))
        await this.sleep()
        continue
      }
      ob.release('delivered')
      this.hooks.sent()
    }
  }

  private sleep(): Promise<void> {
    if (this.closed) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const entry = {
        timer: this.clock.setTimeout(() => {
          this.sleeps?.delete(entry)
          resolve()
        }, this.conf.retryInterval),
        wake: resolve,
      }
      ;(this.sleeps ??= new Set()).add(entry)
    })
  }
}
