// TDengine sink (1.0 plugin `tdengine`), over TDengine's REST API instead of the native client: each row becomes
// one INSERT posted to http://<host>:<port>/rest/sql/<database> with basic auth (1.0 ran the same SQL natively).

import { timeoutSignal } from '../../core/clock.js'
import { KuiperError } from '../../core/errors.js'
import { ConnectorError, payloadRows } from '../api.js'
import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'
import { tdengineSinkProperties } from './properties.js'
import { buildInsert } from './sql.js'

export interface TdengineConf {
  readonly host: string
  /** The REST port (taosAdapter / httpd), 6041 by default. */
  readonly port: number
  readonly user: string
  readonly password: string
  readonly database: string
  readonly table: string
  readonly tsFieldName: string
  readonly provideTs: boolean
  readonly fields: readonly string[] | undefined
  readonly timeout: number
}

export function parseTdengineConf(props: ConnectorProps): TdengineConf {
  const p = tdengineSinkProperties.parse(props)
  for (const key of ['database', 'table', 'tsFieldName'] as const) {
    if (p[key] === '') throw new KuiperError('CONFIG_ERROR', `tdengine sink is missing property ${key}`)
  }
  if (p.port > 65535)
    throw new KuiperError('CONFIG_ERROR', `tdengine sink property port ${p.port} is not a port number`)
  const host = 'host' in props && p.host !== '' ? p.host : p.ip !== undefined && p.ip !== '' ? p.ip : p.host
  return {
    host,
    port: p.port,
    user: p.user,
    password: p.password,
    database: p.database,
    table: p.table,
    tsFieldName: p.tsFieldName,
    provideTs: p.provideTs,
    fields: p.fields === undefined || p.fields.length === 0 ? undefined : p.fields,
    timeout: p.timeout,
  }
}

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

/** The REST endpoint the sink posts its statements to (also what connectors.httpAllowList is checked against). */
export function tdengineUrl(conf: TdengineConf): string {
  return `http://${conf.host}:${conf.port}/rest/sql/${encodeURIComponent(conf.database)}`
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
