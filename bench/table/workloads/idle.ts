// Idle kuiperd with no rules: the resident set 3 s after `/ping` answers (as scale.mjs reads it), for the compiled
// dist/main.js and for what `npm start` runs (package.json's start script, without npm's own process); for the latter
// also 15 s after, once V8's memory reducer has run (8 s after the last full GC it gives back the pages start-up left
// committed: 2–3 MB, which no collection kuiperd can ask for sooner on Node 20 does); and whether
// the latter loads TypeScript through a loader: a separate start with a probe preloaded that notes every
// module.register()/registerHooks() call (how tsx and other loaders install themselves) and loader flags.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureDist } from '../build.js'
import { atMost, figure, num } from '../figures.js'
import type { Figure } from '../figures.js'
import { freePort, sleep, start, treeRssMB, waitPing } from '../processes.js'
import type { RunContext, Workload } from '../workload.js'

interface IdleReading {
  readonly rssMB: number
  /** RSS 15 s after /ping, when asked for. */
  readonly settledMB?: number
  readonly pingMs: number
}

/** When the settled reading is taken, in ms after /ping. */
const SETTLED_AFTER_MS = 15_000

/** Starts kuiperd with `argv` (plus --data), calls `measure` once it answers /ping, and stops it. */
async function withKuiperd<T>(
  ctx: RunContext,
  command: string,
  argv: readonly string[],
  tag: string,
  measure: (pid: number, pingMs: number) => Promise<T>,
  extraEnv: Record<string, string> = {},
): Promise<T> {
  const data = mkdtempSync(join(tmpdir(), 'kuiper-bench-idle-'))
  const port = await freePort()
  const env = { ...process.env, KUIPER__BASIC__RESTPORT: String(port), KUIPER__BASIC__FILELOG: 'false', ...extraEnv }
  const kd = start(command, [...argv, '--data', data], {
    cwd: ctx.project,
    env,
    logFile: join(ctx.workDir, `${tag}.log`),
  })
  let exited = false
  void kd.exited.then(() => (exited = true))
  try {
    const result = await measure(kd.pid, await waitPing(`http://127.0.0.1:${port}`, 30_000, kd.exited))
    if (exited) throw new Error(`kuiperd exited while it was measured; see ${tag}.log`)
    return result
  } finally {
    await kd.stop()
    rmSync(data, { recursive: true, force: true })
  }
}

/** The tree's RSS 3 s after /ping, as scale.mjs reads its idle_rss_mb, and with `settled` 15 s after too. */
function idleOnce(
  ctx: RunContext,
  command: string,
  argv: readonly string[],
  tag: string,
  settled: boolean,
): Promise<IdleReading> {
  return withKuiperd(ctx, command, argv, tag, async (pid, pingMs) => {
    await sleep(3000)
    const rssMB = treeRssMB(pid)
    if (!settled) return { rssMB, pingMs }
    await sleep(SETTLED_AFTER_MS - 3000)
    return { rssMB, settledMB: treeRssMB(pid), pingMs }
  })
}

/** Preloaded with --import: writes the loader flags and who calls module.register()/registerHooks() to $KUIPER_BENCH_PROBE. */
const LOADER_PROBE = `import module from 'node:module'
import { writeFileSync } from 'node:fs'
const seen = process.execArgv.filter((a) => /^--(import|loader|experimental-loader|require)/.test(a))
const note = () => writeFileSync(process.env.KUIPER_BENCH_PROBE, JSON.stringify(seen))
for (const name of ['register', 'registerHooks']) {
  const original = module[name]
  if (typeof original !== 'function') continue
  module[name] = function (...args) {
    const caller = new Error().stack.split('\\n')[2] ?? ''
    const pkg = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(caller)?.[1] ?? caller.trim()
    seen.push(pkg + ' calls module.' + name + '()')
    note()
    return original.apply(this, args)
  }
}
module.syncBuiltinESMExports()
note()
`

