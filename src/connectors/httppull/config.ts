// HTTP pull source properties (1.0 httppull_source.go Configure, with its defaults and error texts) plus the TLS
// options of later eKuiper versions: insecureSkipVerify, certificationPath, privateKeyPath, rootCaPath.

import { KuiperError } from '../../core/errors.js'
import type { ConnectorProps } from '../api.js'
import type { BodyType } from '../shared/http-content-types.js'
import { BODY_CONTENT_TYPES } from '../shared/http-content-types.js'

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

function intProp(props: ConnectorProps, key: string, def: number): number {
  const v = props[key]
  if (v === undefined) return def
  const n = typeof v === 'bigint' ? Number(v) : v
  if (typeof n !== 'number' || !Number.isInteger(n)) throw configError(`Not valid ${key} value ${String(v)}.`)
  if (n <= 0) throw configError(`Not valid ${key} value ${String(v)}: it must be positive.`)
  return n
}

function optString(props: ConnectorProps, key: string): string | undefined {
  const v = props[key]
  if (v === undefined || v === null || v === '') return undefined
  if (typeof v !== 'string') throw configError(`Not valid ${key} value ${String(v)}, expect string.`)
  return v
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
  const url = typeof props['url'] === 'string' ? props['url'] : 'http://localhost'
  try {
    new URL(url)
  } catch {
    throw configError(`Not valid url value ${url}.`)
  }
  let method = 'GET'
  if (typeof props['method'] === 'string') {
    method = props['method'].toUpperCase()
    if (!['GET', 'POST', 'PUT', 'DELETE'].includes(method))
      throw configError(`Not supported HTTP method ${props['method']}.`)
  }
  const incremental = props['incremental'] ?? false
  if (typeof incremental !== 'boolean') throw configError(`Not valid incremental value ${String(incremental)}.`)
  let bodyType: BodyType = 'json'
  if (props['bodyType'] !== undefined) {
    const b = typeof props['bodyType'] === 'string' ? props['bodyType'].toLowerCase() : undefined
    if (b === undefined || !(b in BODY_CONTENT_TYPES))
      throw configError(`Not valid body type value ${String(props['bodyType'])}.`)
    bodyType = b as BodyType
  }
  const body = props['body'] ?? ''
  if (typeof body !== 'string') throw configError(`Not valid body value ${String(body)}, expect string.`)
  const headers: Record<string, string> = {}
  const h = props['headers']
  if (h !== undefined && h !== null) {
    if (typeof h !== 'object' || Array.isArray(h)) throw configError(`Not valid header value ${String(h)}.`)
    for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
      const s = headerValue(v)
      if (s !== undefined) headers[k] = s
    }
  }
  const skip = props['insecureSkipVerify'] ?? false
  if (typeof skip !== 'boolean') throw configError(`Not valid insecureSkipVerify value ${String(skip)}.`)
  const certificationPath = optString(props, 'certificationPath')
  const privateKeyPath = optString(props, 'privateKeyPath')
  const rootCaPath = optString(props, 'rootCaPath')
  return {
    url,
    method,
    interval: intProp(props, 'interval', 10000),
    timeout: intProp(props, 'timeout', 5000),
    incremental,
    body,
    bodyType,
    headers,
    insecureSkipVerify: skip,
    ...(certificationPath !== undefined ? { certificationPath } : {}),
    ...(privateKeyPath !== undefined ? { privateKeyPath } : {}),
    ...(rootCaPath !== undefined ? { rootCaPath } : {}),
  }
}
