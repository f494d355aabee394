// Plugin verbs: create (inline JSON or -f), describe, show, drop (-s true|false, mandatory as in 1.0's code).
// The type words are 1.0's `source`, `sink`, `function`; the REST paths use `sources`, `sinks`, `functions`.

import type { Command } from 'commander'
import type { PluginKind } from '../../server/contract.js'
import type { CommandContext } from '../context.js'
import { readDefinition } from '../context.js'
import { UsageError, errorText } from '../errors.js'
import { indentJson } from '../format/json-indent.js'
import { seg } from '../http-client.js'
import type { Verbs } from './verbs.js'
import { showNames } from './verbs.js'

export const NO_PLUGINS = 'No plugin is found.'

const KIND_BY_WORD: Readonly<Record<string, PluginKind>> = { source: 'sources', sink: 'sinks', function: 'functions' }

export function pluginKind(word: string): PluginKind {
  const k = KIND_BY_WORD[word]
  if (k === undefined) throw new UsageError(`Invalid plugin type ${word}, should be "source", "sink" or "function".`)
  return k
}

function pluginBody(name: string, json: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (err) {
    throw new UsageError(`Create plugin error: Parse plugin ${json.trim()} error : ${errorText(err)}.`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`Create plugin error: Parse plugin ${json.trim()} error : a plugin is a JSON object.`)
  const p = value as Record<string, unknown>
  if (typeof p['file'] !== 'string' || p['file'] === '')
    throw new UsageError('Create plugin error: Missing plugin file url.')
  return { ...p, name }
}

function typeAndName(args: readonly string[]): [PluginKind, string] {
  if (args.length < 2) throw new UsageError('Expect plugin type and name.')
  return [pluginKind(args[0] as string), args[1] as string]
}

export function registerPluginCommands(verbs: Verbs, ctx: CommandContext): void {
  verbs.create
    .command('plugin')
    .description('create plugin $plugin_type $plugin_name [$plugin_json | -f plugin_def_file]')
    .argument('[type]')
    .argument('[name]')
    .argument('[json]')
    .option('-f, --file <file>', 'the location of plugin definition file')
    .allowExcessArguments()
    .action(async (_t: unknown, _n: unknown, _j: unknown, opts: { file?: string }, cmd: Command) => {
      const args = cmd.args
      const [kind, name] = typeAndName(args)
      let json: string
      if (opts.file !== undefined) {
        if (args.length !== 2)
          throw new UsageError(`Expect plugin type, name. But found ${args.length} args:[${args.join(' ')}].`)
        json = readDefinition(ctx, opts.file, 'plugin')
      } else {
        if (args.length !== 3)
          throw new UsageError(`Expect plugin type, name and json. But found ${args.length} args:[${args.join(' ')}].`)
        json = args[2] as string
      }
      const a = await ctx.client().post(`/plugins/${kind}`, pluginBody(name, json))
      if (ctx.output === 'json') ctx.print(a.text)
      else ctx.print(`Plugin ${name} is created.`)
    })

  verbs.describe
    .command('plugin')
    .description('describe plugin $plugin_type $plugin_name')
    .argument('[type]')
    .argument('[name]')
    .allowExcessArguments()
    .action(async (_t: unknown, _n: unknown, _o: unknown, cmd: Command) => {
      if (cmd.args.length !== 2) throw new UsageError('Expect plugin type and name.')
      const [kind, name] = typeAndName(cmd.args)
      const a = await ctx.client().get(`/plugins/${kind}/${seg(name)}`)
      ctx.print(indentJson(a.text))
    })

  verbs.show
    .command('plugins')
    .description('show plugins $plugin_type')
    .argument('[type]')
    .allowExcessArguments()
    .action(async (_t: unknown, _o: unknown, cmd: Command) => {
      if (cmd.args.length !== 1) throw new UsageError('Expect plugin type.')
      const kind = pluginKind(cmd.args[0] as string)
      await showNames(ctx, `/plugins/${kind}`, NO_PLUGINS)
    })

  verbs.drop
    .command('plugin')
    .description('drop plugin $plugin_type $plugin_name -s $stop')
    .argument('[type]')
    .argument('[name]')
    .option('-s, --stop <bool>', 'stop kuiper after the action (true|false)')
    .allowExcessArguments()
    .action(async (_t: unknown, _n: unknown, opts: { stop?: string }, cmd: Command) => {
      if (opts.stop !== 'true' && opts.stop !== 'false') throw new UsageError('Expect s to be a boolean value.')
      if (cmd.args.length < 2 || cmd.args.length > 3) throw new UsageError('Expect plugin type and name.')
      const [kind, name] = typeAndName(cmd.args)
      const stop = opts.stop === 'true'
      await ctx.client().delete(`/plugins/${kind}/${seg(name)}${stop ? '?stop=1' : ''}`)
      // The plugin is gone at once (rules using it restart without it); -s true also stops kuiperd, as 1.0 did.
      ctx.print(stop ? `Plugin ${name} is dropped and Kuiper will be stopped.` : `Plugin ${name} is dropped.`)
    })
}
