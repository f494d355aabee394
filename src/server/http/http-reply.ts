// The answer to one request: a status and headers gathered until `send` writes them with the payload at once, or
// until `openStream` hands the response over to be written as it goes (server-sent events).

import type { ServerResponse } from 'node:http'

const JSON_TYPE = 'application/json; charset=utf-8'
const TEXT_TYPE = 'text/plain; charset=utf-8'
const BYTES_TYPE = 'application/octet-stream'

export class HttpReply {
  private status = 200
  private readonly headers: Record<string, string> = {}
  private streaming = false

  constructor(
    readonly raw: ServerResponse,
    /** Told about a second `send` (a route bug: the first one was answered). */
    private readonly onSentTwice: (reply: HttpReply) => void = () => undefined,
  ) {}

  /** True once the answer is written (or handed over to a stream). */
  get sent(): boolean {
    return this.streaming || this.raw.writableEnded
  }

  get statusCode(): number {
    return this.status
  }

  code(status: number): this {
    this.status = status
    return this
  }

  header(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value
    return this
  }

  type(contentType: string): this {
    return this.header('content-type', contentType)
  }

  removeHeader(name: string): this {
    delete this.headers[name.toLowerCase()]
    return this
  }

  /** The headers set so far (lower-case names). */
  getHeaders(): Record<string, string> {
    return { ...this.headers }
  }

  /**
   * Writes the answer: nothing (an empty body), a string (text/plain unless a type was set), a Buffer (bytes) or
   * anything else as JSON. Throws when the payload cannot be encoded (a BigInt...), before anything is written.
   */
  send(payload?: unknown): void {
    if (this.sent) {
      this.onSentTwice(this)
      return
    }
    let body: string | Buffer | undefined
    if (payload === undefined || typeof payload === 'string' || Buffer.isBuffer(payload)) {
      body = payload
      if (body !== undefined) this.headers['content-type'] ??= typeof body === 'string' ? TEXT_TYPE : BYTES_TYPE
    } else {
      body = JSON.stringify(payload) as string | undefined
      if (body === undefined) throw new TypeError(`Attempted to send payload of invalid type '${typeof payload}'`)
      this.headers['content-type'] ??= JSON_TYPE
    }
    this.end(body)
  }

  /**
   * Takes the answer over: writes the status and the headers set so far with `headers`, and hands back the response
   * for the caller to write and end (a HEAD request's body is dropped by Node).
   */
  openStream(headers: Readonly<Record<string, string>>): ServerResponse {
    this.streaming = true
    this.raw.writeHead(this.status, { ...this.headers, ...headers })
    return this.raw
  }

  private end(body: string | Buffer | undefined): void {
    const status = this.status
    // RFC 9110: no Content-Length on a 204 or 304, nor any body or type on a 1xx or 204.
    if (body === undefined) {
      if (status >= 200 && status !== 204 && status !== 304) this.headers['content-length'] = '0'
    } else if (status < 200 || status === 204) {
      delete this.headers['content-type']
      delete this.headers['content-length']
      body = undefined
    } else {
      // A HEAD request gets the length of the body it would have had, and no body.
      this.headers['content-length'] = String(Buffer.byteLength(body))
    }
    this.raw.writeHead(status, this.headers)
    this.raw.end(body)
  }
}
