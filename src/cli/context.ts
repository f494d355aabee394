// What every command gets: the process streams, the output mode, and a lazily built REST client that prints 1.0's
// `Connecting to <host>:<port>... ` line the first time it is used.

import { existsSync, readFileSync } from 'node:fs'
import type { ClientConfig, ConfigSources } from './config.js'
import { baseUrl, loadClientConfig } from './config.js'
import { CliError, UsageError } from './errors.js'
import { KuiperClient } from './http-client.js'

export type OutputMode = 'text' | 'json' | 'table'
export const OUTPUT_MODES: readonly OutputMode[] = ['text', 'json', 'table']

export interface TextSink {
  write(text: string): unknown
}

export interface CliIo {
  readonly stdout: TextSink
  readonly stderr: TextSink
  readonly stdin: NodeJS.ReadableStream
  /** The terminal the interactive query draws on (stdout when it is a TTY). */
  readonly terminal: NodeJS.WritableStream
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
}

export interface GlobalFlags {
  readonly host?: string | undefined
  readonly port?: string | undefined
  readonly token?: string | undefined
  readonly https?: boolean | undefined
  readonly config?: string | undefined
  readonly output?: string | undefined
}

export class CommandContext {
  private cached: KuiperClient | undefined
  private config: ClientConfig | undefined

  constructor(
    readonly io: CliIo,
    private readonly flags: () => GlobalFlags,
  ) {}

  get output(): OutputMode {
    const o = this.flags().output ?? 'text'
    if (!(OUTPUT_MODES as readonly string[]).includes(o))
      throw new UsageError(`Invalid output format ${o}, should be "text", "json" or "table".`)
    return o as OutputMode
  }

  clientConfig(): ClientConfig {
    if (this.config === undefined) {
      const f = this.flags()
      const src: ConfigSources = {
        env: this.io.env,
        cwd: this.io.cwd,
        flags: { host: f.host, port: f.port, token: f.token, https: f.https },
        file: f.config,
      }
      this.config = loadClientConfig(src)
    }
    return this.config
  }

  client(): KuiperClient {
    if (this.cached === undefined) {
      const c = this.clientConfig()
      for (const w of c.warnings) this.io.stderr.write(w + '\n')
      if (this.output !== 'json') this.io.stdout.write(`Connecting to ${c.host}:${c.port}... \n`)
      this.cached = new KuiperClient(baseUrl(c), c.port, c.token !== undefined ? { token: c.token } : {})
    }
    return this.cached
  }

  /** Prints a result: trailing newlines of server texts are dropped, one newline is added. */
  print(text: string): void {
    this.io.stdout.write(text.replace(/\n+$/, '') + '\n')
  }

  /** A notice on stdout (1.0 printed `Creating a new rule from file x.` there), not in `--output json`. */
  notice(text: string): void {
    if (this.output !== 'json') this.io.stdout.write(text + '\n')
  }
}

/** 1.0's readDef: the definition file of a stream, rule or plugin. */
export function readDefinition(ctx: CommandContext, file: string, what: 'stream' | 'rule' | 'plugin'): string {
  if (!existsSync(file)) throw new UsageError(`The specified ${what} defenition file ${file} is not existed.`)
  ctx.client() // 1.0 printed `Connecting to ...` before anything else
  ctx.notice(`Creating a new ${what} from file ${file}.`)
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new CliError(`Failed to read from ${what} definition file ${file}.`)
  }
}
