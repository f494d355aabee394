// A small HTTP app on node:http and find-my-way (fastify's router): routes by method and path, one onRequest check
// in front of every request (found or not), the body read as text, and one error handler and one not-found handler
// for every failure. The answers of the HTTP layer itself (a malformed URL, a parameter too long, a request while the
// server closes) are fastify's, so that kuiperd answers as it did on fastify.

import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http'
import Router from 'find-my-way'
import type { HttpRequest, ParamNames } from './http-request.js'
import { HttpReply } from './http-reply.js'
import { closeServer, layerErrorBody, listen, serverFactory } from './node-server.js'
import type { NodeServerOptions } from './node-server.js'
import { hasBodyToRead, readBodyText } from './request-body.js'

/** What the HTTP layer logs: its warnings and errors (a route's own errors are the error handler's to log). */
export interface HttpLogger {
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

/** A route: answers with what it returns (JSON, or text for a string) unless it answered through `reply` itself. */
export type RouteHandler<Path extends string> = (
  req: HttpRequest<ParamNames<Path>>,
  reply: HttpReply,
) => unknown | Promise<unknown>

/** What a route module registers its routes with. A GET route answers HEAD too. */
export interface Routes {
  get<Path extends string>(path: Path, handler: RouteHandler<Path>): void
  post<Path extends string>(path: Path, handler: RouteHandler<Path>): void
  put<Path extends string>(path: Path, handler: RouteHandler<Path>): void
  delete<Path extends string>(path: Path, handler: RouteHandler<Path>): void
  options<Path extends string>(path: Path, handler: RouteHandler<Path>): void
  /** Runs when the app starts closing, before it waits for open connections: ends what would hold them open. */
  beforeClose(hook: () => void | Promise<void>): void
}

export interface RouteEntry {
  readonly method: string
  readonly path: string
}

export interface HttpAppOptions extends NodeServerOptions {
  /** Bytes; a longer body is refused with 413. */
  readonly bodyLimit: number
  /** `/rules/` is `/rules`. */
  readonly ignoreTrailingSlash?: boolean
  /** Characters a path parameter may have; a longer one is refused with 414. */
  readonly maxParamLength?: number
  readonly logger?: HttpLogger
  /** Runs first on every request, found or not; throws to refuse it (the error handler answers). */
  readonly onRequest?: (req: HttpRequest, reply: HttpReply) => void | Promise<void>
  /** Checks a body once read; throws to refuse it (the connection is closed after the answer). */
  readonly checkBody?: (text: string) => void
  /** Answers a thrown error; the headers set before the error stay, but for the content type and length. */
  readonly onError: (err: unknown, req: HttpRequest, reply: HttpReply) => void
  readonly onNotFound: (req: HttpRequest, reply: HttpReply) => void
}

type AnyHandler = (req: HttpRequest<string>, reply: HttpReply) => unknown

/** A request while the app is closing is not started (fastify's `return503OnClosing`). */
const CLOSING_BODY = layerErrorBody(503, 'Service Unavailable', 'Service Unavailable')
const CLOSING_LENGTH = String(Buffer.byteLength(CLOSING_BODY))

/** A URL-level refusal, answered before any check or route (fastify's answer and body). */
function refuseUrl(res: ServerResponse, status: number, code: string, message: string): void {
  const body = layerErrorBody(status, 'Bad Request', message, code)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

export class HttpApp implements Routes {
  private readonly router: Router.Instance<Router.HTTPVersion.V1>
  private readonly table: RouteEntry[] = []
  private readonly closeHooks: (() => void | Promise<void>)[] = []
  private extraServers: Server[] = []
  private closing: Promise<void> | undefined

  readonly server: Server

  private constructor(
    private readonly settings: HttpAppOptions,
    private readonly makeServer: (listener: RequestListener) => Server,
  ) {
    this.server = makeServer((req, res) => this.dispatch(req, res))
    this.router = Router({
      ignoreTrailingSlash: settings.ignoreTrailingSlash ?? false,
      maxParamLength: settings.maxParamLength ?? 100,
      defaultRoute: (req, res) => this.handle(settings.onNotFound, req, res, {}, {}),
      onBadUrl: (path, _req, res) => refuseUrl(res, 400, 'FST_ERR_BAD_URL', `'${path}' is not a valid url component`),
      onMaxParamLength: (path, _req, res) =>
        refuseUrl(res, 414, 'FST_ERR_MAX_PARAM_LENGTH', `'${path}' is exceeding the max param length`),
    })
  }

  /** An app whose server is made (not listening yet). */
  static async create(options: HttpAppOptions): Promise<HttpApp> {
    return new HttpApp(options, await serverFactory(options))
  }

  /** Every route, as registered (HEAD beside each GET). */
  get routes(): readonly RouteEntry[] {
    return this.table
  }

  get<Path extends string>(path: Path, handler: RouteHandler<Path>): void {
    this.route('GET', path, handler)
    this.route('HEAD', path, handler)
  }

  post<Path extends string>(path: Path, handler: RouteHandler<Path>): void {
    this.route('POST', path, handler)
  }

  put<Path extends string>(path: Path, handler: RouteHandler<Path>): void {
    this.route('PUT', path, handler)
  }

  delete<Path extends string>(path: Path, handler: RouteHandler<Path>): void {
    this.route('DELETE', path, handler)
  }

  options<Path extends string>(path: Path, handler: RouteHandler<Path>): void {
    this.route('OPTIONS', path, handler)
  }

  beforeClose(hook: () => void | Promise<void>): void {
    this.closeHooks.push(hook)
  }

  async listen(port: number, host: string): Promise<void> {
    this.extraServers = await listen(this.server, port, host, () =>
      this.makeServer((req, res) => this.dispatch(req, res)),
    )
  }

  /** The port listened on (0 before `listen`). */
  get port(): number {
    const a = this.server.address()
    return typeof a === 'object' && a !== null ? a.port : 0
  }

  /**
   * Stops: new requests get 503, the beforeClose hooks run, the server stops taking connections and closes the idle
   * ones; resolves when the open ones have ended. Idempotent.
   */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      for (const hook of this.closeHooks) await hook()
      for (const s of this.extraServers) void closeServer(s)
      await closeServer(this.server)
    })())
  }

  private route<Path extends string>(
    method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS',
    path: Path,
    handler: RouteHandler<Path>,
  ): void {
    const h = handler as AnyHandler
    this.router.on(method, path, (req, res, params, _store, query) => this.handle(h, req, res, params, query))
    this.table.push({ method, path })
  }

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    if (this.closing !== undefined) {
      res.writeHead(503, { Connection: 'close', 'Content-Type': 'application/json', 'Content-Length': CLOSING_LENGTH })
      res.end(CLOSING_BODY)
      return
    }
    this.router.lookup(req, res)
  }

  private handle(
    handler: AnyHandler,
    raw: IncomingMessage,
    res: ServerResponse,
    params: Readonly<Record<string, string | undefined>>,
    query: unknown,
  ): void {
    // A failure while answering a failure (a socket gone...) is logged: it must not end the process.
    this.run(handler, raw, res, params, query).catch((err: unknown) => {
      this.settings.logger?.error({ err }, `${raw.method} ${raw.url}: the answer failed`)
      res.destroy()
    })
  }

  /** One request through the onRequest check, the body read, and its route (or the not-found handler). */
  private async run(
    handler: AnyHandler,
    raw: IncomingMessage,
    res: ServerResponse,
    params: Readonly<Record<string, string | undefined>>,
    query: unknown,
  ): Promise<void> {
    const request = {
      method: raw.method ?? 'GET',
      url: raw.url ?? '/',
      headers: raw.headers,
      params: params as Readonly<Record<string, string>>,
      query: query as HttpRequest<string>['query'],
      body: undefined as string | undefined,
      raw,
      socket: raw.socket,
    }
    const reply = new HttpReply(res, () =>
      this.settings.logger?.warn({}, `Reply was already sent for ${request.method} ${request.url}`),
    )
    try {
      await this.settings.onRequest?.(request, reply)
      if (reply.sent) return
      if (hasBodyToRead(raw)) {
        try {
          request.body = await readBodyText(raw, this.settings.bodyLimit)
          this.settings.checkBody?.(request.body)
        } catch (err) {
          // The client may still be sending what was not read.
          reply.header('connection', 'close')
          throw err
        }
      }
      const result = await handler(request, reply)
      if (result !== undefined && result !== reply) reply.send(result)
      else if (!reply.sent && !res.destroyed && raw.socket !== null && !raw.socket.destroyed) reply.send()
    } catch (err) {
      this.fail(err, request, reply)
    }
  }

  private fail(err: unknown, req: HttpRequest, reply: HttpReply): void {
    const res = reply.raw
    if (reply.sent) {
      this.settings.logger?.error({ err }, `${req.method} ${req.url} failed after its answer was sent`)
      return
    }
    if (res.headersSent || res.destroyed) {
      // An answer already on its way cannot become an error body: it is cut off.
      res.destroy(err instanceof Error ? err : undefined)
      return
    }
    reply.removeHeader('content-type').removeHeader('content-length')
    try {
      this.settings.onError(err, req, reply)
    } catch (handlerErr) {
      this.settings.logger?.error({ err: handlerErr }, `${req.method} ${req.url}: the error handler failed`)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
      res.end('{"error":"INTERNAL","message":"the error handler failed"}')
    }
  }
}
