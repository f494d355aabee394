// The `query` verb: starts the interactive SQL console.

import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { runQueryConsole } from '../query/console.js'

export function registerQueryCommand(program: Command, ctx: CommandContext, exit: (code: number) => void): void {
  program
    .command('query')
    .description('query command line')
    .action(async () => {
      exit(await runQueryConsole(ctx))
    })
}
