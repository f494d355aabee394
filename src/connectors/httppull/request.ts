// One HTTP request of the pull source (1.0 common/http_util.go Send): body by bodyType (form bodies from the JSON
// body's fields), headers, TLS options and a total timeout; non-2xx answers are errors.

import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { timeoutSignal } from '../../core/clock.js'
import type { HttpPullConf } from './config.js'
import { BODY_CONTENT_TYPES } from '../shared/http-content-types.js'

export interface HttpAnswer {
  readonly status: number
  readonly body: Buffer
}

/** The urlencoded form of a JSON object body: strings as they are, arrays and maps as JSON, others printed. */
export function formBody(body: string): string {
  let m: unknown
  try {
    m = JSON.parse(body)
  } catch {
    throw new Error(`invalid content: ${body}`)
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new Error(`invalid content: ${body}`)
  const form = new URLSearchParams()
  for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
    form.set(k, typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))
  }
  return form.toString()
}

/** TLS material read once per source (files relative to the working directory, as 1.0). */
export function tlsOptions(conf: HttpPullConf): https.RequestOptions {
  const o: https.RequestOptions = { rejectUnauthorized: !conf.insecureSkipVerify }
  if (conf.certificationPath !== undefined) o.cert = readFileSync(conf.certificationPath)
  if (conf.privateKeyPath !== undefined) o.key = readFileSync(conf.privateKeyPath)
  if (conf.rootCaPath !== undefined) o.ca = readFileSync(conf.rootCaPath)
  return o
}

export function sendRequest(conf: HttpPullConf, tls: https.RequestOptions): Promise<HttpAnswer> {
  const url = new URL(conf.url)
  const headers: Record<string, string> = {}
  let payload: string | undefined
  if (conf.bodyType === 'form') {
    payload = formBody(conf.body)
    headers['Content-Type'] = BODY_CONTENT_TYPES.form
  } else if (conf.bodyType !== 'none') {
    payload = conf.body
    headers['Content-Type'] = BODY_CONTENT_TYPES[conf.bodyType]
  }
  Object.assign(headers, conf.headers)
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload))
  const secure = url.protocol === 'https:'
  // Through the clock: AbortSignal.timeout overflows at 2^31 ms and would abort every request after 1 ms.
  const timeout = timeoutSignal(conf.timeout)
  const options: https.RequestOptions = {
    method: conf.method,
    headers,
    signal: timeout.signal,
    ...(secure ? tls : {}),
  }
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = (secure ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const body = Buffer.concat(chunks)
        const status = res.statusCode ?? 0
        if (status < 200 || status > 299)
          reject(new Error(`http return code: ${status} and error message: ${body.toString()}`))
        else resolve({ status, body })
      })
    })
    req.on('error', (err) => {
      reject(err.name === 'AbortError' ? new Error(`request timed out after ${conf.timeout} ms`) : err)
    })
    req.end(payload)
  }).finally(timeout.done)
}
