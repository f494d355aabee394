// One kuiperd per data folder: `<data>/kuiperd.lock` holds the pid of the kuiperd using it (first line) and that
// process' identity (boot id and start time, on Linux), so a lock left by a crash or a power cut is taken over even
// when the pid has since been reused by another process.

import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { KuiperError } from '../core/errors.js'

export const LOCK_FILE = 'kuiperd.lock'

export interface DataDirLock {
  readonly file: string
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void
}

/** Thrown when a live process holds the folder; `holder` is its pid. */
export class DataDirLockedError extends KuiperError {
  constructor(
    readonly dataDir: string,
    readonly holder: number,
    readonly file: string,
  ) {
    super(
      'CONFLICT',
      `data folder ${dataDir} is in use by another kuiperd (pid ${holder}, lock file ${file}): ` +
        'stop that one first, or start this one with another --data folder',
    )
  }
}

/**
 * Locks `dataDir` for this process (creating the folder). A lock of a dead process, or of a pid now used by another
 * process, is taken over; a live holder throws DataDirLockedError.
 */
export function lockDataDir(dataDir: string, pid: number = process.pid): DataDirLock {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, LOCK_FILE)
  const content = `${pid}\n${processIdentity(pid) ?? ''}\n`
  // Two tries: the second after removing a stale lock. Creating with `wx` is atomic, so of two processes taking
  // over the same stale lock only one creates the new one.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, content, { flag: 'wx' })
      return lockHandle(file, content)
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'EEXIST') throw err
    }
    const holder = readHolder(file)
    if (holder !== undefined && holder.pid !== pid && isAlive(holder.pid, holder.identity)) {
      throw new DataDirLockedError(dataDir, holder.pid, file)
    }
    removeIfUnchanged(file, holder?.raw)
  }
  const holder = readHolder(file)
  throw new DataDirLockedError(dataDir, holder?.pid ?? 0, file)
}

function lockHandle(file: string, content: string): DataDirLock {
  let released = false
  return {
    file,
    release: () => {
      if (released) return
      released = true
      removeIfUnchanged(file, content)
    },
  }
}

interface Holder {
  readonly pid: number
  readonly identity: string | undefined
  readonly raw: string
}

function readHolder(file: string): Holder | undefined {
  let raw: string
  try {
    raw = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  const [first, second] = raw.split('\n')
  const pid = Number(first?.trim())
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  const identity = second?.trim()
  return { pid, identity: identity === '' ? undefined : identity, raw }
}

/** Removes `file` when it still holds `expected` (undefined: whatever it holds, e.g. garbage). */
function removeIfUnchanged(file: string, expected: string | undefined): void {
  try {
    if (expected !== undefined && readFileSync(file, 'utf8') !== expected) return
    unlinkSync(file)
  } catch {
    // Gone already.
  }
}

/** Whether `pid` runs and is the process that wrote the lock (same identity, where one was recorded). */
function isAlive(pid: number, identity: string | undefined): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    // EPERM: it exists, under another user.
    if ((err as { code?: unknown }).code !== 'EPERM') return false
  }
  if (identity === undefined) return true
  const now = processIdentity(pid)
  return now === undefined || now === identity
}

/** `<boot id>/<start time in clock ticks>` from /proc (Linux); undefined elsewhere. */
function processIdentity(pid: number): string | undefined {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 22 (starttime), counted after the command name, which may hold spaces and parentheses.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
    return start === undefined ? undefined : `${boot}/${start}`
  } catch {
    return undefined
  }
}
