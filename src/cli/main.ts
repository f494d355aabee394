// The `kuiper` command line: 1.0's verbs (create/describe/show/drop/start/stop/restart/getstatus/gettopo, query)
// over kuiperd's REST API. runCli returns the exit code: 0 ok, 1 refused by the server, 2 bad usage, 3 unreachable.

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command, CommanderError, Option } from 'commander'
import { registerPluginCommands } from './commands/plugin.js'
import { registerQueryCommand } from './commands/query.js'
import { registerRuleCommands } from './commands/rule.js'
import { registerStreamCommands } from './commands/stream.js'
import type { Verbs } from './commands/verbs.js'
import { VERB_SUMMARY, VERB_USAGE } from './commands/verbs.js'
import type { CliIo, GlobalFlags } from './context.js'
import { CommandContext, OUTPUT_MODES } from './context.js'
import { CliError, EXIT_FAILED, EXIT_USAGE, UsageError, errorText, oneLine } from './errors.js'

export const APP_USAGE = 'The command line tool for EMQ X Kuiper.'

function packageVersion(): string {
  try {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }
    return typeof pkg.version === 'string' ? pkg.version : 'unknown'
  } catch {
    return 'unknown'
  }
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    terminal: process.stdout,
    env: process.env,
    cwd: process.cwd(),
  }
}

function buildProgram(ctx: CommandContext, io: CliIo, exit: (code: number) => void): Command {
  const program = new Command('kuiper')
    .description(APP_USAGE)
    .usage('[options] <command> [arguments]')
    .version(`Kuiper version ${packageVersion()}`, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show the help of a command')
    .addOption(new Option('--host <host>', 'kuiperd host (default: basic.host of etc/client.yaml, else 127.0.0.1)'))
    .addOption(new Option('--port <port>', "kuiperd's REST port (default: basic.port of etc/client.yaml, else 9081)"))
    .addOption(new Option('--https', 'kuiperd serves HTTPS (default: basic.https of etc/client.yaml)'))
    .addOption(
      new Option(
        '--token <jwt>',
        'JWT sent to a kuiperd with basic.authentication on (default: basic.token of etc/client.yaml)',
      ),
    )
    .addOption(
      new Option(
        '--config <file>',
        'the client.yaml to read (default: etc/client.yaml under $KuiperBaseKey or the working dir)',
      ),
    )
    .addOption(
      new Option('-o, --output <format>', 'text: 1.0 output; json: raw REST answers; table: aligned tables')
        .choices(OUTPUT_MODES)
        .default('text'),
    )
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
  // `kuiper` alone shows the help, as 1.0 did.
  program.argument('[command]').action((cmd: string | undefined) => {
    if (cmd !== undefined) throw new UsageError(`No help topic for '${cmd}'`)
    program.outputHelp()
  })

  // Subcommands inherit exitOverride and the output streams (commander's copyInheritedSettings).
  const verb = (name: keyof Verbs): Command =>
    program.command(name).summary(VERB_SUMMARY[name]).description(VERB_USAGE[name])
  const verbs: Verbs = {
    create: verb('create'),
    describe: verb('describe'),
    drop: verb('drop'),
    getstatus: verb('getstatus'),
    gettopo: verb('gettopo'),
    restart: verb('restart'),
    show: verb('show'),
    start: verb('start'),
    stop: verb('stop'),
  }
  registerQueryCommand(program, ctx, exit)
  registerStreamCommands(verbs, ctx)
  registerRuleCommands(verbs, ctx)
  registerPluginCommands(verbs, ctx)
  return program
}

export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number | undefined
  const holder: { program?: Command } = {}
  const ctx = new CommandContext(io, () => (holder.program?.opts() ?? {}) as GlobalFlags)
  const program = buildProgram(ctx, io, (code) => (exitCode = code))
  holder.program = program
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode ?? 0
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0
      // commander already printed its message (unknown command, missing argument, or help for a bare verb).
      return EXIT_USAGE
    }
    if (err instanceof CliError) {
      io.stderr.write(oneLine(err.message) + '\n')
      return err.exitCode
    }
    io.stderr.write(`kuiper: ${oneLine(errorText(err))}\n`)
    return EXIT_FAILED
  }
}