/** The loaders the program installs (module.register calls, loader flags): none for compiled JavaScript. */
async function loadersOf(ctx: RunContext, command: string, argv: readonly string[]): Promise<string[]> {
  const probe = join(ctx.workDir, 'loader-probe.mjs')
  const seen = join(ctx.workDir, 'loader-probe.json')
  writeFileSync(probe, LOADER_PROBE)
  rmSync(seen, { force: true })
  const nodeOptions = `${process.env['NODE_OPTIONS'] ?? ''} --import ${pathToFileURL(probe).href}`.trim()
  await withKuiperd(ctx, command, argv, 'idle-probe', () => Promise.resolve(), {
    NODE_OPTIONS: nodeOptions,
    KUIPER_BENCH_PROBE: seen,
  })
  if (!existsSync(seen)) throw new Error('the loader probe did not run (NODE_OPTIONS --import)')
  return JSON.parse(readFileSync(seen, 'utf8')) as string[]
}

/** `idleStarts` readings. */
async function idleReadings(
  ctx: RunContext,
  command: string,
  argv: readonly string[],
  tag: string,
  settled = false,
): Promise<IdleReading[]> {
  const readings: IdleReading[] = []
  for (let i = 0; i < ctx.profile.idleStarts; i++) {
    readings.push(await idleOnce(ctx, command, argv, `${tag}-${i}`, settled))
  }
  return readings
}

/** The median of one reading over the starts, with its range and that start's /ping time. */
function rssFigure(
  id: string,
  label: string,
  readings: readonly IdleReading[],
  rss: (r: IdleReading) => number = (r) => r.rssMB,
): Figure {
  const sorted = [...readings].sort((a, b) => rss(a) - rss(b))
  const mid = sorted[Math.floor(sorted.length / 2)]
  const range = sorted.length > 1 ? `, ${num(rss(sorted[0]!), 1)}–${num(rss(sorted.at(-1)!), 1)}` : ''
  return figure(
    id,
    label,
    mid === undefined ? undefined : rss(mid),
    'MB',
    (v) => `${num(v, 1)} MB (median of ${sorted.length}${range}; /ping ${num(mid?.pingMs ?? NaN)} ms)`,
    atMost(60, '60 MB'),
  )
}

/** The start script's command line (e.g. `exec node bin/kuiperd`), run by sh as npm would, with our arguments. */
function startScript(project: string): string {
  const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }
  const script = pkg.scripts?.['start']
  if (script === undefined) throw new Error('package.json has no start script')
  return script
}

export const idle: Workload = {
  id: 'idle',
  title: () => 'idle kuiperd, no rules',
  needs: [],
  estimateS: (p) => (p.idleStarts * 2 + 1) * 6 + (p.idleStarts * (SETTLED_AFTER_MS - 3000)) / 1000,
  figureIds: ['rss_dist', 'rss_start', 'rss_start_settled', 'start_compiled'],
  async run(ctx) {
    await ensureDist(ctx.project, ctx.log)
    const dist = await idleReadings(
      ctx,
      process.execPath,
      ['-e', "import('./dist/main.js').then((m) => m.main(process.argv.slice(1)))", '--'],
      'idle-dist',
    )
    const script = startScript(ctx.project)
    const startArgv = ['-c', `${script} "$@"`, 'sh']
    const npmStart = await idleReadings(ctx, 'sh', startArgv, 'idle-start', true)
    const loaders = await loadersOf(ctx, 'sh', startArgv)
    const figures: Figure[] = [
      rssFigure('rss_dist', 'RSS, compiled `dist/main.js`', dist),
      rssFigure('rss_start', `RSS, what \`npm start\` runs (\`${script}\`)`, npmStart),
      rssFigure(
        'rss_start_settled',
        'the same, 15 s after `/ping` (V8 has given back what start-up left)',
        npmStart,
        (r) => r.settledMB ?? NaN,
      ),
      {
        ...figure(
          'start_compiled',
          '`npm start` runs compiled JavaScript',
          loaders.length === 0 ? 1 : 0,
          'yes/no',
          loaders.length === 0 ? 'yes (no module loader installed)' : `no: ${loaders.join(', ')}`,
        ),
        target: { op: '>=', value: 1, text: 'yes' },
        ok: loaders.length === 0,
      },
    ]
    return { figures, details: { dist, npmStart, loaders } }
  },
}
