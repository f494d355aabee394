// A small REST client of kuiperd on fetch: every answer of 400 or more becomes a ServerError with the message of
// the `{ "error", "message" }` body (or the plain text of a 1.0 server), a refused connection an UnreachableError.

import type { ErrorBody } from '../server/contract.js'
import { LEGACY_RPC_PORT } from './config.js'
import { CliError, ServerError, UnreachableError, errorText } from './errors.js'

export interface HttpAnswer {
  readonly status: number
  readonly contentType: string
  readonly text: string
}

export interface ClientOptions {
  /** Per request; default 60 s (creating a rule may wait for a broker connection). */
  readonly timeoutMs?: number
  /** A JWT for a kuiperd with basic.authentication on, sent bare in Authorization as eKuiper documents it. */
  readonly token?: string
}

export const UNREACHABLE_MESSAGE = 'Failed to connect the server, please start the server.'

export class KuiperClient {
  private readonly timeoutMs: number
  private readonly token: string | undefined

  constructor(
    readonly baseUrl: string,
    readonly port: number,
    opts: ClientOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 60_000
    this.token = opts.token
  }

  get(path: string): Promise<HttpAnswer> {
    return this.request('GET', path)
  }

  post(path: string, body?: unknown): Promise<HttpAnswer> {
    return this.request('POST', path, body)
  }

  delete(path: string): Promise<HttpAnswer> {
    return this.request('DELETE', path)
  }

  /** The answer parsed as JSON (its raw text too, to print numbers and key order exactly as sent). */
  async getJson(path: string): Promise<{ value: unknown; text: string }> {
    const a = await this.get(path)
    return { value: parseJson(a.text, `GET ${path}`), text: a.text }
  }

  async request(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    const headers: Record<string, string> = {}
    if (this.token !== undefined) headers['authorization'] = this.token
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(this.timeoutMs) }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      headers['content-type'] = 'application/json'
    }
    let res: Response
    let text: string
    try {
      res = await fetch(this.baseUrl + path, init)
      text = await res.text()
    } catch (err) {
      throw this.transportError(err, method, path)
    }
    const answer = { status: res.status, contentType: res.headers.get('content-type') ?? '', text }
    if (res.status >= 400) throw serverError(answer)
    return answer
  }

  private transportError(err: unknown, method: string, path: string): CliError {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
      return new CliError(
        `No answer from kuiperd at ${this.baseUrl} within ${this.timeoutMs / 1000} s (${method} ${path}).`,
      )
    const code = causeCode(err)
    if (
      code === 'ECONNREFUSED' ||
      code === 'ENOTFOUND' ||
      code === 'EAI_AGAIN' ||
      code === 'EHOSTUNREACH' ||
      code === 'ECONNRESET' ||
      code === 'UND_ERR_SOCKET'
    ) {
      const hint =
        this.port === LEGACY_RPC_PORT
          ? ` Port ${LEGACY_RPC_PORT} was the RPC port of Kuiper 1.0's CLI; this kuiper talks to kuiperd's REST port (restPort, 9081 by default): set basic.port in etc/client.yaml or pass --port.`
          : ''
      return new UnreachableError(UNREACHABLE_MESSAGE + hint)
    }
    return new CliError(`Request ${method} ${path} to ${this.baseUrl} failed: ${causeMessage(err)}`)
  }
}

function causeCode(err: unknown): string | undefined {
  for (let e: unknown = err, i = 0; e !== undefined && e !== null && i < 5; i++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

function causeMessage(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause
  return cause !== undefined ? `${errorText(err)} (${errorText(cause)})` : errorText(err)
}

function serverError(a: HttpAnswer): ServerError {
  if (a.contentType.includes('json')) {
    try {
      const body = JSON.parse(a.text) as Partial<ErrorBody> | null
      if (body !== null && typeof body === 'object' && typeof body.message === 'string')
        return new ServerError(body.message, a.status, typeof body.error === 'string' ? body.error : undefined)
    } catch {
      // not the documented error body: fall back to the text
    }
  }
  const text = a.text.trim()
  return new ServerError(text !== '' ? text : `kuiperd answered HTTP ${a.status}.`, a.status, undefined)
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new CliError(`kuiperd sent an answer that is not JSON to ${what}: ${errorText(err)}`)
  }
}

/** A path segment: names are sent percent-encoded. */
export function seg(name: string): string {
  return encodeURIComponent(name)
}
