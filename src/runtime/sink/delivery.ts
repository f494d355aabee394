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
  /** A message given up: not retryable, retries exhausted, retry disabled, or pushed out of a full outbox. */
  dropped(p: SinkPayload, reason: string): void
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

export class Delivery {
  private resending = false
  private loop: Promise<void> = Promise.resolve()
  private closed = false
  /** Pending retry waits, woken early when the node stops. */
  private readonly sleeps = new Set<{ timer: TimerHandle; wake: () => void }>()

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
  deliver(msgs: readonly SinkPayload[], from = 0): void | Promise<void> {
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
        const next = this.onFailure(msgs, i, err, 1)
        if (next !== undefined) return next
        continue
      }
      if (isPromise(r)) {
        return r.then(
          () => {
            this.hooks.sent()
            return this.deliver(msgs, i + 1)
          },
          (err: unknown) => this.onFailure(msgs, i, err, 1) ?? this.deliver(msgs, i + 1),
        )
      }
      this.hooks.sent()
    }
  }

  /** Stops retrying; pending messages stay in the outbox (saved by the caller). */
  stop(): void {
    this.closed = true
    for (const s of [...this.sleeps]) {
      s.timer.cancel()
      s.wake()
    }
    this.sleeps.clear()
  }

  /** Resolves once the resend loop has ended (after `stop`). */
  async stopped(): Promise<void> {
    await this.loop
  }

  /**
   * After attempt `attempt` of msgs[i] failed: undefined = the message was dropped and the caller goes on with
   * the next one; a resolved value = the rest went to the outbox; a promise = an in-place retry (no outbox).
   */
  private onFailure(msgs: readonly SinkPayload[], i: number, err: unknown, attempt: number): void | Promise<void> {
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
    return this.sleep().then(() => this.retryInPlace(msgs, i, attempt + 1))
  }

  private retryInPlace(msgs: readonly SinkPayload[], i: number, attempt: number): void | Promise<void> {
    const m = msgs[i]!
    if (this.closed) {
      this.hooks.dropped(m, 'the rule stopped while the message was retried')
      return undefined
    }
    let r: void | Promise<void>
    try {
      r = this.hooks.send(m)
    } catch (err) {
      return this.onFailure(msgs, i, err, attempt) ?? this.deliver(msgs, i + 1)
    }
    if (isPromise(r)) {
      return r.then(
        () => {
          this.hooks.sent()
          return this.deliver(msgs, i + 1)
        },
        (err: unknown) => this.onFailure(msgs, i, err, attempt) ?? this.deliver(msgs, i + 1),
      )
    }
    this.hooks.sent()
    return this.deliver(msgs, i + 1)
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
    const dropped = this.outbox.push(m, attempts)
    if (dropped !== undefined) this.hooks.dropped(dropped, `the sink cache is full (cacheLength ${this.outbox.limit})`)
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
      const e = ob.peek()
      if (e === undefined) return
      try {
        await this.hooks.send(e.payload)
      } catch (err) {
        if (this.closed) return
        this.hooks.failed(e.payload, err)
        e.attempts++
        const reason = this.giveUpReason(err, e.attempts)
        if (reason !== undefined) {
          ob.shift()
          this.hooks.dropped(e.payload, reason)
          continue
        }
        await this.sleep()
        continue
      }
      if (ob.peek() === e) ob.shift()
      this.hooks.sent()
    }
  }

  private sleep(): Promise<void> {
    if (this.closed) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const entry = {
        timer: this.clock.setTimeout(() => {
          this.sleeps.delete(entry)
          resolve()
        }, this.conf.retryInterval),
        wake: resolve,
      }
      this.sleeps.add(entry)
    })
  }
}
