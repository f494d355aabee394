// Per-operator traces of rules (later eKuiper's data tracing API): start and stop a rule's tracing, list its
// traces, read one as a span tree.

import type { Routes } from '../http/http-app.js'
import type { ServerContext } from '../context.js'
import { bodyText } from '../request.js'
import { sendText } from '../reply.js'

export function traceRoutes(app: Routes, ctx: ServerContext): void {
  const rules = ctx.manager

  app.post('/rules/:id/trace/start', async (req, reply) => {
    sendText(reply, 200, rules.startTrace(req.params.id, bodyText(req.body ?? '')))
  })

  app.post('/rules/:id/trace/stop', async (req, reply) => {
    sendText(reply, 200, rules.stopTrace(req.params.id))
  })

  app.get('/trace/rule/:id', async (req) => rules.traceIds(req.params.id))

  app.get('/trace/:id', async (req) => rules.trace(req.params.id))
}
