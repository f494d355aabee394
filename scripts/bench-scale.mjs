#!/usr/bin/env node
// `npm run bench:scale -- [scale.mjs flags]`: the shared many-rules probe (../shared/bench/scale.mjs) against this
// checkout's kuiperd. Defaults are the fan-out-free workload at a size that fits a few minutes
// (--rules 1000 --topics 1000 --rate 800 --secs 10 --mode dist); later flags override them. --mode dist runs the
// compiled dist/main.js, so it is built first when missing (`npm run build`). Prints scale.mjs's JSON line.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const project = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const bench = resolve(process.env.BENCH_DIR ?? join(project, '..', 'shared', 'bench'))
const scale = join(bench, 'scale.mjs')
if (!existsSync(scale)) {
  console.error(`bench:scale needs the shared bench harness at ${bench} (scale.mjs is missing there);`)
  console.error('check it out next to this project as ../shared/bench, or set BENCH_DIR to its folder.')
  process.exit(2)
}

const defaults = ['--rules', '1000', '--topics', '1000', '--rate', '800', '--secs', '10', '--mode', 'dist']
const given = process.argv.slice(2)
const flags = [...defaults]
for (let i = 0; i < given.length; i += 2) {
  const at = flags.indexOf(given[i])
  if (at >= 0 && given[i].startsWith('--')) flags[at + 1] = given[i + 1]
  else flags.push(...given.slice(i, i + 2))
}
const mode = flags[flags.indexOf('--mode') + 1]
if (mode === 'dist' && !existsSync(join(project, 'dist', 'main.js'))) {
  const built = spawnSync('npm', ['run', 'build'], { cwd: project, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
const run = spawnSync(process.execPath, [scale, '--project', project, ...flags], { stdio: 'inherit' })
process.exit(run.status ?? 1)
