// `/plugins/{sources|sinks|functions}`: 1.0's Go .so plugins cannot be loaded here and JS-module plugins are not
// there yet, so no plugin is ever installed: lists are empty and installing answers 501 NOT_SUPPORTED, saying why.

import type { FastifyInstance } from 'fastify'
import { KuiperError } from '../../core/errors.js'
import { PLUGIN_KINDS } from '../contract.js'
import type { PluginKind } from '../contract.js'
import type { ServerContext } from '../context.js'
import { PluginBody, parseBody } from '../request.js'

const WHY =
  'Kuiper 1.0 plugins are Go shared objects (.so), which this implementation cannot load; JavaScript plugin modules are not supported yet'

function notInstalled(kind: PluginKind, name: string): KuiperError {
  return new KuiperError('NOT_FOUND', `${kind} plugin ${name} is not found`)
}

export function pluginRoutes(app: FastifyInstance, _ctx: ServerContext): void {
  for (const kind of PLUGIN_KINDS) {
    app.get(`/plugins/${kind}`, async () => [])

    app.post(`/plugins/${kind}`, async (req) => {
      const body = parseBody(PluginBody, req.body, 'plugin descriptor')
      throw new KuiperError(
        'NOT_SUPPORTED',
        `${kind} plugins create command error: cannot install ${body.name}: ${WHY}.`,
      )
    })

    app.get(`/plugins/${kind}/prebuild`, async () => {
      throw new KuiperError('NOT_SUPPORTED', `prebuilt ${kind} plugins are not available: ${WHY}.`)
    })

    app.get<{ Params: { name: string } }>(`/plugins/${kind}/:name`, async (req) => {
      throw notInstalled(kind, req.params.name)
    })

    app.delete<{ Params: { name: string } }>(`/plugins/${kind}/:name`, async (req) => {
      throw notInstalled(kind, req.params.name)
    })
  }
}
