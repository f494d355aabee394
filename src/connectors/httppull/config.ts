// The HTTP pull source config from the conf keys declared in properties.ts (1.0 httppull_source.go Configure), and
// the Content-Type of each bodyType.

import { checkUrlAllowed } from '../../core/allow-list.js'
import { KuiperError } from '../../core/errors.js'
import type { ConnectorEnv, ConnectorProps, SourceConfig } from '../api.js'
import type { BodyType } from '../shared/http-content-types.js'
import { httpPullSourceProperties } from './properties.js'

export type { BodyType } from '../shared/http-content-types.js'

export interface HttpPullConf {
  readonly url: string
  /** Upper-case HTTP method: GET, POST, PUT or DELETE. */
  readonly method: string
  readonly interval: number
  readonly timeout: number
  readonly incremental: boolean
  readonly body: string
  readonly bodyType: BodyType
  readonly headers: Readonly<Record<string, string>>
  readonly insecureSkipVerify: boolean
  readonly certificationPath?: string
  readonly privateKeyPath?: string
  readonly rootCaPath?: string
}

function configError(message: string): KuiperError {
  return new KuiperError('CONFIG_ERROR', message)
}

/** A header value as 1.0's CastToString: text, integers, booleans, floats with two decimals. */
function headerValue(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return v
    case 'bigint':
    case 'boolean':
      return String(v)
    case 'number':
      return Number.isInteger(v) ? String(v) : v.toFixed(2)
    default:
      return undefined
  }
}

/**
 * @example httpPullConf({ url: 'http://127.0.0.1:9090/pull', interval: 1000, incremental: true })
 */
export function httpPullConf(props: ConnectorProps): HttpPullConf {
  const p = httpPullSourceProperties.parse(props)
  try {
    new URL(p.url)
  } catch {
    throw configError(`Not valid url value ${p.url}.`)
  }
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(p.headers ?? {})) {
    const s = headerValue(v)
    if (s !== undefined) headers[k] = s
  }
  return {
    url: p.url,
    method: p.method.toUpperCase(),
    interval: p.interval,
    timeout: p.timeout,
    incremental: p.incremental,
    body: p.body,
    bodyType: p.bodyType.toLowerCase() as BodyType,
    headers,
    insecureSkipVerify: p.insecureSkipVerify,
    ...optional('certificationPath', p.certificationPath),
    ...optional('privateKeyPath', p.privateKeyPath),
    ...optional('rootCaPath', p.rootCaPath),
  }
}

function optional<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return v === undefined || v === '' ? {} : ({ [key]: v } as { [P in K]?: string })
}

/** The httppull configuration, its url inside connectors.httpAllowList (CONFIG_ERROR otherwise). */
export function allowedHttpPullConf(config: SourceConfig, env: ConnectorEnv): HttpPullConf {
  const conf = httpPullConf(config.props)
  checkUrlAllowed(env.allow, conf.url, 'httppull url')
  return conf
}
