// The shared bench folder (../shared/bench beside the checkout, or $BENCH_DIR) and a writable, installed copy of it
// for bench.mjs, whose targets (floor.mjs, Node-RED) need its own node_modules: the folder itself may be read-only.

import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** The shared bench folder when it holds scale.mjs and bench.mjs, else undefined. */
export function findSharedBench(project: string): string | undefined {
  const dir = resolve(process.env['BENCH_DIR'] ?? join(project, '..', 'shared', 'bench'))
  return existsSync(join(dir, 'scale.mjs')) && existsSync(join(dir, 'bench.mjs')) ? dir : undefined
}

export const SHARED_BENCH_MISSING =
  'needs the shared bench harness (../shared/bench beside this checkout, or BENCH_DIR): not found'

function copyFiles(from: string, to: string): void {
  for (const entry of readdirSync(from)) {
    if (entry === 'node_modules') continue
    cpSync(join(from, entry), join(to, entry), { recursive: true, force: true })
  }
  // The shared folder is read-only: make the copy writable (u+w) so that the next refresh can overwrite it.
  chmodWritable(to)
}

function chmodWritable(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    chmodSync(path, statSync(path).mode | 0o200)
    if (entry.isDirectory()) chmodWritable(path)
  }
}

/**
 * A writable copy of the shared bench in node_modules/.cache/kuiper-bench (one per version of its package-lock.json);
 * the files are refreshed from the shared folder every run. With `install`, its packages are installed (`npm ci`,
 * once): Node-RED needs them. Without, floor.mjs finds mqtt in this project's node_modules, above the copy.
 */
export function benchCopy(project: string, shared: string, install: boolean, log: (m: string) => void): string {
  const lock = readFileSync(join(shared, 'package-lock.json'))
  const hash = createHash('sha256').update(lock).digest('hex').slice(0, 12)
  const copy = join(project, 'node_modules', '.cache', 'kuiper-bench', `shared-bench-${hash}`)
  mkdirSync(copy, { recursive: true })
  if (install && !existsSync(join(copy, 'node_modules', 'node-red'))) {
    log(`installing a copy of ${shared} in ${copy} (npm ci, once)`)
    const staging = `${copy}.${process.pid}`
    rmSync(staging, { recursive: true, force: true })
    mkdirSync(dirname(staging), { recursive: true })
    mkdirSync(staging)
    copyFiles(shared, staging)
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: staging,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    if (r.status !== 0) throw new Error(`npm ci in the copy of the shared bench failed (exit ${r.status ?? r.signal})`)
    rmSync(join(copy, 'node_modules'), { recursive: true, force: true })
    renameSync(join(staging, 'node_modules'), join(copy, 'node_modules'))
    rmSync(staging, { recursive: true, force: true })
  }
  copyFiles(shared, copy)
  return copy
}
