// Runs one build tool to completion, bounded, and throws with its output when it fails: the package build's steps
// (npm, tsc, dpkg-deb, rpmbuild) are all such commands.

import { spawnSync } from 'node:child_process'

export interface RunOptions {
  readonly cwd?: string
  readonly env?: NodeJS.ProcessEnv
  /** Default 10 minutes. */
  readonly timeoutMs?: number
}

/** Runs `cmd args`, returns its stdout; throws naming the command, with its output, when it does not exit 0. */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): string {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: opts.timeoutMs ?? 10 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  })
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n')
    throw new Error(`${cmd} ${args.join(' ')} failed (${why})${output ? `:\n${output}` : ''}`)
  }
  return r.stdout
}
