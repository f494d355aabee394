// `/ruletest` (later eKuiper's rule test run, its results as server-sent events on this same port instead of a
// WebSocket on another): create, start, the event stream, delete.

import type { Routes } from '../http/http-app.js'
import type { HttpReply } from '../http/http-reply.js'
import type { HttpRequest } from '../http/http-request.js'
import type { ServerContext } from '../context.js'
import { bodyText } from '../request.js'
import { sendText } from '../reply.js'
import type { RuleTestEvent } from '../../rules/rule-test/test-run.js'

/** A comment line sent this often keeps proxies and idle timeouts from closing a quiet stream. */
const KEEPALIVE_MS = 15_000

export function ruleTestRoutes(app: Routes, ctx: ServerContext): void {
  const tests = ctx.manager.ruleTests
  // Open event streams would hold the server's close (kuiperd's stop) until their run ends: they end first.
  const open = new Set<() => void>()
  app.beforeClose(() => {
    for (const end of [...open]) end()
  })

  app.post('/ruletest', async (req, reply) => {
    const { id } = await tests.create(bodyText(req.body))
    // eKuiper answers the port of its results; here they are on this REST port, under /ruletest/{id}/events.
    return reply.code(200).send({ id, port: req.socket.localPort })
  })

  app.post('/ruletest/:id/start', async (req, reply) => {
    await tests.start(req.params.id)
    sendText(reply, 200, `Test rule ${req.params.id} was started.`)
  })

  app.delete('/ruletest/:id', async (req, reply) => {
    await tests.delete(req.params.id)
    sendText(reply, 200, `Test rule ${req.params.id} was deleted.`)
  })

  app.get('/ruletest/:id/events', async (req, reply) => {
    // Unknown id: the usual 404 body, before the stream is opened.
    tests.ended(req.params.id)
    streamEvents(req, reply, open, (write) => tests.listen(req.params.id, write))
  })
}

/**
 * Opens a `text/event-stream` answer and writes each event as it comes; the stream is closed after `end`, and the
 * listener removed when the client goes away.
 */
function streamEvents(
  req: HttpRequest,
  reply: HttpReply,
  open: Set<() => void>,
  subscribe: (write: (e: RuleTestEvent) => void) => () => void,
): void {
  const res = reply.code(200).openStream({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  })
  res.write(': kuiper rule test events\n\n')
  let unsubscribe: (() => void) | undefined
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS)
  const close = (): void => {
    clearInterval(keepalive)
    unsubscribe?.()
    unsubscribe = undefined
    open.delete(endNow)
  }
  const endNow = (): void => {
    close()
    res.end()
  }
  open.add(endNow)
  let ended = false
  unsubscribe = subscribe((e) => {
    if (ended) return
    // Each line of the data gets its own `data:` field (a dataTemplate may render several lines).
    res.write(
      `event: ${e.event}\n${e.data
        .split('\n')
        .map((l) => `data: ${l}\n`)
        .join('')}\n`,
    )
    if (e.event === 'end') {
      ended = true
      close()
      res.end()
    }
  })
  if (ended) unsubscribe?.()
  req.raw.on('close', close)
}
