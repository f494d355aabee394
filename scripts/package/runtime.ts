// What the package carries to run on a machine without Node.js or build tools: a Node runtime from the npm registry
// (node-linux-<arch>, which brings the headers native modules build against, offline) and the production
// node_modules installed and built with that runtime. Both are cached: the runtime by version, the modules by the
// lockfile and runtime they were built from.

import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { delimiter, join } from 'node:path'
import type { TargetArch } from './arch.js'
import { run } from './run.js'

/** The Node.js the packages ship: the current LTS line (Active LTS until October 2026, maintained to April 2028). */
export const NODE_RUNTIME_VERSION = '24.22.3'

/** Moves a finished temp folder into its cache place; another build that got there first wins. */
function publish(tmp: string, dest: string): void {
  try {
    renameSync(tmp, dest)
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    if (!existsSync(dest)) throw err
  }
}

/** The folder of node-linux-<arch>@version (bin/node, include/node, LICENSE), installed into the cache once. */
export function nodeRuntime(cacheDir: string, arch: TargetArch, log: (line: string) => void): string {
  const name = `node-linux-${arch.node}`
  const dest = join(cacheDir, `${name}-${NODE_RUNTIME_VERSION}`)
  const dir = join(dest, 'node_modules', name)
  if (existsSync(join(dir, 'bin', 'node'))) return dir
  log(`fetching ${name}@${NODE_RUNTIME_VERSION} from the npm registry`)
  mkdirSync(cacheDir, { recursive: true })
  const tmp = mkdtempSync(join(cacheDir, 'tmp-runtime-'))
  run('npm', [
    'install',
    '--prefix',
    tmp,
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `${name}@${NODE_RUNTIME_VERSION}`,
  ])
  publish(tmp, dest)
  if (!existsSync(join(dir, 'bin', 'node'))) throw new Error(`${name}@${NODE_RUNTIME_VERSION} has no bin/node`)
  return dir
}

/** Removes what the program never loads at run time: build leftovers of native modules, other platforms' binaries. */
function prune(modules: string, arch: TargetArch): void {
  const sqlite = join(modules, 'better-sqlite3')
  for (const p of ['deps', 'src', 'binding.gyp']) rmSync(join(sqlite, p), { recursive: true, force: true })
  const release = join(sqlite, 'build', 'Release')
  for (const e of readdirSync(join(sqlite, 'build')))
    if (e !== 'Release') rmSync(join(sqlite, 'build', e), { recursive: true })
  for (const e of readdirSync(release)) if (e !== 'better_sqlite3.node') rmSync(join(release, e), { recursive: true })
  // zeromq ships prebuilt binaries of every platform: keep this one's (glibc and musl builds of several ABIs).
  const zmq = join(modules, 'zeromq')
  for (const p of ['src', 'CMakeLists.txt', 'vcpkg.json', 'script'])
    rmSync(join(zmq, p), { recursive: true, force: true })
  for (const os of readdirSync(join(zmq, 'build'))) {
    if (os === 'manifest.json') continue
    if (os !== 'linux') rmSync(join(zmq, 'build', os), { recursive: true })
    else
      for (const a of readdirSync(join(zmq, 'build', os)))
        if (a !== arch.node) rmSync(join(zmq, 'build', os, a), { recursive: true })
  }
  rmSync(join(modules, '.bin'), { recursive: true, force: true })
}

/**
 * The production node_modules (`npm ci --omit=dev`) with native modules built against `runtime`, from the cache
 * when this lockfile and runtime were built before.
 */
export function productionModules(
  repo: string,
  cacheDir: string,
  runtime: string,
  arch: TargetArch,
  log: (line: string) => void,
): string {
  const key = createHash('sha256')
    .update(readFileSync(join(repo, 'package-lock.json')))
    .update(readFileSync(join(repo, 'package.json')))
    .update(`${NODE_RUNTIME_VERSION} ${arch.node} ${readFileSync(new URL(import.meta.url))}`)
    .digest('hex')
    .slice(0, 16)
  const dest = join(cacheDir, `modules-${key}`)
  if (existsSync(join(dest, 'node_modules'))) {
    // Marked as used, so that the cache pruning (build.ts) keeps it.
    utimesSync(dest, new Date(), new Date())
    return join(dest, 'node_modules')
  }
  log(`npm ci --omit=dev with node ${NODE_RUNTIME_VERSION} (native modules built for it)`)
  mkdirSync(cacheDir, { recursive: true })
  const tmp = mkdtempSync(join(cacheDir, 'tmp-modules-'))
  copyFileSync(join(repo, 'package-lock.json'), join(tmp, 'package-lock.json'))
  // Without the project's own scripts: `prepare` builds dist/ from sources that are not here (the dependencies'
  // install scripts, which build the native modules, still run).
  const { scripts: _scripts, ...manifest } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >
  writeFileSync(join(tmp, 'package.json'), JSON.stringify(manifest, null, 2))
  run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: tmp,
    // That node first on PATH (npm and the install scripts run on it); node-gyp builds against its headers.
    env: {
      ...process.env,
      PATH: `${join(runtime, 'bin')}${delimiter}${process.env['PATH'] ?? ''}`,
      npm_config_nodedir: runtime,
    },
  })
  prune(join(tmp, 'node_modules'), arch)
  publish(tmp, dest)
  return join(dest, 'node_modules')
}
