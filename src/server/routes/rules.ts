// `/rules`: create, list, describe, update (1.1's PUT), drop, start/stop/restart, status and topo.

import type { Routes } from '../http/http-app.js'
import { KuiperError, errorMessage, sqlPositionOf } from '../../core/errors.js'
import type { ServerContext } from '../context.js'
import { bodyText } from '../request.js'
import { sendJsonText, sendText } from '../reply.js'

export function ruleRoutes(app: Routes, ctx: ServerContext): void {
  const rules = ctx.manager

  // The listing's JSON text is kept between calls (RuleListing): 10,000 rules are not serialised on each poll.
  app.get('/rules', async (_req, reply) => sendJsonText(reply, 200, rules.listRulesJson()))

  app.post('/rules', async (req, reply) => {
    const { record, startError } = await rules.createRule(bodyText(req.body))
    sendText(reply, 201, startError ?? `Rule ${record.id} was created successfully.`)
  })

  // Checks a rule without creating it: 200 `{"valid": true}`, or 422 with the fault and, when the SQL is at fault,
  // its line and column (1-based) as fields of their own (the message keeps 1.0's text).
  app.post('/rules/validate', async (req, reply) => {
    try {
      rules.validateRule(bodyText(req.body))
    } catch (err) {
      if (!(err instanceof KuiperError)) throw err
      const at = sqlPositionOf(err)
      return reply.code(422).send({ valid: false, code: err.code, error: errorMessage(err), ...(at ?? {}) })
    }
    return { valid: true }
  })

  app.get('/rules/:id', async (req) => rules.getRule(req.params.id))

  app.put('/rules/:id', async (req, reply) => {
    const record = await rules.updateRule(req.params.id, bodyText(req.body))
    sendText(reply, 200, `Rule ${record.id} was updated successfully.`)
  })

  app.delete('/rules/:id', async (req, reply) => {
    sendText(reply, 200, await rules.deleteRule(req.params.id))
  })

  app.post('/rules/:id/start', async (req, reply) => {
    sendText(reply, 200, await rules.startRule(req.params.id))
  })

  app.post('/rules/:id/stop', async (req, reply) => {
    sendText(reply, 200, await rules.stopRule(req.params.id))
  })

  app.post('/rules/:id/restart', async (req, reply) => {
    sendText(reply, 200, await rules.restartRule(req.params.id))
  })

  app.get('/rules/:id/status', async (req, reply) => {
    const s = rules.ruleStatus(req.params.id)
    // A restart by a plugin upgrade or removal is told beside the status (`plugin`; appended to a stopped status).
    const note = ctx.plugins?.ruleNote(req.params.id)
    if (s.metrics !== undefined)
      sendJsonText(reply, 200, JSON.stringify(note !== undefined ? { ...s.metrics, plugin: note } : s.metrics, null, 2))
    else sendText(reply, 200, note !== undefined ? `${s.status} (${note})` : s.status)
  })

  app.get('/rules/:id/topo', async (req) => rules.ruleTopo(req.params.id))
}
