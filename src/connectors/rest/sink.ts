// REST sink (1.0 `rest`, common/http_util.go Send): each payload is one request; the body is the payload text with
// the bodyType's Content-Type, or for `form` the payload's JSON fields url-encoded. Non-2xx answers are errors.

import { formatGo } from '../../core/value.js'
import type { Value } from '../../core/value.js'
import { ConnectorError } from '../api.js'
import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'
import { BODY_CONTENT_TYPES } from '../shared/http-content-types.js'
import { parseRestConf } from './config.js'
import type { RestConf } from './config.js'
import { HttpClient, statusError } from './http.js'

/** Go's url.QueryEscape: unreserved characters kept, space as `+`, the rest `%XX`. */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}

/**
 * The form body of a payload (Go url.Values.Encode: keys sorted): a JSON object's fields — arrays and objects as
 * their JSON, other values printed with %v; any other payload is the single field `result` (an error with sendSingle).
 */
export function formBody(text: string, sendSingle: boolean): string {
  let m: unknown
  try {
    m = JSON.parse(text)
  } catch (err) {
    m = undefined
    if (sendSingle) throw new ConnectorError(`fail to decode content: ${(err as Error).message}`, 'none')
  }
  let fields: Record<string, unknown>
  if (typeof m === 'object' && m !== null && !Array.isArray(m)) fields = m as Record<string, unknown>
  else if (sendSingle) throw new ConnectorError('fail to decode content: not a JSON object', 'none')
  else fields = { result: text }
  return Object.keys(fields)
    .sort()
    .map((k) => {
      const v = fields[k]
      const s = typeof v === 'object' && v !== null ? JSON.stringify(v) : formatGo(v as Value)
      return `${queryEscape(k)}=${queryEscape(s)}`
    })
    .join('&')
}

export class RestSink implements Sink {
  private client: HttpClient | undefined
  private readonly url: URL

  constructor(readonly conf: RestConf) {
    this.url = new URL(conf.url)
  }

  open(ctx: SinkContext): void {
    this.client = new HttpClient(this.conf.insecureSkipVerify)
    ctx.logger.info(
      `open rest sink with configuration: {method: ${this.conf.method}, url: ${this.conf.url}, bodyType: ${this.conf.bodyType}, timeout: ${this.conf.timeout}}`,
    )
  }

  async collect(ctx: SinkContext, payload: SinkPayload): Promise<void> {
    const c = this.conf
    const headers: Record<string, string> = {}
    let body: string | undefined
    if (c.bodyType === 'form') {
      body = formBody(payload.text, c.sendSingle)
      headers['Content-Type'] = BODY_CONTENT_TYPES.form
    } else if (c.bodyType !== 'none') {
      body = payload.text
      headers['Content-Type'] = BODY_CONTENT_TYPES[c.bodyType]
    }
    Object.assign(headers, c.headers)
    this.client ??= new HttpClient(c.insecureSkipVerify)
    const reply = await this.client.send(
      { method: c.method, url: this.url, headers, body, timeout: c.timeout },
      'rest sink fails to send out the data',
    )
    if (reply.status < 200 || reply.status > 299)
      throw statusError(`rest sink fails to err http return code: ${reply.status}.`, reply.status)
    if (c.debugResp) ctx.logger.info(`Response content: ${reply.body}`)
  }

  close(): void {
    this.client?.close()
    this.client = undefined
  }
}

export function createRestSink(props: ConnectorProps, _env: ConnectorEnv): Sink {
  return new RestSink(parseRestConf(props))
}
