// The tool's loop (1.0's watchFolders): scan the command folder, apply each new or changed file's commands to
// kuiperd in name order and record the file in the history; scan again every interval, and sooner, with a growing
// but bounded delay, while kuiperd is not reachable (the interrupted file then resumes at the command that failed).

import { readFileSync } from 'node:fs'
import type { KuiperClient } from '../cli/http-client.js'
import { systemClock } from '../core/clock.js'
import type { Clock, TimerHandle } from '../core/clock.js'
import { CommandFileError, parseCommandFile } from './command-file.js'
import type { Command, CommandFile } from './command-file.js'
import { fileMtimeMs, listCommandFiles } from './command-folder.js'
import type { CommandFileEntry } from './command-folder.js'
import { runCommand } from './command-runner.js'
import type { CommandOutcome } from './command-runner.js'
import type { History } from './history.js'

/** What the tool did, for its log and for tests to await. */
export type ToolEvent =
  | {
      readonly kind: 'command'
      readonly file: string
      readonly index: number
      readonly command: Command
      readonly outcome: Exclude<CommandOutcome, { kind: 'unreachable' }>
    }
  | {
      readonly kind: 'file-applied'
      readonly file: string
      readonly loadTime: number
      readonly commands: number
      /** Commands kuiperd refused or that failed. */
      readonly failures: number
      /** Commands not run after one that failed (timeout). */
      readonly skipped: number
    }
  | { readonly kind: 'file-invalid'; readonly file: string; readonly message: string }
  | {
      readonly kind: 'kuiperd-unreachable'
      readonly file: string
      /** The command the file resumes at. */
      readonly index: number
      readonly attempt: number
      readonly retryInMs: number
      readonly message: string
    }
  | { readonly kind: 'history-failed'; readonly message: string }
  | { readonly kind: 'scan-failed'; readonly message: string }
  | { readonly kind: 'scan-done'; readonly scan: number; readonly applied: number }

export interface RetryOptions {
  /** The first delay after kuiperd was found unreachable; doubled on each attempt. */
  readonly initialMs: number
  /** The longest delay. */
  readonly maxMs: number
}

export const DEFAULT_RETRY: RetryOptions = { initialMs: 1000, maxMs: 30_000 }

/**
 * A file's modification second must be over (plus a margin for the coarse clock file systems stamp with) before
 * it is applied: a write later in the same second would carry the same second and go unseen.
 */
export const SETTLE_MARGIN_MS = 100

/**
 * A modification time further ahead of the clock than this is not a write in progress but a skewed clock (a file
 * copied with its time from a machine ahead): it is applied at once rather than blocking the files after it.
 */
export const FUTURE_SKEW_MS = 2000

export interface ToolOptions {
  readonly commandDir: string
  readonly history: History
  readonly client: KuiperClient
  readonly intervalMs: number
  readonly retry?: RetryOptions
  /** Wall time (compared with file modification times) and the timers between scans. */
  readonly clock?: Pick<Clock, 'now' | 'setTimeout'>
  readonly onEvent?: (event: ToolEvent) => void
}

type ScanResult =
  | { readonly kind: 'done' }
  | { readonly kind: 'unsettled'; readonly waitMs: number }
  | { readonly kind: 'unreachable'; readonly file: string; readonly index: number; readonly message: string }

type FileResult =
  | { readonly kind: 'applied'; readonly failures: number; readonly skipped: number }
  | { readonly kind: 'unreachable'; readonly index: number; readonly message: string }

export class KubernetesTool {
  private readonly clock: Pick<Clock, 'now' | 'setTimeout'>
  private readonly retry: RetryOptions
  private readonly emit: (event: ToolEvent) => void
  private running: Promise<void> | undefined
  private stopping = false
  private wake: (() => void) | undefined
  private scans = 0
  /** Where a file interrupted by an unreachable kuiperd resumes, while that version of it is still the one due. */
  private progress: { readonly name: string; readonly mtimeMs: number; readonly next: number } | undefined

  constructor(private readonly opts: ToolOptions) {
    this.clock = opts.clock ?? systemClock
    this.retry = opts.retry ?? DEFAULT_RETRY
    this.emit = opts.onEvent ?? (() => {})
  }

  /** Starts scanning (the first scan at once). */
  start(): void {
    this.running ??= this.loop()
  }

