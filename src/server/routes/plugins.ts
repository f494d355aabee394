// `/plugins/{sources|sinks|functions}`: installed JavaScript plugins (src/plugins) beside the connectors Kuiper 1.0
// shipped as sample Go plugins (random, zmq, file, influx, tdengine), which are built in here and listed as such.
// POST installs, PUT upgrades (rules using the plugin restart on the new version), DELETE removes at once.

import type { Routes } from '../http/http-app.js'
import { KuiperError } from '../../core/errors.js'
import { checkName } from '../../core/names.js'
import type { PluginManager } from '../../plugins/plugin-manager.js'
import { PLUGIN_KINDS } from '../contract.js'
import type { PluginDescription, PluginKind } from '../contract.js'
import type { ServerContext } from '../context.js'
import { sendText } from '../reply.js'
import { PluginBody, PluginUpgradeBody, parseBody } from '../request.js'

const NO_GO_PLUGINS =
  'Kuiper 1.0 plugins are Go shared objects (.so), which this implementation cannot load; install a JavaScript plugin (docs/extensions.md)'

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

/** `restart=1` / `true` (1.0's REST) or `stop=1` (the CLI's `-s true`): kuiperd stops after the answer. */
function wantsStop(query: unknown): boolean {
  const q = (query ?? {}) as Record<string, unknown>
  return ['restart', 'stop'].some((k) => q[k] === '1' || q[k] === 'true')
}

export function pluginRoutes(app: Routes, ctx: ServerContext): void {
  const installer = (kind: PluginKind, verb: string): PluginManager => {
    if (ctx.plugins === undefined)
      throw new KuiperError('NOT_SUPPORTED', `${kind} plugins ${verb} command error: plugins cannot be installed here`)
    return ctx.plugins
  }

  for (const kind of PLUGIN_KINDS) {
    const isBuiltin = (name: string): boolean => builtinPlugins(ctx, kind).includes(name)

    app.get(`/plugins/${kind}`, async () => [...builtinPlugins(ctx, kind), ...(ctx.plugins?.list(kind) ?? [])].sort())

    app.post(`/plugins/${kind}`, async (req, reply) => {
      const body = parseBody(PluginBody, req.body, 'plugin descriptor')
      checkName('plugin', body.name)
      if (isBuiltin(body.name)) {
        throw new KuiperError(
          'CONFLICT',
          `${kind} plugins create command error: invalid name ${body.name}: duplicate, ${body.name} is built in.`,
        )
      }
      if (/\.so(\?|#|$)/i.test(body.file))
        throw new KuiperError('NOT_SUPPORTED', `${kind} plugins create command error: ${NO_GO_PLUGINS}.`)
      const d = await installer(kind, 'create').install(kind, body)
      sendText(reply, 201, `${kind} plugin ${d.name} is created (version ${d.version}).`)
    })

    // 1.0 answered the Go plugins (.so) its plugin hosts offer for the image's OS and architecture. There is no
    // such repository of JavaScript plugins: say so rather than answer a list that cannot be installed.
    app.get(`/plugins/${kind}/prebuild`, async () => {
      throw new KuiperError(
        'NOT_SUPPORTED',
        `there are no prebuilt ${kind} plugins to list: 1.0 listed Go plugins (.so) from its plugin hosts, which this implementation cannot load; install a JavaScript plugin from a zip with POST /plugins/${kind} (docs/extensions.md).`,
      )
    })

    app.get(`/plugins/${kind}/:name`, async (req): Promise<PluginDescription> => {
      const name = req.params.name
      if (isBuiltin(name)) return { name, version: ctx.version, builtin: true }
      const d = ctx.plugins?.describe(kind, name)
      if (d === undefined) throw notInstalled(kind, name)
      return d
    })

    // Upgrade: the body of POST (its name, when given, must be the path's).
    app.put(`/plugins/${kind}/:name`, async (req, reply) => {
      const name = req.params.name
      if (isBuiltin(name))
        throw new KuiperError('BAD_REQUEST', `${kind} plugin ${name} is built in and cannot be upgraded.`)
      const parsed = parseBody(PluginUpgradeBody, req.body, 'plugin descriptor')
      const body = { ...parsed, name: parsed.name ?? name }
      if (body.name !== name)
        throw new KuiperError('BAD_REQUEST', `the body names plugin ${body.name}, the path ${name}`)
      const { description, restarted } = await installer(kind, 'update').upgrade(kind, body)
      const rules = restarted.length > 0 ? ` Rules restarted: ${restarted.join(', ')}.` : ''
      sendText(reply, 200, `${kind} plugin ${name} is upgraded to version ${description.version}.${rules}`)
    })

    app.delete(`/plugins/${kind}/:name`, async (req, reply) => {
      const name = req.params.name
      if (isBuiltin(name))
        throw new KuiperError('BAD_REQUEST', `${kind} plugin ${name} is built in and cannot be dropped.`)
      if (ctx.plugins?.get(kind, name) === undefined) throw notInstalled(kind, name)
      const stop = wantsStop(req.query)
      if (stop && ctx.requestStop === undefined)
        throw new KuiperError('BAD_REQUEST', 'restart=1 is not available: this server cannot stop its process')
      const { stopped } = await ctx.plugins.remove(kind, name)
      const rules = stopped.length > 0 ? ` Rules restarted without it: ${stopped.join(', ')}.` : ''
      sendText(reply, 200, `${kind} plugin ${name} is deleted.${rules}${stop ? ' Kuiper will be stopped.' : ''}`)
      if (stop) reply.raw.once('finish', () => ctx.requestStop?.())
    })
  }
}
