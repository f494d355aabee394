// The separate HTTP server of `/metrics` on prometheusPort (1.0's exporter), when that is not the REST port. It has
// nothing of the REST API's policies: it answers its one route, and its errors in the generic shape it always had
// (fastify's defaults: `{"statusCode", "error", "message"}`).

import { STATUS_CODES } from 'node:http'
import type { Registry } from 'prom-client'
import { errorMessage } from '../core/errors.js'
import { HttpApp } from './http/http-app.js'

export async function createMetricsServer(registry: Registry): Promise<HttpApp> {
  const app = await HttpApp.create({
    bodyLimit: 1024 * 1024,
    requestTimeout: 15_000,
    keepAliveTimeout: 72_000,
    onError: (err, _req, reply) => {
      const s = (err as { statusCode?: unknown }).statusCode
      const status = typeof s === 'number' && s >= 400 && s <= 599 ? s : 500
      reply.code(status).send({ statusCode: status, error: STATUS_CODES[status], message: errorMessage(err) })
    },
    onNotFound: (req, reply) => {
      reply.code(404).send({ message: `Route ${req.method}:${req.url} not found`, error: 'Not Found', statusCode: 404 })
    },
  })
  app.get('/metrics', async (_req, reply) => void reply.type(registry.contentType).send(await registry.metrics()))
  return app
}
