// The Node HTTP server under an HttpApp: node:http, or node:https (loaded only then) when a certificate is given;
// its timeouts; the answer to a request Node could not parse; listening (on both loopback addresses for
// `localhost`, as fastify did) and closing.

import { createServer } from 'node:http'
import type { RequestListener, Server } from 'node:http'
import type { Duplex } from 'node:stream'

export interface NodeServerOptions {
  readonly https?: { readonly cert: Buffer; readonly key: Buffer }
  /** ms a request may take to arrive whole. */
  readonly requestTimeout: number
  /** ms an idle keep-alive connection is kept. */
  readonly keepAliveTimeout: number
}

/** Makes servers for `listener` with these options (node:https is imported here, when a certificate is given). */
export async function serverFactory(options: NodeServerOptions): Promise<(listener: RequestListener) => Server> {
  const tls = options.https
  const https = tls !== undefined ? await import('node:https') : undefined
  return (listener) => {
    const server =
      https !== undefined && tls !== undefined
        ? https.createServer({ cert: tls.cert, key: tls.key }, listener)
        : createServer(listener)
    server.requestTimeout = options.requestTimeout
    server.keepAliveTimeout = options.keepAliveTimeout
    server.on('clientError', answerClientError)
    return server
  }
}

/**
 * The body of an answer of the HTTP layer itself (a request Node could not parse, a malformed URL, a request while
 * closing): fastify's `{"error", "code"?, "message", "statusCode"}`, in its key order, as kuiperd answered on fastify.
 */
export function layerErrorBody(status: number, error: string, message: string, code?: string): string {
  return JSON.stringify(
    code === undefined ? { error, message, statusCode: status } : { error, code, message, statusCode: status },
  )
}

/** A request Node could not parse or that timed out: a JSON answer (fastify's) and the connection closed. */
function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const [status, reason, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'Client Timeout']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'Exceeded maximum allowed HTTP header size']
        : [400, 'Bad Request', 'Client Error']
  const body = layerErrorBody(status, reason, message)
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${body.length}\r\nContent-Type: application/json\r\n\r\n${body}`,
    )
  }
  socket.destroy(err)
}

/** Resolves once the server listens; rejects with the listen error (a port in use...). */
function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening)
      reject(err)
    }
    const onListening = (): void => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen({ port, host })
  })
}

/**
 * Listens on `host:port`. For `localhost`, the other addresses the name has (127.0.0.1 and ::1) get a server of
 * their own on the same port, made by `another`, where they can be bound: a client reaches kuiperd by either. Resolves
 * with those extra servers (they close with the main one).
 */
export async function listen(server: Server, port: number, host: string, another: () => Server): Promise<Server[]> {
  await listenOn(server, port, host)
  if (host !== 'localhost') return []
  const address = server.address()
  if (address === null || typeof address === 'string') return []
  const { lookup } = await import('node:dns/promises')
  const others = (await lookup(host, { all: true }).catch(() => [])).filter((a) => a.address !== address.address)
  const extra: Server[] = []
  for (const other of others) {
    const s = another()
    // An address that cannot be bound (no IPv6 here...) is left out, as fastify did.
    if (
      await listenOn(s, address.port, other.address).then(
        () => true,
        () => false,
      )
    )
      extra.push(s)
  }
  return extra
}

/** Stops taking connections and closes the idle ones; resolves when the last open one has ended. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}
