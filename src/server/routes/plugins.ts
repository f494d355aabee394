// `/plugins/{sources|sinks|functions}`: the connectors Kuiper 1.0 shipped as sample Go plugins (random, zmq, file,
// influx, tdengine) are built in here, so they are listed and described as built-in plugins. Nothing else can be
// installed: 1.0's Go .so plugins cannot be loaded and JS-module plugins are not there yet (501 NOT_SUPPORTED).

import type { FastifyInstance } from 'fastify'
import { KuiperError } from '../../core/errors.js'
import { checkName } from '../../core/names.js'
import { PLUGIN_KINDS } from '../contract.js'
import type { PluginDescription, PluginKind } from '../contract.js'
import type { ServerContext } from '../context.js'
import { PluginBody, parseBody } from '../request.js'

const WHY =
  'Kuiper 1.0 plugins are Go shared objects (.so), which this implementation cannot load; JavaScript plugin modules are not supported yet'

/** 1.0's plugins (features.md §4.5, §5.3) that are built-in connectors here; 1.0's sample functions are not. */
export const PLUGINS_OF_1_0: Readonly<Record<PluginKind, readonly string[]>> = {
  sources: ['random', 'zmq'],
  sinks: ['file', 'influx', 'tdengine', 'zmq'],
  functions: [],
}

/** The built-in plugins of a kind this server has (its connector registry), sorted. */
function builtinPlugins(ctx: ServerContext, kind: PluginKind): string[] {
  const present =
    kind === 'sources' ? ctx.manager.sourceTypes() : kind === 'sinks' ? ctx.manager.sinkTypes() : ([] as string[])
  return PLUGINS_OF_1_0[kind].filter((name) => present.includes(name)).sort()
}

function notInstalled(kind: PluginKind, name: string): KuiperError {
  return new KuiperError('NOT_FOUND', `${kind} plugin ${name} is not found`)
}

export function pluginRoutes(app: FastifyInstance, ctx: ServerContext): void {
  for (const kind of PLUGIN_KINDS) {
    const isBuiltin = (name: string): boolean => builtinPlugins(ctx, kind).includes(name)

    app.get(`/plugins/${kind}`, async () => builtinPlugins(ctx, kind))

    app.post(`/plugins/${kind}`, async (req) => {
      const body = parseBody(PluginBody, req.body, 'plugin descriptor')
      checkName('plugin', body.name)
      if (isBuiltin(body.name)) {
        throw new KuiperError(
          'CONFLICT',
          `${kind} plugins create command error: invalid name ${body.name}: duplicate, ${body.name} is built in.`,
        )
      }
      throw new KuiperError(
        'NOT_SUPPORTED',
        `${kind} plugins create command error: cannot install ${body.name}: ${WHY}.`,
      )
    })

    app.get(`/plugins/${kind}/prebuild`, async () => {
      throw new KuiperError('NOT_SUPPORTED', `prebuilt ${kind} plugins are not available: ${WHY}.`)
    })

    app.get<{ Params: { name: string } }>(`/plugins/${kind}/:name`, async (req): Promise<PluginDescription> => {
      const name = req.params.name
      if (!isBuiltin(name)) throw notInstalled(kind, name)
      return { name, version: ctx.version, builtin: true }
    })

    app.delete<{ Params: { name: string } }>(`/plugins/${kind}/:name`, async (req) => {
      const name = req.params.name
      if (!isBuiltin(name)) throw notInstalled(kind, name)
      throw new KuiperError('BAD_REQUEST', `${kind} plugin ${name} is built in and cannot be dropped.`)
    })
  }
}
