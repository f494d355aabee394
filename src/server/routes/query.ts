// `/query`: the temporary SELECT of `kuiper query` over REST (1.0 used RPC): create, poll results, stop.

import type { Routes } from '../http/http-app.js'
import type { QueryCreated } from '../contract.js'
import type { ServerContext } from '../context.js'
import { parseBody, StatementBody } from '../request.js'
import { sendText } from '../reply.js'

export function queryRoutes(app: Routes, ctx: ServerContext): void {
  const queries = ctx.manager.queries

  app.post('/query', async (req, reply) => {
    const { sql } = parseBody(StatementBody, req.body, 'query')
    const created: QueryCreated = { id: await queries.create(sql), message: 'Query was submit successfully.' }
    reply.code(201).send(created)
  })

  app.get('/query/:id', async (req) => queries.poll(req.params.id))

  app.delete('/query/:id', async (req, reply) => {
    await queries.stop(req.params.id)
    sendText(reply, 200, `Query ${req.params.id} was stopped.`)
  })
}
