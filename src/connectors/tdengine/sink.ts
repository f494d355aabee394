// TDengine sink (1.0 plugin `tdengine`), over TDengine's REST API instead of the native client: each row becomes
// one INSERT posted to http://<host>:<port>/rest/sql/<database> with basic auth (1.0 ran the same SQL natively).

import { timeoutSignal } from '../../core/clock.js'
import { ConnectorError, payloadRows } from '../api.js'
import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'
import type { TdengineConf } from './config.js'
import { parseTdengineConf, tdengineUrl } from './config.js'
import { buildInsert } from './sql.js'

/** A TDengine REST answer that reports a failed statement (2.x `status: error`, 3.x non-zero `code`). */
function answerError(body: string): string | undefined {
  let a: unknown
  try {
    a = JSON.parse(body)
  } catch {
    return undefined
  }
  if (typeof a !== 'object' || a === null) return undefined
  const r = a as { status?: unknown; code?: unknown; desc?: unknown }
  if (r.status === 'error' || (typeof r.code === 'number' && r.code !== 0))
    return `${String(r.desc ?? 'error')} (code ${String(r.code)})`
  return undefined
}

export class TdengineSink implements Sink {
  private readonly url: string
  private readonly auth: string

  constructor(readonly conf: TdengineConf) {
    this.url = tdengineUrl(conf)
    this.auth = 'Basic ' + Buffer.from(`${conf.user}:${conf.password}`).toString('base64')
  }

  async collect(ctx: SinkContext, payload: SinkPayload): Promise<void> {
    const c = this.conf
    for (const row of payloadRows(payload, 'tdengine')) {
      const sql = buildInsert(row, c, (f) => ctx.logger.warn(`tdengine sink: not found field: ${f}`))
      await this.exec(sql)
    }
  }

  private async exec(sql: string): Promise<void> {
    let res: Response
    let body: string
    // Through the clock: AbortSignal.timeout overflows at 2^31 ms and would abort every request after 1 ms.
    const timeout = timeoutSignal(this.conf.timeout)
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { Authorization: this.auth, 'Content-Type': 'text/plain' },
        body: sql,
        signal: timeout.signal,
      })
      body = await res.text()
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message
      throw new ConnectorError(`tdengine sink: ${(err as Error).message}${cause ? ': ' + cause : ''}`, 'backoff', {
        cause: err,
      })
    } finally {
      timeout.done()
    }
    if (res.status >= 500 || [401, 403, 404, 408, 429].includes(res.status))
      throw new ConnectorError(`tdengine sink: status ${res.status}: ${body}`, 'backoff')
    const e = answerError(body)
    if (e !== undefined || res.status >= 300)
      throw new ConnectorError(`tdengine sink: ${sql} failed: ${e ?? `status ${res.status}: ${body}`}`, 'none')
  }
}

export function createTdengineSink(props: ConnectorProps, _env: ConnectorEnv): Sink {
  return new TdengineSink(parseTdengineConf(props))
}
