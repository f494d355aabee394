// Runs the Kubernetes tool in-process for the tests: a command folder in a temporary directory, its events kept in
// order with a way to await one, short intervals, and command files written whole (written aside, then renamed).

import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KuiperClient } from '../../src/cli/http-client.js'
import { History } from '../../src/kubernetes-tool/history.js'
import { KubernetesTool } from '../../src/kubernetes-tool/kubernetes-tool.js'
import type { RetryOptions, ToolEvent } from '../../src/kubernetes-tool/kubernetes-tool.js'
import { createToolLogger, logToolEvent } from '../../src/kubernetes-tool/tool-log.js'

export interface Workspace {
  readonly root: string
  readonly commandDir: string
  readonly historyPath: string
  readonly logPath: string
}

/** A folder holding sample/ (the command folder), where .history lands, and log/. */
export function workspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'kuiper-k8s-tool-'))
  const commandDir = join(root, 'sample')
  mkdirSync(commandDir)
  return { root, commandDir, historyPath: join(root, '.history'), logPath: join(root, 'log', 'kubernetes.log') }
}

export interface CommandSpec {
  readonly url: string
  readonly method: string
  readonly description?: string
  readonly data?: unknown
}

export function writeCommands(dir: string, name: string, commands: readonly CommandSpec[]): void {
  writeText(dir, name, JSON.stringify({ commands }, null, 2))
}

export function writeText(dir: string, name: string, text: string): void {
  const aside = join(dir, `.${name}.writing`)
  writeFileSync(aside, text)
  renameSync(aside, join(dir, name))
}

export const createStream = (name: string): CommandSpec => ({
  url: '/streams',
  method: 'post',
  description: `create ${name}`,
  data: { sql: `CREATE STREAM ${name} () WITH (DATASOURCE="k8s/${name}", TYPE="memory", FORMAT="json")` },
})

export const createRule = (id: string, stream: string): CommandSpec => ({
  url: '/rules',
  method: 'post',
  description: `create ${id}`,
  data: { id, sql: `SELECT * FROM ${stream}`, actions: [{ log: {} }] },
})

/** The tool's events in order; `next` awaits the first one (from a position on) that matches. */
export class Events {
  readonly all: ToolEvent[] = []
  private waiters: { from: number; match: (e: ToolEvent) => boolean; resolve: (i: number) => void }[] = []

  push(e: ToolEvent): void {
    this.all.push(e)
    const i = this.all.length - 1
    this.waiters = this.waiters.filter((w) => {
      if (i < w.from || !w.match(e)) return true
      w.resolve(i)
      return false
    })
  }

  /** Resolves with the event's position; rejects after `timeoutMs`, listing what did happen. */
  next(what: string, match: (e: ToolEvent) => boolean, from = 0, timeoutMs = 20_000): Promise<number> {
    const found = this.all.findIndex((e, i) => i >= from && match(e))
    if (found >= 0) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        reject(new Error(`no ${what} within ${timeoutMs} ms; events: ${JSON.stringify(this.all.map(brief))}`))
      }, timeoutMs)
      const waiter = {
        from,
        match,
        resolve: (i: number) => {
          clearTimeout(timer)
          resolve(i)
        },
      }
      this.waiters.push(waiter)
    })
  }

  /** Awaits `n` more completed scans after the current one. */
  async scans(n: number): Promise<void> {
    const done = this.all.filter((e) => e.kind === 'scan-done')
    const last = done.length === 0 ? 0 : (done[done.length - 1] as { scan: number }).scan
    await this.next(`scan ${last + n}`, (e) => e.kind === 'scan-done' && e.scan >= last + n)
  }

  applied(file: string): ToolEvent[] {
    return this.all.filter((e) => e.kind === 'file-applied' && e.file === file)
  }

  commands(file: string): Extract<ToolEvent, { kind: 'command' }>[] {
    return this.all.filter((e): e is Extract<ToolEvent, { kind: 'command' }> => e.kind === 'command' && e.file === file)
  }
}

function brief(e: ToolEvent): string {
  return 'file' in e ? `${e.kind}:${e.file}` : e.kind
}

export interface RunningTool {
  readonly tool: KubernetesTool
  readonly events: Events
  stop(): Promise<void>
}

export interface ToolRunOptions {
  readonly intervalMs?: number
  readonly timeoutMs?: number
  readonly retry?: RetryOptions
  /** Also write the tool's log to ws.logPath. */
  readonly fileLog?: boolean
}

/** Starts a tool on the workspace's folder and history (read afresh, as a restarted tool does). */
export function runTool(ws: Workspace, url: string, o: ToolRunOptions = {}): RunningTool {
  const events = new Events()
  const port = Number(new URL(url).port)
  const log = createToolLogger({ consoleLog: false, fileLog: o.fileLog ?? false, logPath: ws.logPath })
  const tool = new KubernetesTool({
    commandDir: ws.commandDir,
    history: History.load(ws.historyPath),
    client: new KuiperClient(url, port, { timeoutMs: o.timeoutMs ?? 5000 }),
    intervalMs: o.intervalMs ?? 50,
    retry: o.retry ?? { initialMs: 50, maxMs: 400 },
    onEvent: (e) => {
      logToolEvent(log, url, e)
      events.push(e)
    },
  })
  tool.start()
  return { tool, events, stop: () => tool.stop() }
}
