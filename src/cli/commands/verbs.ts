// The verb commands (`create`, `show`, ...) that each noun file (stream, rule, plugin) hangs its subcommand on.

import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { UsageError } from '../errors.js'
import { indentJson } from '../format/json-indent.js'
import { renderTable } from '../format/table.js'

export interface Verbs {
  readonly create: Command
  readonly describe: Command
  readonly show: Command
  readonly drop: Command
  readonly start: Command
  readonly stop: Command
  readonly restart: Command
  readonly getstatus: Command
  readonly gettopo: Command
}

export const VERB_USAGE: Readonly<Record<keyof Verbs, string>> = {
  create:
    'create stream $stream_name | create stream $stream_name -f $stream_def_file | create rule $rule_name $rule_json | create rule $rule_name -f $rule_def_file | create plugin $plugin_type $plugin_name $plugin_json | create plugin $plugin_type $plugin_name -f $plugin_def_file',
  describe: 'describe stream $stream_name | describe rule $rule_name | describe plugin $plugin_type $plugin_name',
  show: 'show streams | show rules | show plugins $plugin_type',
  drop: 'drop stream $stream_name | drop rule $rule_name | drop plugin $plugin_type $plugin_name -s $stop',
  start: 'start rule $rule_name',
  stop: 'stop rule $rule_name',
  restart: 'restart rule $rule_name',
  getstatus: 'getstatus rule $rule_name',
  gettopo: 'gettopo rule $rule_name',
}

export const VERB_SUMMARY: Readonly<Record<keyof Verbs, string>> = {
  create: 'create a stream, rule or plugin',
  describe: 'describe a stream, rule or plugin',
  show: 'list streams, rules or plugins',
  drop: 'drop a stream, rule or plugin',
  start: 'start a rule',
  stop: 'stop a rule',
  restart: 'restart a rule',
  getstatus: 'print the status and metrics of a rule',
  gettopo: 'print the topology of a rule',
}

/** The one name a command takes, or 1.0's usage text (`Expect rule name.`) when there is not exactly one. */
export function oneName(args: readonly string[], what: string): string {
  const [name] = args
  if (args.length !== 1 || name === undefined || name === '') throw new UsageError(`Expect ${what} name.`)
  return name
}

/**
 * `show streams` / `show plugins TYPE`: the names kuiperd lists at `path`, one per line as 1.0 printed them
 * (`emptyText` when there are none), the raw JSON indented with `-o json`, a NAME table with `-o table`.
 */
export async function showNames(ctx: CommandContext, path: string, emptyText: string): Promise<void> {
  const { value, text } = await ctx.client().getJson(path)
  const names = Array.isArray(value) ? value.map(String) : []
  if (ctx.output === 'json') ctx.print(indentJson(text))
  else if (names.length === 0) ctx.print(emptyText)
  else if (ctx.output === 'table')
    ctx.print(
      renderTable(
        ['NAME'],
        names.map((n) => [n]),
      ),
    )
  else ctx.print(names.join('\n'))
}
