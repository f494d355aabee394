// A small HTTP(S) client for sinks: one request with a total timeout, keep-alive agents per sink, optional
// certificate checks off; transport failures and HTTP statuses become ConnectorErrors that say whether to retry.

import http from 'node:http'
import https from 'node:https'
import { systemClock } from '../../core/clock.js'
import { ConnectorError } from '../api.js'

export interface HttpReply {
  readonly status: number
  readonly body: string
}

export interface HttpRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
  readonly timeout: number
}

/** Keep-alive agents of one sink. */
export class HttpClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true })
  private readonly httpsAgent: https.Agent

  constructor(insecureSkipVerify: boolean) {
    this.httpsAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: !insecureSkipVerify })
  }

  /** Sends the request; rejects with a `backoff` ConnectorError when the endpoint could not be reached in time. */
  send(r: HttpRequest, what: string): Promise<HttpReply> {
    const secure = r.url.protocol === 'https:'
    const headers: Record<string, string> = { ...r.headers }
    if (r.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(r.body))
    const options: https.RequestOptions = {
      method: r.method,
      headers,
      agent: secure ? this.httpsAgent : this.httpAgent,
    }
    return new Promise((resolve, reject) => {
      let done = false
      const finish = (err: Error | undefined, reply?: HttpReply): void => {
        if (done) return
        done = true
        timer.cancel()
        if (err !== undefined) reject(err)
        else resolve(reply!)
      }
      const req = (secure ? https : http).request(r.url, options, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', (err) => finish(new ConnectorError(`${what}: ${err.message}`, 'backoff', { cause: err })))
        res.on('end', () => finish(undefined, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }))
      })
      // Through the clock: a timeout of 2^31 ms or more would overflow a raw Node timer and fire after 1 ms.
      const timer = systemClock.setTimeout(() => {
        finish(new ConnectorError(`${what}: request timed out after ${r.timeout} ms`, 'backoff'))
        req.destroy()
      }, r.timeout)
      req.on('error', (err) => finish(new ConnectorError(`${what}: ${err.message}`, 'backoff', { cause: err })))
      req.end(r.body)
    })
  }

  close(): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }
}

/**
 * The error of a non-2xx status: worth retrying for 5xx, 408 and 429 and for 401/403/404 (credentials or an endpoint
 * an operator can fix while the outbox keeps the data); other 4xx reject the message itself.
 */
export function statusError(message: string, status: number): ConnectorError {
  const retry = status >= 500 || [401, 403, 404, 408, 429].includes(status) ? 'backoff' : 'none'
  return new ConnectorError(message, retry)
}
