// HTTP pull source (1.0 xstream/extensions/httppull_source.go): requests the url every `interval` ms on the rule
// clock (first request after one interval, one request at a time), and emits the messages of the answer in the
// stream's FORMAT (JSON: the object, or each object of an array). With `incremental`, an answer whose MD5 equals
// the previous one is skipped. Failed requests are logged and skipped; malformed answers count as source
// exceptions (1.0 stopped pulling there) and pulling goes on. Backpressure: no request while the rule's queue is full, and the objects of
// one answer wait for room.

import { createHash } from 'node:crypto'
import type https from 'node:https'
import type { TimerHandle } from '../../core/clock.js'
import { errorMessage } from '../../core/errors.js'
import { decodePayload, ThrottledLog } from '../api.js'
import type { ConnectorEnv, Source, SourceConfig, SourceContext, SourceEmit } from '../api.js'
import { checkUrlAllowed } from '../../core/allow-list.js'
import type { ConnectorAllowLists } from '../../core/allow-list.js'
import type { HttpPullConf } from './config.js'
import { allowedHttpPullConf } from './config.js'
import { sendRequest, tlsOptions } from './request.js'

export class HttpPullSource implements Source {
  private timer: TimerHandle | undefined
  private inflight: Promise<void> | undefined
  private lastMd5 = ''
  private closed = false
  private tls: https.RequestOptions | undefined
  private readonly badPayloads = new ThrottledLog('warn', 'messages')

  constructor(
    readonly conf: HttpPullConf,
    private readonly allow?: ConnectorAllowLists,
  ) {}

  open(ctx: SourceContext, emit: SourceEmit): void {
    checkUrlAllowed(this.allow, this.conf.url, 'httppull url')
    this.closed = false
    this.tls = tlsOptions(this.conf)
    this.timer = ctx.clock.setInterval(() => {
      if (this.inflight !== undefined || this.closed || ctx.flow?.isFull() === true) return
      this.inflight = this.pull(ctx, emit).finally(() => {
        this.inflight = undefined
      })
    }, this.conf.interval)
  }

  /** Resolves when no request is in flight (tests). */
  async settled(): Promise<void> {
    await this.inflight
  }

  async close(ctx: SourceContext): Promise<void> {
    this.closed = true
    this.timer?.cancel()
    this.timer = undefined
    await this.inflight
    ctx.logger.info('Closing HTTP pull source')
  }

  private async pull(ctx: SourceContext, emit: SourceEmit): Promise<void> {
    let body: Buffer
    try {
      body = (await sendRequest(this.conf, this.tls ?? {})).body
    } catch (err) {
      ctx.logger.warn(`Found error ${errorMessage(err)} when trying to reach ${this.conf.method} ${this.conf.url}`)
      return
    }
    if (this.closed) return
    if (this.conf.incremental) {
      const md5 = createHash('md5').update(body).digest('hex')
      if (md5 === this.lastMd5) {
        ctx.logger.info('Content has not changed since last fetch, so skip processing.')
        return
      }
      this.lastMd5 = md5
    }
    const messages = decodePayload(ctx, body, this.badPayloads)
    const flow = ctx.flow
    for (const m of messages) {
      if (flow?.isFull() === true) await new Promise<void>((resolve) => flow.onRoom(resolve))
      if (this.closed) return
      emit(m, {})
    }
  }
}

/** The `httppull` source factory: configuration errors fail the rule's start. */
export function createHttpPullSource(config: SourceConfig, env: ConnectorEnv): Source {
  return new HttpPullSource(allowedHttpPullConf(config, env), env.allow)
}
