// What the table's header says about where and on what it ran: date, commit, machine, load average.

import { spawnSync } from 'node:child_process'
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os'

export interface Machine {
  readonly cpus: number
  readonly cpuModel: string
  readonly ramGiB: number
  readonly kernel: string
  readonly node: string
}

export interface Commit {
  readonly sha: string
  readonly branch: string
  /** Tracked files differ from the commit. */
  readonly dirty: boolean
}

/** The 1, 5 and 15 minute load averages. */
export type Load = readonly [number, number, number]

export function machine(): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: `Linux ${release()}`,
    node: process.version,
  }
}

export function load(): Load {
  const [a = 0, b = 0, c = 0] = loadavg().map((x) => Math.round(x * 100) / 100)
  return [a, b, c]
}

function git(project: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd: project, encoding: 'utf8' })
  return r.status === 0 ? r.stdout.trim() : ''
}

export function commit(project: string): Commit {
  return {
    sha: git(project, 'rev-parse', '--short', 'HEAD') || 'unknown',
    branch: git(project, 'rev-parse', '--abbrev-ref', 'HEAD') || 'unknown',
    dirty: git(project, 'status', '--porcelain', '--untracked-files=no') !== '',
  }
}
