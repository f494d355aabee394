// `kuiper query`: the interactive SQL console. Prompt `kuiper > `, line editing and persistent history (readline);
// a SELECT runs as a temporary rule whose results print as they arrive until Ctrl-C or the next statement; other
// statements (CREATE/DESCRIBE/SHOW/DROP STREAM) go to POST /streams as 1.0's stream commands; `exit`/`quit` leave.

import { clearLine, createInterface, cursorTo } from 'node:readline'
import type { Interface } from 'node:readline'
import type { CommandContext } from '../context.js'
import { errorText, oneLine } from '../errors.js'
import type { KuiperClient } from '../http-client.js'
import { historyFile, HISTORY_SIZE, loadHistory, saveHistory } from './history.js'
import { QueryRunner } from './runner.js'

export const PROMPT = 'kuiper > '
export const STOPPED_TEXT = 'Query was stopped.'

export function isSelect(sql: string): boolean {
  return /^\s*\(?\s*select\b/i.test(sql)
}

export async function runQueryConsole(ctx: CommandContext): Promise<number> {
  const client = ctx.client()
  await client.get('/') // fail now, as 1.0 did, if kuiperd is not there
  const input = ctx.io.stdin as NodeJS.ReadableStream & { isTTY?: boolean }
  const output = ctx.io.terminal as NodeJS.WritableStream & { isTTY?: boolean }
  const terminal = input.isTTY === true && output.isTTY === true
  const histFile = historyFile(ctx.io.env)
  const rl = createInterface({
    input,
    output,
    prompt: PROMPT,
    terminal,
    history: loadHistory(histFile),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  })
  return new Console(rl, client, output, terminal, histFile).run()
}

class Console {
  private readonly runner: QueryRunner
  private queue: Promise<void> = Promise.resolve()
  private closing = false
  private inputEnded = false
  private finish: (code: number) => void = () => undefined

  constructor(
    private readonly rl: Interface,
    private readonly client: KuiperClient,
    private readonly out: NodeJS.WritableStream,
    private readonly terminal: boolean,
    private readonly histFile: string,
  ) {
    this.runner = new QueryRunner(client, {
      result: (text) => this.say(text.replace(/\n+$/, '')),
      ended: (message) => this.say(oneLine(message)),
    })
  }

  run(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.finish = resolve))
    this.rl.on('history', (lines: string[]) => saveHistory(this.histFile, lines))
    this.rl.on('line', (line) => {
      this.queue = this.queue.then(() => this.handle(line))
    })
    this.rl.on('SIGINT', () => void this.interrupt())
    this.rl.on('close', () => {
      this.inputEnded = true
      // Piped input (`echo "SELECT ..." | kuiper query`): keep printing results until a signal, as a tail would.
      void this.queue.then(() => (this.terminal || !this.runner.running ? this.shutdown(0) : undefined))
    })
    const onSignal = (): void => void this.shutdown(0)
    process.on('SIGTERM', onSignal)
    if (!this.terminal) process.on('SIGINT', onSignal)
    this.rl.prompt()
    return done.finally(() => {
      process.off('SIGTERM', onSignal)
      process.off('SIGINT', onSignal)
    })
  }

  private async handle(line: string): Promise<void> {
    if (this.closing) return
    const sql = line.trim()
    const word = sql.toLowerCase()
    if (word === 'quit' || word === 'exit') {
      await this.shutdown(0)
      return
    }
    if (sql !== '') {
      try {
        if (isSelect(sql)) this.say(await this.runner.start(sql))
        else this.say((await this.client.post('/streams', { sql })).text.replace(/\n+$/, ''))
      } catch (err) {
        this.say(oneLine(errorText(err)))
      }
    }
    if (!this.closing && !this.inputEnded) this.rl.prompt()
  }

  /** Ctrl-C: stops the running query; on an empty line with no query, leaves. */
  private async interrupt(): Promise<void> {
    if (this.runner.running) {
      this.clearInput()
      await this.runner.stop()
      this.say(STOPPED_TEXT)
      this.rl.prompt()
    } else if (this.rl.line !== '') {
      this.clearInput()
      this.out.write('\n')
      this.rl.prompt()
    } else {
      this.out.write('\n')
      await this.shutdown(0)
    }
  }

  private clearInput(): void {
    this.rl.write(null, { ctrl: true, name: 'e' })
    this.rl.write(null, { ctrl: true, name: 'u' })
  }

  /** Prints above the input line, then redraws the prompt with what the user was typing. */
  private say(text: string): void {
    if (this.terminal && !this.closing) {
      clearLine(this.out, 0)
      cursorTo(this.out, 0)
      this.out.write(text + '\n')
      this.rl.prompt(true)
    } else this.out.write(text + '\n')
  }

  private async shutdown(code: number): Promise<void> {
    if (this.closing) return
    this.closing = true
    await this.runner.stop()
    this.rl.close()
    this.finish(code)
  }
}
