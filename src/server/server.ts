// The REST server of kuiperd (an HttpApp on node:http and find-my-way, see http/): 1.0's endpoints on restPort,
// every body read as text, one error body for every failure; optionally /metrics (when the Prometheus port is the
// REST port). In front of every route, in this order: the origin policy (browsers from listed origins only),
// authentication (when on), and the body gate (no JSON key that reaches a prototype). See docs/security.md.

import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import { MAX_NAME_IN_URL } from '../core/names.js'
import { JwtAuthenticator, PUBLIC_PATHS } from './auth-jwt.js'
import { forbiddenKeyPath } from './body-guard.js'
import { consoleRoutes, isConsolePath } from './console.js'
import type { ServerContext } from './context.js'
import { badRequest, toHttpError } from './http-errors.js'
import { HttpApp } from './http/http-app.js'
import type { HttpRequest } from './http/http-request.js'
import { CORS_HEADERS, CORS_METHODS, OriginPolicy } from './origin-policy.js'
import { metadataRoutes } from './routes/metadata.js'
import { pluginRoutes } from './routes/plugins.js'
import { queryRoutes } from './routes/query.js'
import { rootRoutes } from './routes/root.js'
import { ruleRoutes } from './routes/rules.js'
import { ruleTestRoutes } from './routes/ruletest.js'
import { traceRoutes } from './routes/trace.js'
import { streamRoutes } from './routes/streams.js'

export interface RestServerOptions extends ServerContext {
  readonly logger?: Logger
  readonly https?: { readonly cert: Buffer; readonly key: Buffer }
  /** Serve `GET /metrics` from this registry on the REST port too. */
  readonly metrics?: Registry
  /** basic.restAllowedOrigins: the web origins whose pages may call the API (none by default). */
  readonly allowedOrigins?: readonly string[]
  /** With basic.authentication: etc/mgmt, the public keys of the JWT issuers; absent = no authentication (1.0). */
  readonly authKeyDir?: string
  /** basic.console: the built console (dist/console) to serve at /console/; absent = no console (404). */
  readonly consoleDir?: string
}

export async function createRestServer(opts: RestServerOptions): Promise<HttpApp> {
  // Request logs are info-level: only warnings and errors of the HTTP layer reach the log.
  const log = opts.logger?.child({}, { level: 'warn' })
  // The console's own requests are same-origin: trusted when the console is served (see OriginPolicy).
  const origins = new OriginPolicy(opts.allowedOrigins ?? [], { trustSameOrigin: opts.consoleDir !== undefined })
  const auth = opts.authKeyDir !== undefined ? new JwtAuthenticator(opts.authKeyDir) : undefined
  const app = await HttpApp.create({
    ...(log !== undefined ? { logger: log } : {}),
    ...(opts.https !== undefined ? { https: opts.https } : {}),
    bodyLimit: 16 * 1024 * 1024,
    // 1.0: read/write timeout 5 min, idle 60 s
    requestTimeout: 300_000,
    keepAliveTimeout: 60_000,
    ignoreTrailingSlash: true,
    maxParamLength: MAX_NAME_IN_URL,
    onRequest: (req, reply) => {
      const allowedOrigin = origins.check(req)
      if (allowedOrigin !== undefined) reply.header('access-control-allow-origin', allowedOrigin)
      reply.header('vary', 'Origin')
      if (auth !== undefined && req.method !== 'OPTIONS' && !isPublic(pathOf(req), opts.consoleDir !== undefined)) {
        try {
          auth.verify(req.headers.authorization)
        } catch (err) {
          // A 401 names the scheme it wants (RFC 9110); the token goes bare or after `Bearer `.
          reply.header('www-authenticate', 'Bearer realm="kuiper"')
          throw err
        }
      }
    },
    // Bodies are text whatever the Content-Type (1.0: curl -d sends a form type); each endpoint decodes and
    // validates its own, after the one check every body gets here.
    checkBody: (text) => {
      const path = forbiddenKeyPath(text)
      if (path === undefined) return
      // The path of a deeply nested key is as long as the body: its end names the key.
      const shown = path.length > 200 ? `…${path.slice(-200)}` : path
      throw badRequest(`Invalid body: the key ${shown} is not allowed (it names a prototype).`)
    },
    onError: (err, req, reply) => {
      const { status, body } = toHttpError(err)
      if (status >= 500) log?.error({ err }, `${req.method} ${req.url}: ${body.message}`)
      reply.code(status).type('application/json; charset=utf-8').send(body)
    },
    onNotFound: (req, reply) => {
      reply
        .code(404)
        .type('application/json; charset=utf-8')
        .send({ error: 'NOT_FOUND', message: `no endpoint ${req.method} ${req.url.split('?')[0]}` })
    },
  })

  // A preflight that got past the origin policy is from a listed origin.
  app.options('*', (_req, reply) => {
    reply
      .code(204)
      .header('access-control-allow-methods', CORS_METHODS)
      .header('access-control-allow-headers', CORS_HEADERS)
      .header('access-control-max-age', '600')
      .send()
  })

  rootRoutes(app, opts)
  streamRoutes(app, opts)
  ruleRoutes(app, opts)
  ruleTestRoutes(app, opts)
  traceRoutes(app, opts)
  queryRoutes(app, opts)
  pluginRoutes(app, opts)
  metadataRoutes(app, opts)
  if (opts.consoleDir !== undefined) consoleRoutes(app, opts.consoleDir)
  const registry = opts.metrics
  if (registry !== undefined) {
    app.get('/metrics', async (_req, reply) => void reply.type(registry.contentType).send(await registry.metrics()))
  }
  return app
}

/** Answered without a token: the health checks, and the console's files (the app asks for a token itself). */
function isPublic(path: string, consoleOn: boolean): boolean {
  return PUBLIC_PATHS.has(path) || (consoleOn && isConsolePath(path))
}

function pathOf(req: HttpRequest): string {
  const path = req.url.split('?')[0]!
  return path.length > 1 ? path.replace(/\/+$/, '') : path
}
