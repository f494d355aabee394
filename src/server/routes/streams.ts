// `/streams`: list, run a stream statement (create...), describe, replace (1.1's PUT), drop.

import type { Routes } from '../http/http-app.js'
import { KuiperError } from '../../core/errors.js'
import type { ServerContext } from '../context.js'
import { parseBody, StatementBody } from '../request.js'
import { streamDescription } from '../stream-json.js'
import { sendText } from '../reply.js'

const DESCRIPTOR = 'statement descriptor'

export function streamRoutes(app: Routes, ctx: ServerContext): void {
  const streams = ctx.manager.streams

  app.get('/streams', async () => streams.list())

  app.post('/streams', async (req, reply) => {
    const { sql } = parseBody(StatementBody, req.body, DESCRIPTOR)
    sendText(reply, 201, await streams.execStreamSql(sql))
  })

  app.get('/streams/:name', async (req) => streamDescription(streams.describe(req.params.name)))

  app.put('/streams/:name', async (req, reply) => {
    const { sql } = parseBody(StatementBody, req.body, DESCRIPTOR)
    sendText(reply, 200, await streams.replaceStream(req.params.name, sql))
  })

  app.delete('/streams/:name', async (req, reply) => {
    const name = req.params.name
    if (name === '') throw new KuiperError('BAD_REQUEST', 'Missing stream name.')
    sendText(reply, 200, await streams.dropStream(name))
  })
}
