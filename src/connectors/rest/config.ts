// REST sink properties (1.0 xstream/sinks/rest_sink.go Configure): url, method, bodyType, headers, timeout,
// sendSingle, debugResp, insecureSkipVerify, with 1.0's defaults and error texts.

import { KuiperError } from '../../core/errors.js'
import type { ConnectorProps } from '../api.js'
import { BODY_CONTENT_TYPES } from '../shared/http-content-types.js'

/** Content-Type per bodyType (shared with the httppull source). */
export const BODY_TYPES: Readonly<Record<string, string>> = BODY_CONTENT_TYPES

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'])

export interface RestConf {
  readonly url: string
  readonly method: string
  readonly bodyType: string
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

function bool(props: ConnectorProps, key: string, def: boolean): boolean {
  const v = props[key]
  if (v === undefined || v === null) return def
  if (typeof v !== 'boolean') fail(`rest sink property ${key} ${String(v)} is not a bool`)
  return v
}

export function parseRestConf(props: ConnectorProps): RestConf {
  const m = props['method']
  if (m !== undefined && typeof m !== 'string') fail(`rest sink property method ${String(m)} is not a string`)
  const method = (m ?? 'GET').trim().toUpperCase()
  if (!METHODS.has(method)) fail(`invalid property method: ${method}`)
  const u = props['url']
  if (u === undefined) fail('rest sink is missing property url')
  if (typeof u !== 'string') fail(`rest sink property url ${String(u)} is not a string`)
  const url = u.trim()
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(parsed.protocol)
  } catch {
    fail(`rest sink property url ${url} is not a valid http(s) URL`)
  }
  const h = props['headers']
  const headers: Record<string, string> = {}
  if (h !== undefined && h !== null) {
    if (typeof h !== 'object' || Array.isArray(h)) fail(`rest sink property headers ${String(h)} is not a map`)
    for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
      if (typeof v === 'object' && v !== null) fail(`rest sink property headers: header ${k} is not a string`)
      headers[k] = String(v)
    }
  }
  const bt = props['bodyType']
  if (bt !== undefined && typeof bt !== 'string') fail(`rest sink property bodyType ${String(bt)} is not a string`)
  const bodyType =
    bt === undefined ? (method === 'GET' || method === 'HEAD' ? 'none' : 'json') : bt.trim().toLowerCase()
  if (!(bodyType in BODY_TYPES)) fail(`invalid property bodyType: ${bodyType}, should be "none" or "form"`)
  const t = props['timeout']
  let timeout = 5000
  if (t !== undefined && t !== null) {
    if (typeof t !== 'number' && typeof t !== 'bigint') fail(`rest sink property timeout ${String(t)} is not a number`)
    timeout = Math.trunc(Number(t))
  }
  return {
    url,
    method,
    bodyType,
    headers,
    timeout,
    sendSingle: bool(props, 'sendSingle', false),
    debugResp: bool(props, 'debugResp', false),
    insecureSkipVerify: bool(props, 'insecureSkipVerify', true),
  }
}
