// Rule verbs: create (inline JSON or -f), describe, show, drop, start, stop, restart, getstatus, gettopo, printing
// 1.0's CLI texts (`Rule r1 was started`) and its indented JSON for rules, status and topology.

import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { readDefinition } from '../context.js'
import { CliError, UsageError, errorText } from '../errors.js'
import { indentJson } from '../format/json-indent.js'
import { renderTable } from '../format/table.js'
import { seg } from '../http-client.js'
import type { Verbs } from './verbs.js'
import { oneName } from './verbs.js'

export const NO_RULES = 'No rule definitions are found.'

export function createdText(name: string): string {
  return `Rule ${name} was created successfully, please use 'bin/kuiper getstatus rule ${name}' command to get rule status.`
}

/** 1.0's getRuleByJson: the JSON must be an object; its id, if any, must equal the name, which becomes the id. */
export function ruleBody(name: string, json: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (err) {
    throw new UsageError(`Create rule error : Parse rule ${json.trim()} error : ${errorText(err)}.`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`Create rule error : Parse rule ${json.trim()} error : a rule is a JSON object.`)
  const rule = value as Record<string, unknown>
  const id = rule['id']
  if (id !== undefined && id !== null && id !== '' && id !== name)
    throw new UsageError('Create rule error : Name is not consistent with rule id.')
  return { id: name, ...rule, ...(id === '' || id === null ? { id: name } : {}) }
}

export function registerRuleCommands(verbs: Verbs, ctx: CommandContext): void {
  verbs.create
    .command('rule')
    .description('create rule $rule_name [$rule_json | -f rule_def_file]')
    .argument('[name]')
    .argument('[json]')
    .option('-f, --file <file>', 'the location of rule definition file')
    .allowExcessArguments()
    .action(async (_n: unknown, _j: unknown, opts: { file?: string }, cmd: Command) => {
      const args = cmd.args
      let name: string
      let json: string
      if (opts.file !== undefined) {
        name = oneName(args, 'rule')
        json = readDefinition(ctx, opts.file, 'rule')
      } else {
        if (args.length !== 2)
          throw new UsageError(`Expect rule name and json. But found ${args.length} args:[${args.join(' ')}].`)
        name = args[0] as string
        json = args[1] as string
      }
      const body = ruleBody(name, json)
      const a = await ctx.client().post('/rules', body)
      // 201 with another text: the rule was stored but did not start; 1.0's CLI printed that error instead.
      if (!/^Rule .* was created successfully/.test(a.text.trim())) throw new CliError(a.text)
      if (ctx.output === 'json') ctx.print(a.text)
      else ctx.print(createdText(name))
    })

  verbs.describe
    .command('rule')
    .description('describe rule $rule_name')
    .argument('[name]')
    .allowExcessArguments()
    .action(async (_n: unknown, _o: unknown, cmd: Command) => {
      const name = oneName(cmd.args, 'rule')
      const a = await ctx.client().get(`/rules/${seg(name)}`)
      ctx.print(indentJson(a.text))
    })

  verbs.show
    .command('rules')
    .description('show rules')
    .action(async () => {
      const { value, text } = await ctx.client().getJson('/rules')
      const rules = Array.isArray(value) ? (value as { id?: unknown; status?: unknown }[]) : []
      if (ctx.output === 'json') ctx.print(indentJson(text))
      else if (rules.length === 0) ctx.print(NO_RULES)
      else if (ctx.output === 'table')
        ctx.print(
          renderTable(
            ['ID', 'STATUS'],
            rules.map((r) => [String(r.id ?? ''), String(r.status ?? '')]),
          ),
        )
      else ctx.print(indentJson(text))
    })

  verbs.drop
    .command('rule')
    .description('drop rule $rule_name')
    .argument('[name]')
    .allowExcessArguments()
    .action(async (_n: unknown, _o: unknown, cmd: Command) => {
      const name = oneName(cmd.args, 'rule')
      await ctx.client().delete(`/rules/${seg(name)}`)
      ctx.print(`Rule ${name} is dropped.`)
    })

  const lifecycle: [Command, string, (name: string) => string][] = [
    [verbs.start, 'start', (n) => `Rule ${n} was started`],
    [verbs.stop, 'stop', (n) => `Rule ${n} was stopped.`],
    [verbs.restart, 'restart', (n) => `Rule ${n} was restarted.`],
  ]
  for (const [verb, action, text] of lifecycle) {
    verb
      .command('rule')
      .description(`${action} rule $rule_name`)
      .argument('[name]')
      .allowExcessArguments()
      .action(async (_n: unknown, _o: unknown, cmd: Command) => {
        const name = oneName(cmd.args, 'rule')
        await ctx.client().post(`/rules/${seg(name)}/${action}`)
        ctx.print(text(name))
      })
  }

  verbs.getstatus
    .command('rule')
    .description('getstatus rule $rule_name')
    .argument('[name]')
    .allowExcessArguments()
    .action(async (_n: unknown, _o: unknown, cmd: Command) => {
      const name = oneName(cmd.args, 'rule')
      const a = await ctx.client().get(`/rules/${seg(name)}/status`)
      if (!a.contentType.includes('json')) {
        ctx.print(a.text) // `Stopped: canceled manually or by error.`
        return
      }
      if (ctx.output === 'table') {
        const metrics = JSON.parse(a.text) as Record<string, unknown>
        ctx.print(
          renderTable(
            ['METRIC', 'VALUE'],
            Object.entries(metrics).map(([k, v]) => [k, String(v)]),
          ),
        )
      } else ctx.print(indentJson(a.text))
    })

  verbs.gettopo
    .command('rule')
    .description('gettopo rule $rule_name')
    .argument('[name]')
    .allowExcessArguments()
    .action(async (_n: unknown, _o: unknown, cmd: Command) => {
      const name = oneName(cmd.args, 'rule')
      const a = await ctx.client().get(`/rules/${seg(name)}/topo`)
      ctx.print(indentJson(a.text))
    })
}
