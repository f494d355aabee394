// The compiled program the launchers (kuiperd.js, kuiper.js) run: dist/, built from src/ by `npm run build` (which
// `npm install` runs through the `prepare` script), and the web console dist/console/, built from console/ by
// scripts/build-console.mjs. A dist/ that is missing or older than its sources (a checkout where the sources changed
// since) is built here first, with the TypeScript compiler and esbuild the checkout installed; one build at a time
// (a lock folder), the others wait for it. KUIPER_FROM_SOURCE=1 runs src/ through tsx instead (development).

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const srcDir = `${root}src`
const distDir = `${root}dist`
/** Written by every tsc build: its time is the build's. */
const stamp = `${distDir}/main.js`
const consoleSrcDir = `${root}console`
/** Written by every console build. */
const consoleStamp = `${distDir}/console/index.html`
const lockDir = `${root}.dist-build.lock`
const LOCK_WAIT_MS = 300_000

/** Newest modification time (ms) of the files under `dir`. */
function newest(dir) {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

/** Why dist/ must be built, or undefined when it is up to date (or there are no sources to build it from). */
export function distOutdated() {
  if (!existsSync(srcDir)) return undefined
  if (!existsSync(stamp)) return 'dist/ is missing'
  const inputs = Math.max(
    newest(srcDir),
    statSync(`${root}tsconfig.json`).mtimeMs,
    statSync(`${root}tsconfig.build.json`).mtimeMs,
  )
  return inputs > statSync(stamp).mtimeMs ? 'src/ changed since dist/ was built' : undefined
}

/** Why dist/console/ must be built, or undefined when it is up to date (or there is no console/ to build it from). */
export function consoleOutdated() {
  if (!existsSync(consoleSrcDir)) return undefined
  if (!existsSync(consoleStamp)) return 'dist/console/ is missing'
  const inputs = Math.max(newest(consoleSrcDir), statSync(`${root}scripts/build-console.mjs`).mtimeMs)
  return inputs > statSync(consoleStamp).mtimeMs ? 'console/ changed since dist/console/ was built' : undefined
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Builds dist/ and dist/console/ when outdated; throws with the build's output when it fails or cannot run. */
export function ensureDist(log = (m) => process.stderr.write(`${m}\n`)) {
  const reason = distOutdated() ?? consoleOutdated()
  if (reason === undefined) return
  let tsc
  try {
    tsc = createRequire(`${root}package.json`).resolve('typescript/bin/tsc')
  } catch {
    throw new Error(`${reason} and the TypeScript compiler is not installed: run npm install, then npm run build`)
  }
  // One build at a time: mkdir is atomic; a lock older than the wait is a build that died.
  const t0 = Date.now()
  for (;;) {
    try {
      mkdirSync(lockDir)
      break
    } catch (err) {
      if (err.code !== 'EEXIST') throw err
      if (Date.now() - statSync(lockDir).mtimeMs > LOCK_WAIT_MS) rmSync(lockDir, { recursive: true, force: true })
      else sleep(200)
      if (Date.now() - t0 > LOCK_WAIT_MS) throw new Error(`waited ${LOCK_WAIT_MS / 1000} s for another build of dist/`)
    }
  }
  try {
    // Another process may have built them meanwhile.
    const reason = distOutdated()
    if (reason !== undefined) buildProgram(tsc, reason, log)
    const consoleReason = consoleOutdated()
    if (consoleReason !== undefined) buildConsole(consoleReason, log)
  } finally {
    rmSync(lockDir, { recursive: true, force: true })
  }
}

function buildProgram(tsc, reason, log) {
  log(`building dist/ (${reason})...`)
  // The same two passes as `npm run build`: the JavaScript without comments (what kuiperd loads), then the
  // declarations again with their doc comments (what plugin authors read).
  const passes = [
    [tsc, '-p', `${root}tsconfig.build.json`],
    [tsc, '-p', `${root}tsconfig.build.json`, '--emitDeclarationOnly', '--removeComments', 'false'],
  ]
  for (const args of passes) {
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' })
    if (r.status === 0) continue
    rmSync(stamp, { force: true }) // so that the next start builds again instead of running a half-checked dist/
    throw new Error(`the build of dist/ failed (npm run build):\n${r.stdout}${r.stderr}${r.error?.message ?? ''}`)
  }
}

function buildConsole(reason, log) {
  log(`building dist/console/ (${reason})...`)
  const r = spawnSync(process.execPath, [`${root}scripts/build-console.mjs`], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0) {
    rmSync(consoleStamp, { force: true })
    throw new Error(
      `the build of dist/console/ failed (npm run build):\n${r.stdout}${r.stderr}${r.error?.message ?? ''}`,
    )
  }
}

/**
 * The program module: dist/<rel>.js (built first when outdated), or src/<rel>.ts through tsx with
 * KUIPER_FROM_SOURCE=1.
 */
export async function importProgram(rel) {
  if (process.env.KUIPER_FROM_SOURCE === '1') {
    const { tsImport } = await import('tsx/esm/api')
    return tsImport(`../src/${rel}.ts`, import.meta.url)
  }
  ensureDist()
  return import(new URL(`../dist/${rel}.js`, import.meta.url).href)
}
