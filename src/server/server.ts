// The REST server of kuiperd (fastify): 1.0's endpoints on restPort, CORS as 1.0, every body read as text, one
// error body for every failure; optionally /metrics (when the Prometheus port is the REST port).

import cors from '@fastify/cors'
import Fastify from 'fastify'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'
import { MAX_NAME_IN_URL } from '../core/names.js'
import type { ServerContext } from './context.js'
import { toHttpError } from './http-errors.js'
import { metadataRoutes } from './routes/metadata.js'
import { pluginRoutes } from './routes/plugins.js'
import { queryRoutes } from './routes/query.js'
import { rootRoutes } from './routes/root.js'
import { ruleRoutes } from './routes/rules.js'
import { streamRoutes } from './routes/streams.js'

export interface RestServerOptions extends ServerContext {
  readonly logger?: FastifyBaseLogger
  readonly https?: { readonly cert: Buffer; readonly key: Buffer }
  /** Serve `GET /metrics` from this registry on the REST port too. */
  readonly metrics?: Registry
}

export async function createRestServer(opts: RestServerOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    // Request logs are info-level: only warnings and errors of the framework reach the log.
    ...(opts.logger !== undefined ? { loggerInstance: opts.logger.child({}, { level: 'warn' }) } : { logger: false }),
    ...(opts.https !== undefined ? { https: { cert: opts.https.cert, key: opts.https.key } } : {}),
    bodyLimit: 16 * 1024 * 1024,
    // 1.0: read/write timeout 5 min, idle 60 s
    requestTimeout: 300_000,
    keepAliveTimeout: 60_000,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_NAME_IN_URL },
  }) as unknown as FastifyInstance

  await app.register(cors, {
    origin: '*',
    allowedHeaders: ['Accept', 'Accept-Language', 'Content-Type', 'Content-Language', 'Origin'],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
  })

  // Bodies are text whatever the Content-Type; each endpoint decodes and validates its own.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body))

  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toHttpError(err)
    if (status >= 500) req.log.error({ err }, `${req.method} ${req.url}: ${body.message}`)
    else req.log.debug(`${req.method} ${req.url}: ${status} ${body.message}`)
    void reply.code(status).type('application/json; charset=utf-8').send(body)
  })
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send({ error: 'NOT_FOUND', message: `no endpoint ${req.method} ${req.url.split('?')[0]}` })
  })

  rootRoutes(app, opts)
  streamRoutes(app, opts)
  ruleRoutes(app, opts)
  queryRoutes(app, opts)
  pluginRoutes(app, opts)
  metadataRoutes(app, opts)
  const registry = opts.metrics
  if (registry !== undefined) {
    app.get('/metrics', async (_req, reply) => void reply.type(registry.contentType).send(await registry.metrics()))
  }
  return app
}

/** A separate HTTP server for `/metrics` on prometheusPort (1.0's exporter). */
export async function createMetricsServer(registry: Registry): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, requestTimeout: 15_000 })
  app.get('/metrics', async (_req, reply) => void reply.type(registry.contentType).send(await registry.metrics()))
  return app as unknown as FastifyInstance
}
