// Requests to an in-process REST app (createRestServer) over a loopback socket: the app listens on 127.0.0.1 and a
// free port, and each request is a real HTTP request to it, with exactly the headers given (no Content-Type is
// added for a string body; an object body is sent as JSON with `application/json`).

import { request as nodeRequest } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { HttpApp } from '../../src/server/http/http-app.js'

export interface InProcessResponse {
  readonly statusCode: number
  readonly headers: IncomingHttpHeaders
  readonly body: string
  json<T = unknown>(): T
}

export interface InProcessRequest {
  readonly method: string
  readonly url: string
  readonly payload?: string | object
  readonly headers?: Readonly<Record<string, string>>
}

/** An app listening on loopback, and a function that sends it one request. */
export async function listenLocally(app: HttpApp): Promise<(r: InProcessRequest) => Promise<InProcessResponse>> {
  await app.listen(0, '127.0.0.1')
  return (r) => send(`http://127.0.0.1:${app.port}`, r)
}

function send(base: string, r: InProcessRequest): Promise<InProcessResponse> {
  const headers: Record<string, string> = { ...r.headers }
  let body: string | undefined
  if (typeof r.payload === 'string') body = r.payload
  else if (r.payload !== undefined) {
    body = JSON.stringify(r.payload)
    headers['content-type'] ??= 'application/json'
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body))
  return new Promise((resolve, reject) => {
    const req = nodeRequest(`${base}${r.url}`, { method: r.method, headers, timeout: 10_000 })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({
          statusCode: res.statusCode ?? 0,
          headers: res.headers,
          body: text,
          json: <T>() => JSON.parse(text) as T,
        })
      })
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer to ${r.method} ${r.url} within 10 s`)))
    req.on('error', reject)
    req.end(body)
  })
}
