// Test harness of the CLI tests: a real kuiperd process on a free port with a temporary data dir, the `kuiper`
// binary run as a user would (spawned, output and exit code), an MQTT publisher, and a tmux-driven terminal.

import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MQTT_SERVER } from '../services.js'
import { freePort } from '../services.js'

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..')
export const KUIPER_BIN = join(ROOT, 'bin', 'kuiper.js')
export const KUIPERD_BIN = join(ROOT, 'bin', 'kuiperd.js')

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await probe()
      if (v !== undefined) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last !== undefined ? `: ${String(last)}` : ''}`,
      )
    await new Promise((r) => setTimeout(r, 100))
  }
}

export interface Kuiperd {
  readonly port: number
  readonly url: string
  readonly dir: string
  /** A folder with etc/client.yaml pointing at this kuiperd (use as the CLI's KuiperBaseKey). */
  readonly clientBase: string
  output(): string
  stop(): Promise<void>
}

/** Starts `bin/kuiperd.js` with the repository's etc/, a temporary data/ and log/, on a free REST port. */
export async function startKuiperd(): Promise<Kuiperd> {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-cli-e2e-'))
  const serverBase = join(dir, 'server')
  const clientBase = join(dir, 'client')
  mkdirSync(join(serverBase, 'data'), { recursive: true })
  mkdirSync(join(serverBase, 'log'), { recursive: true })
  mkdirSync(join(clientBase, 'etc'), { recursive: true })
  const port = await freePort()
  writeFileSync(join(clientBase, 'etc', 'client.yaml'), `basic:\n  host: 127.0.0.1\n  port: ${port}\n`)
  let out = ''
  const child: ChildProcess = spawn(
    process.execPath,
    [KUIPERD_BIN, '--config', join(ROOT, 'etc', 'kuiper.yaml'), '--data', join(serverBase, 'data')],
    {
      cwd: serverBase,
      env: {
        ...process.env,
        KuiperBaseKey: serverBase,
        KUIPER__BASIC__RESTPORT: String(port),
        KUIPER__BASIC__RESTIP: '127.0.0.1',
        KUIPER__BASIC__CONSOLELOG: 'true',
        KUIPER__BASIC__FILELOG: 'false',
        KUIPER__BASIC__PROMETHEUS: 'false',
        // The repository's etc/mqtt_source.yaml names the standard port; the test broker may be elsewhere.
        MQTT_SOURCE__DEFAULT__SERVERS: `[${MQTT_SERVER}]`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()))
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const url = `http://127.0.0.1:${port}`
  try {
    await until(
      'kuiperd to answer GET /',
      async () => {
        if (child.exitCode !== null) throw new Error(`kuiperd exited with ${child.exitCode}: ${out}`)
        const res = await fetch(url + '/')
        return res.ok ? true : undefined
      },
      30_000,
    )
  } catch (err) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  return {
    port,
    url,
    dir,
    clientBase,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `kuiper ARGS...` to completion (bounded by a timeout). */
export async function kuiper(
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [KUIPER_BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()))
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000)
  const code = await new Promise<number | null>((r) => child.once('close', (c) => r(c)))
  clearTimeout(timer)
  return { code, stdout, stderr }
}

/** A terminal in a detached tmux session running one command; read it with capture(). */
export class TmuxTerminal {
  private constructor(
    readonly session: string,
    private readonly statusFile: string,
  ) {}

  static available(): boolean {
    return spawnSync('tmux', ['-V']).status === 0
  }

  /**
   * Runs `command` in a new 200x50 pane. Its exit status goes to a file: tmux 3.3 sometimes marks a pane dead
   * without ever filling in #{pane_dead_status}.
   */
  static start(command: readonly string[], env: Readonly<Record<string, string>>, cwd: string): TmuxTerminal {
    const session = `kuiper-cli-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
    const statusFile = join(tmpdir(), `${session}.status`)
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`])
    const wrapped = ['sh', '-c', '"$@"; echo $? > "$STATUS_FILE"', 'sh', ...command]
    const r = spawnSync('tmux', [
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '200',
      '-y',
      '50',
      '-c',
      cwd,
      ...envArgs,
      '-e',
      `STATUS_FILE=${statusFile}`,
      ...wrapped,
    ])
    if (r.status !== 0) throw new Error(`tmux new-session failed: ${r.stderr.toString()}`)
    spawnSync('tmux', ['set-option', '-t', session, 'remain-on-exit', 'on'])
    return new TmuxTerminal(session, statusFile)
  }

  /** Literal text (no key names). */
  type(text: string): void {
    spawnSync('tmux', ['send-keys', '-t', this.session, '-l', text])
  }

  /** Key names: Enter, Up, C-c, C-u... */
  keys(...keys: string[]): void {
    spawnSync('tmux', ['send-keys', '-t', this.session, ...keys])
  }

  /** The pane's text with the scrollback, lines right-trimmed. */
  capture(): string {
    const r = spawnSync('tmux', ['capture-pane', '-p', '-J', '-S', '-1000', '-t', this.session])
    return r.stdout
      .toString()
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .trimEnd()
  }

  /** The program's exit status once it has exited. */
  exitStatus(): number | undefined {
    try {
      const text = readFileSync(this.statusFile, 'utf8').trim()
      return text === '' ? undefined : Number(text)
    } catch {
      return undefined
    }
  }

  async waitFor(what: string, test: (screen: string) => boolean, timeoutMs = 15_000): Promise<string> {
    return until(
      `${what} on the terminal`,
      () => {
        const s = this.capture()
        return test(s) ? s : undefined
      },
      timeoutMs,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- screen ---\n${this.capture()}`)
    })
  }

  /** Waits for the program to exit; its exit status. */
  async waitForExit(timeoutMs = 15_000): Promise<number> {
    return until('the program to exit', () => this.exitStatus(), timeoutMs).catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- screen ---\n${this.capture()}`)
    })
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.session])
    rmSync(this.statusFile, { force: true })
  }
}

/** The tests' free-port helper, where the CLI tests have always found it. */
export { freePort }
