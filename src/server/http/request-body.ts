// Request bodies, read whole as UTF-8 text up to a limit, whatever their Content-Type (as fastify read them for
// kuiperd, with one parser for every type): the statuses and messages of a body that cannot be read are fastify's.

import type { IncomingMessage } from 'node:http'

/** An error of the HTTP layer itself, with the status it answers (http-errors.ts maps it to the error body). */
export class HttpLayerError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message)
  }
}

/** Methods whose body is read; the others (GET, HEAD, TRACE...) go to their route with none. */
const BODY_METHODS: ReadonlySet<string> = new Set(['DELETE', 'OPTIONS', 'PATCH', 'PUT', 'POST', 'QUERY'])

// RFC 9110 tokens: a media type is `type/subtype`, each a token, with optional parameters after a `;`.
const TYPE_NAME = /^[\w!#$%&'*+.^`|~-]+$/
const SUBTYPE_NAME = /^[\w!#$%&'*+.^`|~-]+\s*$/

/** A Content-Type value that names a media type (parameters are not checked). */
export function isValidContentType(value: string): boolean {
  const media = value.split(';', 1)[0]!
  const slash = media.indexOf('/')
  if (slash === -1) return false
  return TYPE_NAME.test(media.slice(0, slash).trimStart()) && SUBTYPE_NAME.test(media.slice(slash + 1).trimEnd())
}

/**
 * Whether the request's body is to be read: its method takes one and it says it has one (a Content-Type, a length
 * other than 0, or chunks). Throws 415 for a Content-Type that names no media type.
 */
export function hasBodyToRead(req: IncomingMessage): boolean {
  if (!BODY_METHODS.has(req.method ?? '')) return false
  const type = req.headers['content-type']
  if (type !== undefined) {
    if (!isValidContentType(type)) throw new HttpLayerError('Unsupported Media Type', 415)
    return true
  }
  const length = req.headers['content-length']
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

function tooLarge(): HttpLayerError {
  return new HttpLayerError('Request body is too large', 413)
}

/**
 * The body as text. A declared length above `limit` is refused before anything is read; a body that grows past it
 * is refused as it comes (the rest is discarded); a body shorter or longer than its Content-Length, or cut off, is a
 * 400.
 */
export function readBodyText(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'])
  if (declared > limit) return Promise.reject(tooLarge())
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    const stop = (): void => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onEnd)
    }
    const onData = (chunk: Buffer): void => {
      received += chunk.length
      if (received > limit) {
        stop()
        reject(tooLarge())
      } else chunks.push(chunk)
    }
    const onEnd = (err?: Error & { statusCode?: unknown }): void => {
      stop()
      if (err !== undefined) {
        if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400
        reject(err)
      } else if (!Number.isNaN(declared) && received !== declared) {
        reject(new HttpLayerError('Request body size did not match Content-Length', 400))
      } else {
        // Decoded once, whole: a character split across two chunks stays intact.
        resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)).toString('utf8'))
      }
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onEnd)
    req.resume()
  })
}
