// `npm run package`: the .deb and the .rpm of this checkout for this machine's architecture. A build is cached by
// the hash of what it is made from (inputs.ts), so running it again without changes, or the packaging tests after
// it, takes seconds; the Node runtime and the production node_modules have caches of their own.

import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { targetArch } from './arch.js'
import type { TargetArch } from './arch.js'
import { buildDeb } from './deb.js'
import { inputHash } from './inputs.js'
import { buildRpm, rpmVersion } from './rpm.js'
import { NODE_RUNTIME_VERSION, nodeRuntime, productionModules } from './runtime.js'
import { stageTree } from './stage.js'

export interface PackageOptions {
  readonly repo: string
  /** Where the two packages are copied to. */
  readonly outDir: string
  /** Default: KUIPER_PACKAGE_CACHE, else $XDG_CACHE_HOME/kuiper-package, else ~/.cache/kuiper-package. */
  readonly cacheDir?: string
  /** Default: package.json's. */
  readonly version?: string
  readonly log?: (line: string) => void
}

export interface BuiltPackages {
  readonly deb: string
  readonly rpm: string
  readonly version: string
  readonly arch: TargetArch
  readonly nodeVersion: string
  /** True when both came from the cache. */
  readonly cached: boolean
  readonly seconds: number
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['KUIPER_PACKAGE_CACHE']) return env['KUIPER_PACKAGE_CACHE']
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'kuiper-package')
}

/** Cached builds kept (the newest); older ones are deleted, as each holds both packages (about 120 MiB). */
const KEEP_BUILDS = 3

function pruneCache(cacheDir: string, prefix: string, keep: number): void {
  const entries = readdirSync(cacheDir)
    .filter((e) => e.startsWith(prefix))
    .map((e) => ({ path: join(cacheDir, e), mtime: statSync(join(cacheDir, e)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)
  for (const old of entries.slice(keep)) rmSync(old.path, { recursive: true, force: true })
}

export function packageFileNames(version: string, arch: TargetArch): { deb: string; rpm: string } {
  return { deb: `kuiper_${version}_${arch.deb}.deb`, rpm: `kuiper-${rpmVersion(version)}-1.${arch.rpm}.rpm` }
}

export function buildPackages(opts: PackageOptions): BuiltPackages {
  const started = Date.now()
  const log = opts.log ?? ((line: string) => console.error(`package: ${line}`))
  const arch = targetArch()
  const version =
    opts.version ?? (JSON.parse(readFileSync(join(opts.repo, 'package.json'), 'utf8')) as { version: string }).version
  const cacheDir = opts.cacheDir ?? defaultCacheDir()
  const names = packageFileNames(version, arch)
  const hash = inputHash(opts.repo, [NODE_RUNTIME_VERSION, arch.node, version]).slice(0, 16)
  const cached = join(cacheDir, `packages-${hash}`)
  const hit = existsSync(join(cached, names.deb)) && existsSync(join(cached, names.rpm))
  if (hit) utimesSync(cached, new Date(), new Date())
  else {
    const runtime = nodeRuntime(cacheDir, arch, log)
    const modules = productionModules(opts.repo, cacheDir, runtime, arch, log)
    const work = mkdtempSync(join(cacheDir, 'tmp-build-'))
    try {
      const stage = join(work, 'root')
      log(`staging version ${version} (${arch.deb}) with node ${NODE_RUNTIME_VERSION}`)
      stageTree({ repo: opts.repo, stage, version, runtime, modules })
      const out = join(work, 'out')
      mkdirSync(out)
      log('dpkg-deb')
      buildDeb({ repo: opts.repo, stage, version, arch, outFile: join(out, names.deb) })
      log('rpmbuild')
      buildRpm({ repo: opts.repo, stage, version, arch, work: join(work, 'rpm'), outFile: join(out, names.rpm) })
      rmSync(cached, { recursive: true, force: true })
      mkdirSync(cached, { recursive: true })
      for (const f of [names.deb, names.rpm]) copyFileSync(join(out, f), join(cached, f))
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
    pruneCache(cacheDir, 'packages-', KEEP_BUILDS)
    pruneCache(cacheDir, 'modules-', KEEP_BUILDS)
  }
  mkdirSync(opts.outDir, { recursive: true })
  const deb = join(opts.outDir, names.deb)
  const rpm = join(opts.outDir, names.rpm)
  copyFileSync(join(cached, names.deb), deb)
  copyFileSync(join(cached, names.rpm), rpm)
  const seconds = (Date.now() - started) / 1000
  for (const f of [deb, rpm]) log(`${f}: ${(statSync(f).size / 1048576).toFixed(1)} MiB`)
  return { deb, rpm, version, arch, nodeVersion: NODE_RUNTIME_VERSION, cached: hit, seconds }
}
