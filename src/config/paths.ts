// Where kuiperd finds etc/, data/, log/ and plugins/: 1.0's relative mode (the `KuiperBaseKey` env var or the
// working directory, walking up the parents until the folder exists), with `--config` / `--data` taking precedence.

import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const KUIPER_BASE_KEY = 'KuiperBaseKey'

export interface KuiperPaths {
  /** The folder the search started from. */
  readonly base: string
  /** etc/ (kuiper.yaml, multilingual/, sources/...). */
  readonly etcDir: string
  /** The kuiper.yaml read (it may not exist: built-in defaults then). */
  readonly configFile: string
  readonly dataDir: string
  readonly logDir: string
  readonly pluginsDir: string
}

export interface PathOptions {
  /** `--config <file>`: the kuiper.yaml to read; its folder is the etc dir. */
  readonly config?: string
  /** `--data <dir>`. */
  readonly data?: string
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly cwd?: string
}

/** The etc/ shipped with this package (used when no etc/ is found from the base). */
export function bundledEtcDir(): string {
  return fileURLToPath(new URL('../../etc', import.meta.url))
}

/** 1.0's GetLoc: `<dir>/<sub>` for the first dir from `start` upwards where it exists. */
export function findUp(start: string, sub: string): string | undefined {
  let dir = resolve(start)
  for (;;) {
    const candidate = join(dir, sub)
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

export function resolvePaths(opts: PathOptions = {}): KuiperPaths {
  const env = opts.env ?? process.env
  const cwd = opts.cwd ?? process.cwd()
  const fromEnv = env[KUIPER_BASE_KEY]
  const base = resolve(cwd, fromEnv !== undefined && fromEnv !== '' ? fromEnv : '.')
  let etcDir: string
  let configFile: string
  if (opts.config !== undefined) {
    configFile = resolve(cwd, opts.config)
    etcDir = dirname(configFile)
  } else {
    etcDir = findUp(base, 'etc') ?? bundledEtcDir()
    configFile = join(etcDir, 'kuiper.yaml')
  }
  return {
    base,
    etcDir,
    configFile,
    dataDir: opts.data !== undefined ? resolve(cwd, opts.data) : (findUp(base, 'data') ?? join(base, 'data')),
    logDir: findUp(base, 'log') ?? join(base, 'log'),
    pluginsDir: findUp(base, 'plugins') ?? join(base, 'plugins'),
  }
}
