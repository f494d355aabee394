// The REST sink config from the properties declared in properties.ts (1.0 xstream/sinks/rest_sink.go Configure),
// and the Content-Type of each bodyType.

import { KuiperError } from '../../core/errors.js'
import type { ConnectorProps } from '../api.js'
import { isBodyType } from '../shared/http-content-types.js'
import type { BodyType } from '../shared/http-content-types.js'
import { restSinkProperties } from './properties.js'

export interface RestConf {
  readonly url: string
  readonly method: string
  readonly bodyType: BodyType
  readonly headers: Readonly<Record<string, string>>
  /** ms, the whole request. */
  readonly timeout: number
  readonly sendSingle: boolean
  /** Log every response body at info. */
  readonly debugResp: boolean
  /** Accept any server certificate (1.0's default: true). */
  readonly insecureSkipVerify: boolean
}

function fail(msg: string): never {
  throw new KuiperError('CONFIG_ERROR', msg)
}

function toBodyType(s: string): BodyType {
  const lower = s.toLowerCase()
  return isBodyType(lower)
    ? lower
    : fail(`rest sink property bodyType ${s} is not one of none, json, text, html, xml, javascript, form`)
}

export function parseRestConf(props: ConnectorProps): RestConf {
  const p = restSinkProperties.parse(props)
  const method = p.method.trim().toUpperCase()
  const url = p.url.trim()
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(parsed.protocol)
  } catch {
    fail(`rest sink property url ${url} is not a valid http(s) URL`)
  }
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(p.headers ?? {})) {
    if (typeof v === 'object' && v !== null) fail(`rest sink property headers: header ${k} is not a string`)
    headers[k] = String(v)
  }
  // The declaration admits only the body types (in any case).
  const bodyType: BodyType =
    p.bodyType === undefined ? (method === 'GET' || method === 'HEAD' ? 'none' : 'json') : toBodyType(p.bodyType)
  return {
    url,
    method,
    bodyType,
    headers,
    timeout: Math.trunc(p.timeout),
    sendSingle: p.sendSingle,
    debugResp: p.debugResp,
    insecureSkipVerify: p.insecureSkipVerify,
  }
}
