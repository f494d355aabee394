// The TDengine sink config from the properties declared in properties.ts, and the REST endpoint it posts to: read by
// the rule-create check of the registry (with connectors.httpAllowList) and by the sink factory.

import { KuiperError } from '../../core/errors.js'
import type { ConnectorProps } from '../api.js'
import { tdengineSinkProperties } from './properties.js'

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

/** The REST endpoint the sink posts its statements to (also what connectors.httpAllowList is checked against). */
export function tdengineUrl(conf: TdengineConf): string {
  return `http://${conf.host}:${conf.port}/rest/sql/${encodeURIComponent(conf.database)}`
}