  /** Stops after the file being applied, if any; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopping = true
    this.wake?.()
    await this.running
  }

  private async loop(): Promise<void> {
    let attempt = 0
    while (!this.stopping) {
      const result = await this.scan()
      let delay = this.opts.intervalMs
      if (result.kind === 'unreachable') {
        attempt++
        delay = Math.min(this.retry.maxMs, this.retry.initialMs * 2 ** Math.min(attempt - 1, 30))
        this.emit({
          kind: 'kuiperd-unreachable',
          file: result.file,
          index: result.index,
          message: result.message,
          attempt,
          retryInMs: delay,
        })
      } else {
        attempt = 0
        if (result.kind === 'unsettled') delay = Math.min(delay, result.waitMs)
      }
      if (!this.stopping) await this.sleep(delay)
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined = undefined
      this.wake = () => {
        timer?.cancel()
        this.wake = undefined
        resolve()
      }
      timer = this.clock.setTimeout(() => this.wake?.(), ms)
    })
  }

  private async scan(): Promise<ScanResult> {
    const scan = ++this.scans
    let applied = 0
    const done = (r: ScanResult): ScanResult => {
      this.emit({ kind: 'scan-done', scan, applied })
      return r
    }
    let entries: CommandFileEntry[]
    try {
      entries = listCommandFiles(this.opts.commandDir)
    } catch (err) {
      this.emit({ kind: 'scan-failed', message: `read command dir ${this.opts.commandDir}: ${errorText(err)}` })
      return done({ kind: 'done' })
    }
    for (const entry of entries) {
      if (this.stopping) break
      const second = Math.floor(entry.mtimeMs / 1000)
      if (!this.opts.history.isDue(entry.name, second)) continue
      // Files are applied in name order: a later file waits for an earlier one still being written.
      const now = this.clock.now()
      const waitMs = (second + 1) * 1000 + SETTLE_MARGIN_MS - now
      if (waitMs > 0 && entry.mtimeMs <= now + FUTURE_SKEW_MS) return done({ kind: 'unsettled', waitMs })
      const read = this.read(entry)
      if (read === 'changed') return done({ kind: 'unsettled', waitMs: SETTLE_MARGIN_MS })
      if (read !== undefined) {
        const resume =
          this.progress?.name === entry.name && this.progress.mtimeMs === entry.mtimeMs ? this.progress.next : 0
        const result = await this.apply(entry.name, read, resume)
        if (result.kind === 'unreachable') {
          this.progress = { name: entry.name, mtimeMs: entry.mtimeMs, next: result.index }
          return done({ kind: 'unreachable', file: entry.name, index: result.index, message: result.message })
        }
        this.progress = undefined
        this.emit({
          kind: 'file-applied',
          file: entry.name,
          loadTime: second,
          commands: read.commands.length,
          failures: result.failures,
          skipped: result.skipped,
        })
      }
      applied++
      this.record(entry.name, second)
    }
    return done({ kind: 'done' })
  }

  /** The file's commands; undefined (reported) when it is not a command file; 'changed' if written while read. */
  private read(entry: CommandFileEntry): CommandFile | 'changed' | undefined {
    let text: string
    try {
      text = readFileSync(entry.path, 'utf8')
    } catch (err) {
      this.emit({ kind: 'file-invalid', file: entry.name, message: `cannot read it: ${errorText(err)}` })
      return undefined
    }
    if (fileMtimeMs(entry.path) !== entry.mtimeMs) return 'changed'
    try {
      return parseCommandFile(text)
    } catch (err) {
      if (!(err instanceof CommandFileError)) throw err
      this.emit({ kind: 'file-invalid', file: entry.name, message: err.message })
      return undefined
    }
  }

  private async apply(file: string, content: CommandFile, from: number): Promise<FileResult> {
    let failures = 0
    const commands = content.commands
    for (let index = from; index < commands.length; index++) {
      const command = commands[index]!
      const outcome = await runCommand(this.opts.client, command)
      if (outcome.kind === 'unreachable') return { kind: 'unreachable', index, message: outcome.message }
      this.emit({ kind: 'command', file, index, command, outcome })
      if (outcome.kind === 'ok') continue
      failures++
      if (outcome.kind === 'failed') return { kind: 'applied', failures, skipped: commands.length - index - 1 }
    }
    return { kind: 'applied', failures, skipped: 0 }
  }

  private record(name: string, loadTime: number): void {
    try {
      this.opts.history.record(name, loadTime)
    } catch (err) {
      this.emit({
        kind: 'history-failed',
        message: `cannot write the history ${this.opts.history.path}: ${errorText(err)}`,
      })
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
