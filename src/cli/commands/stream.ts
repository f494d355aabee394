// Stream verbs: create (inline or -f), describe, show, drop. 1.0 sent the typed words as one stream statement; we
// send the same statement to POST /streams, and read lists and descriptions from the JSON endpoints.

import type { Command } from 'commander'
import type { StreamDescription } from '../../server/contract.js'
import type { CommandContext } from '../context.js'
import { readDefinition } from '../context.js'
import { UsageError } from '../errors.js'
import { indentJson } from '../format/json-indent.js'
import { describeStreamTable, describeStreamText } from '../format/stream.js'
import { seg } from '../http-client.js'
import type { Verbs } from './verbs.js'
import { oneName, showNames } from './verbs.js'

export const NO_STREAMS = 'No stream definitions are found.'

export function registerStreamCommands(verbs: Verbs, ctx: CommandContext): void {
  verbs.create
    .command('stream')
    .description('create stream $stream_name [-f stream_def_file]')
    .usage('$stream_name \'(field TYPE, ...) WITH (DATASOURCE="topic", ...)\' | -f $stream_def_file')
    .argument('[definition...]')
    .option('-f, --file <file>', 'the location of stream definition file')
    .allowUnknownOption()
    .action(async (words: string[], opts: { file?: string }) => {
      let sql: string
      if (opts.file !== undefined) {
        // 1.0: strings.Join([]string{"CREATE STREAM ", content}, " "); the file starts with the stream name.
        sql = 'CREATE STREAM  ' + readDefinition(ctx, opts.file, 'stream')
      } else {
        if (words.length < 2) throw new UsageError('Expect stream name and definition.')
        sql = ['create', 'stream', ...words].join(' ')
      }
      const a = await ctx.client().post('/streams', { sql })
      ctx.print(a.text)
    })

  verbs.describe
    .command('stream')
    .description('describe stream $stream_name')
    .argument('[name]')
    .allowExcessArguments()
    .action(async (_n: string | undefined, _o: unknown, cmd: Command) => {
      const name = oneName(cmd.args, 'stream')
      const { value, text } = await ctx.client().getJson(`/streams/${seg(name)}`)
      const d = value as StreamDescription
      if (ctx.output === 'json') ctx.print(indentJson(text))
      else if (ctx.output === 'table') ctx.print(describeStreamTable(d))
      else ctx.print(describeStreamText(d))
    })

  verbs.show
    .command('streams')
    .description('show streams')
    .action(async () => {
      await showNames(ctx, '/streams', NO_STREAMS)
    })

  verbs.drop
    .command('stream')
    .description('drop stream $stream_name')
    .argument('[name]')
    .allowExcessArguments()
    .action(async (_n: string | undefined, _o: unknown, cmd: Command) => {
      const name = oneName(cmd.args, 'stream')
      const a = await ctx.client().delete(`/streams/${seg(name)}`)
      ctx.print(a.text.trim() !== '' ? a.text : `Stream ${name} is dropped.`)
    })
}
