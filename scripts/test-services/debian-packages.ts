// Finds a server's or tool's binary, installing its Debian package with apt-get when it is missing (the machines
// this project runs on are Debian and the tests run as root there), so a fresh machine needs nothing done by hand.

import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/** Debian puts daemons in sbin, which a non-root PATH often lacks. */
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']

/** apt-get waits this long for a dpkg lock held by another install (e.g. a second test run) before failing. */
const APT_LOCK_TIMEOUT_S = 300
/** Bound of one apt-get command (update, or an install with its downloads). */
const APT_TIMEOUT_MS = 10 * 60_000

/** The absolute path of `name` on PATH or in the usual binary folders, or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS]
  for (const dir of dirs) {
    const p = join(dir, name)
    try {
      accessSync(p, constants.X_OK)
      return p
    } catch {
      // not in this folder
    }
  }
  return undefined
}

let aptUpdated = false

function apt(args: readonly string[], log: (line: string) => void): void {
  log(`apt-get ${args.join(' ')}`)
  const r = spawnSync('apt-get', ['-o', `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: APT_TIMEOUT_MS,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`
    throw new Error(`apt-get ${args.join(' ')} failed (${why}):\n${(r.stdout ?? '') + (r.stderr ?? '')}`.trimEnd())
  }
}

/**
 * The path of `binary`, after installing the Debian package `pkg` when it is not there yet (apt-get update once per
 * process first). Throws a message naming the package when that cannot be done (not root, no apt-get, no network).
 */
export function ensureBinary(binary: string, pkg: string, log: (line: string) => void): string {
  const found = findBinary(binary)
  if (found) return found
  const hint = `${binary} is missing: install the Debian package ${pkg} (apt-get install ${pkg})`
  if (!findBinary('apt-get')) throw new Error(`${hint}; there is no apt-get here to do it`)
  if (process.getuid?.() !== 0) throw new Error(`${hint}; installing it needs root`)
  try {
    if (!aptUpdated) {
      apt(['update'], log)
      aptUpdated = true
    }
    apt(['install', '-y', '--no-install-recommends', pkg], log)
  } catch (err) {
    throw new Error(`${hint}; installing it failed: ${err instanceof Error ? err.message : String(err)}`)
  }
  const installed = findBinary(binary)
  if (!installed) throw new Error(`${hint}; the package installed, but no ${binary} binary was found`)
  return installed
}
