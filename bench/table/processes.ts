// Child processes of the bench runner: each runs in its own process group, so that a timeout or Ctrl-C stops it
// with everything it started (scale.mjs's kuiperd, bench.mjs's targets), and the /proc readings of a process tree.

import { spawn } from 'node:child_process'
import type { ChildProcess, SpawnOptions } from 'node:child_process'
import { createWriteStream, readFileSync } from 'node:fs'
import { createServer } from 'node:net'

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Process groups still running: stopped when the runner is interrupted or exits. */
const live = new Set<number>()

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal)
  } catch {
    // already gone
  }
}

let interrupted: NodeJS.Signals | undefined

/** The signal that interrupted the run, if one did: the runner then stops and writes what it measured so far. */
export const interruption = (): NodeJS.Signals | undefined => interrupted

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted !== undefined) process.exit(130) // a second signal: leave at once
    interrupted = signal
    for (const pgid of live) killGroup(pgid, 'SIGTERM')
  })
}
process.on('exit', () => {
  for (const pgid of live) killGroup(pgid, 'SIGKILL')
})

export interface Started {
  readonly pid: number
  readonly child: ChildProcess
  readonly exited: Promise<number | null>
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the leader has exited. */
  stop(graceMs?: number): Promise<void>
}

/**
 * Starts `command` in a new process group. Its stdout and stderr are appended to `logFile` when given, and
 * otherwise left as `stdio` says.
 */
export function start(command: string, args: readonly string[], options: SpawnOptions & { logFile?: string }): Started {
  if (interrupted !== undefined) throw new Error(`interrupted by ${interrupted}`)
  const { logFile, ...spawnOptions } = options
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions, detached: true })
  if (child.pid === undefined) throw new Error(`cannot start ${command}`)
  const pid = child.pid
  live.add(pid)
  if (logFile !== undefined) {
    const log = createWriteStream(logFile, { flags: 'a' })
    child.stderr?.pipe(log)
    if (spawnOptions.stdio === undefined) child.stdout?.pipe(log)
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null))
    child.once('exit', (code) => resolve(code))
  }).finally(() => {
    live.delete(pid)
    // What the leader leaves in its group is ours to stop (scale.mjs's kuiperd when scale.mjs was stopped first).
    killGroup(pid, 'SIGKILL')
  })
  return {
    pid,
    child,
    exited,
    async stop(graceMs = 5000) {
      killGroup(pid, 'SIGTERM')
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}

export interface RunResult {
  readonly code: number | null
  readonly stdout: string
  readonly timedOut: boolean
}

/** Runs a command to its end, or stops its group after `timeoutMs`; keeps its stdout, appends stderr to `logFile`. */
export async function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number; logFile: string },
): Promise<RunResult> {
  const started = start(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    logFile: options.logFile,
  })
  let stdout = ''
  started.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    void started.stop()
  }, options.timeoutMs)
  const code = await started.exited
  clearTimeout(timer)
  return { code, stdout, timedOut }
}

/** The pid and every descendant's (from /proc/<pid>/task/<pid>/children). */
export function descendants(pid: number): number[] {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
    return [pid, ...kids.flatMap((k) => descendants(Number(k)))]
  } catch {
    return [pid]
  }
}

/** Resident set of a process tree in MB (MiB), as scale.mjs reads it: the sum of VmRSS. */
export function treeRssMB(pid: number): number {
  let kb = 0
  for (const p of descendants(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0)
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024
}

/** The executable names (/proc/<pid>/comm) in a process tree. */
export function treeCommands(pid: number): string[] {
  return descendants(pid).flatMap((p) => {
    try {
      return [readFileSync(`/proc/${p}/comm`, 'utf8').trim()]
    } catch {
      return []
    }
  })
}

/**
 * A free TCP port in 30000–60000: random, then checked by binding it on every interface, as kuiperd binds its REST
 * port (restIp 0.0.0.0). Another program may still take it before kuiperd does: the machine is shared.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 30000 + Math.floor(Math.random() * 30000)
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error('no free port found in 30000-60000')
}

/** Waits until `GET <base>/ping` answers 2xx; returns the milliseconds waited. */
export async function waitPing(base: string, deadlineMs: number, exited?: Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  let gone = false
  void exited?.then(() => (gone = true))
  while (performance.now() - t0 < deadlineMs) {
    if (gone) throw new Error('kuiperd exited before answering /ping')
    try {
      const r = await fetch(`${base}/ping`)
      if (r.ok) return performance.now() - t0
    } catch {
      // not listening yet
    }
    await sleep(20)
  }
  throw new Error(`kuiperd did not answer /ping within ${deadlineMs / 1000} s`)
}
