// scale.mjs --mode dist and the idle `dist` row run the compiled dist/main.js: build it when it is missing or older
// than any source file, once per run.

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** The newest modification time (ms) of the files under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** Why dist/ must be (re)built, or undefined when it is current. */
export function distStaleness(project: string): string | undefined {
  const main = join(project, 'dist', 'main.js')
  if (!existsSync(main)) return 'dist/main.js is missing'
  const built = statSync(main).mtimeMs
  const inputs = ['package.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => statSync(join(project, f)).mtimeMs)
  if (Math.max(newestMtime(join(project, 'src')), ...inputs) > built) return 'src/ is newer than dist/'
  return undefined
}

let built: Promise<void> | undefined

/** Runs `npm run build` when dist/ is stale (at most once per run). */
export function ensureDist(project: string, log: (m: string) => void): Promise<void> {
  built ??= (async () => {
    const why = distStaleness(project)
    if (why === undefined) return
    log(`building dist/ (${why}): npm run build`)
    const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: project, stdio: ['ignore', 'inherit', 'inherit'] })
    if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.signal})`)
  })()
  return built
}
