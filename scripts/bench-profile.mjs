#!/usr/bin/env node
// Profiles kuiperd with many rules: where the time and the bytes go (docs/performance.md is based on it).
//   node scripts/bench-profile.mjs [--rules 1000] [--topics 1000] [--rate 800] [--secs 10] [--port 39082]
//        [--broker mqtt://127.0.0.1:1883] [--out /tmp/kuiper-prof] [--restart] [--plain] [--dist dist]
// Starts the compiled dist/main.js (npm run build first) with --cpu-prof, --heap-prof and --trace-gc, creates the
// streams and rules the way ../shared/bench/scale.mjs does (rule i: SELECT temperature FROM demo{i%T} WHERE
// temperature > {i%100}, nop sink), publishes --rate msg/s round-robin over the topics for --secs (no REST calls
// meanwhile, unlike scale.mjs, so the CPU share is the data plane's), calls GET /rules 20 times, and stops kuiperd
// with SIGTERM so V8 writes both profiles. With --restart, a second kuiperd is profiled from spawn until every
// persisted rule is Running. The CPU profile is cut into those phases (create, load, list, restart) and each is
// summarised with ../shared/bench/profsum.mjs (cpu-<phase>.txt); the heap profile (what is still allocated at exit,
// sampled every 32 KiB) is summarised by allocation site (heap-exit.txt). phases.json holds the figures.
// --plain runs the same workload without the profilers (their sampling thread costs CPU of its own): use it for the
// CPU share and RSS figures, and the profiled run for where the time and the bytes go.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const { values: opt } = parseArgs({
  options: {
    rules: { type: 'string', default: '1000' },
    topics: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '800' },
    secs: { type: 'string', default: '10' },
    port: { type: 'string', default: '39082' },
    broker: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
    out: { type: 'string', default: join(tmpdir(), 'kuiper-prof') },
    restart: { type: 'boolean', default: false },
    plain: { type: 'boolean', default: false },
    // The compiled build to run (a folder of the project holding main.js): compare two builds back to back.
    dist: { type: 'string', default: 'dist' },
  },
})
const project = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const profsum = resolve(process.env.BENCH_DIR ?? join(project, '..', 'shared', 'bench'), 'profsum.mjs')
const [N, T, RATE, SECS] = [opt.rules, opt.topics, opt.rate, opt.secs].map(Number)
const base = `http://127.0.0.1:${opt.port}`
const out = resolve(opt.out)
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const data = mkdtempSync(join(tmpdir(), 'kprof-data-'))
const topic = `prof/${process.pid}`
const mqtt = createRequire(join(project, 'package.json'))('mqtt')
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
// V8's profile timestamps and process.hrtime both read CLOCK_MONOTONIC, in µs and ns.
const nowUs = () => Number(process.hrtime.bigint() / 1000n)
const rssMB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024
const cpuTicks = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return Number(f[11]) + Number(f[12])
}

function startKuiperd(tag) {
  const dir = join(out, tag)
  mkdirSync(dir)
  const kd = spawn(
    process.execPath,
    [
      ...(opt.plain
        ? []
        : [
            '--cpu-prof',
            `--cpu-prof-dir=${dir}`,
            '--heap-prof',
            `--heap-prof-dir=${dir}`,
            '--heap-prof-interval=32768',
          ]),
      '--trace-gc',
      '-e',
      `import(${JSON.stringify(pathToFileURL(join(resolve(project, opt.dist), 'main.js')).href)}).then(m => m.main(['--data', ${JSON.stringify(data)}]))`,
    ],
    {
      cwd: project,
      env: { ...process.env, KUIPER__BASIC__RESTPORT: opt.port, KUIPER__BASIC__FILELOG: 'false' },
      stdio: ['ignore', openSync(join(dir, 'gc.log'), 'w'), 'inherit'],
    },
  )
  return { kd, dir, exited: new Promise((res) => kd.once('exit', res)) }
}
async function stop({ kd, exited }) {
  kd.kill('SIGTERM')
  await Promise.race([exited, sleep(60000)])
  if (kd.exitCode === null && kd.signalCode === null) kd.kill('SIGKILL')
}
async function waitPing() {
  for (let t0 = Date.now(); ; await sleep(20)) {
    if (Date.now() - t0 > 120000) throw new Error('kuiperd did not answer /ping')
    if (
      await fetch(`${base}/ping`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return
  }
}
async function post(path, body) {
  const r = await fetch(base + path, { method: 'POST', body: JSON.stringify(body) })
  if (r.status >= 300) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`)
}

const phases = {} // name -> { start_us, end_us, ...figures }
const figures = { rules: N, topics: T, rate: RATE, secs: SECS }
let first = startKuiperd('run')
let second
try {
  await waitPing()
  await sleep(2000)
  figures.idle_rss_mb = +rssMB(first.kd.pid).toFixed(1)
  phases.create = { start_us: nowUs() }
  for (let j = 0; j < T; j++) {
    const sql = `CREATE STREAM demo${j} (temperature FLOAT, humidity BIGINT) WITH (DATASOURCE="${topic}/${j}", FORMAT="JSON")`
    await post('/streams', { sql })
  }
  for (let i = 0; i < N; i++) {
    const sql = `SELECT temperature FROM demo${i % T} WHERE temperature > ${i % 100}`
    await post('/rules', { id: `r${i}`, sql, actions: [{ nop: {} }] })
  }
  phases.create.end_us = nowUs()
  await sleep(3000)
  figures.rss_rules_mb = +rssMB(first.kd.pid).toFixed(1)
  const c = mqtt.connect(opt.broker)
  await new Promise((res, rej) => (c.once('connect', res), c.once('error', rej)))
  const ticks0 = cpuTicks(first.kd.pid)
  phases.load = { start_us: nowUs() }
  const w0 = performance.now()
  let sent = 0
  while (performance.now() - w0 < SECS * 1000) {
    const due = Math.floor(((performance.now() - w0) / 1000) * RATE)
    for (; sent < due; sent++) {
      c.publish(`${topic}/${sent % T}`, JSON.stringify({ temperature: (sent * 7) % 120, humidity: sent % 100 }))
    }
    await sleep(5)
  }
  await sleep(500) // let the last messages through before the window closes
  phases.load.end_us = nowUs()
  figures.sent = sent
  figures.cpu_pct_of_core_no_rest = +(
    (((cpuTicks(first.kd.pid) - ticks0) / 100) * 1e8) /
    (phases.load.end_us - phases.load.start_us)
  ).toFixed(1)
  figures.rss_after_load_mb = +rssMB(first.kd.pid).toFixed(1)
  c.end(true)
  phases.list = { start_us: nowUs() }
  const listMs = []
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now()
    await (await fetch(`${base}/rules`)).text()
    listMs.push(performance.now() - t0)
  }
  phases.list.end_us = nowUs()
  figures.list_ms_median = +listMs.sort((a, b) => a - b)[10].toFixed(1)
  await stop(first)
  if (opt.restart) {
    phases.restart = { start_us: nowUs() }
    second = startKuiperd('restart')
    await waitPing()
    figures.restart_ping_ms = +((nowUs() - phases.restart.start_us) / 1000).toFixed(0)
    for (;;) {
      const rules = await (await fetch(`${base}/rules`)).json()
      if (rules.length === N && rules.every((x) => x.status === 'Running')) break
      if (nowUs() - phases.restart.start_us > 120e6) throw new Error('rules not all running after 120 s')
      await sleep(100)
    }
    phases.restart.end_us = nowUs()
    figures.restart_all_running_ms = +((phases.restart.end_us - phases.restart.start_us) / 1000).toFixed(0)
    await stop(second)
  }
} finally {
  await stop(first)
  if (second) await stop(second)
  rmSync(data, { recursive: true, force: true })
}

/** Keeps only the samples taken inside [start, end] (V8 node ids stay valid; the tree is left whole). */
function cut(cpu, { start_us, end_us }) {
  const samples = []
  const timeDeltas = []
  let t = cpu.startTime
  let last = null
  for (let i = 0; i < cpu.samples.length; i++) {
    t += cpu.timeDeltas[i]
    if (t < start_us || t > end_us) continue
    samples.push(cpu.samples[i])
    timeDeltas.push(last === null ? 0 : t - last)
    last = t
  }
  return { ...cpu, samples, timeDeltas, startTime: start_us, endTime: end_us }
}
writeFileSync(join(out, 'phases.json'), JSON.stringify({ figures, phases }, null, 1))
console.log(JSON.stringify(figures))
if (opt.plain) process.exit(0)

const profileIn = (dir, ext) =>
  join(
    dir,
    readdirSync(dir).find((f) => f.endsWith(ext)),
  )
for (const [name, window] of Object.entries(phases)) {
  const dir = name === 'restart' ? second.dir : first.dir
  const cpu = JSON.parse(readFileSync(profileIn(dir, '.cpuprofile'), 'utf8'))
  const file = join(out, `${name}.cpuprofile`)
  writeFileSync(file, JSON.stringify(cut(cpu, window)))
  const summary = spawnSync(process.execPath, [profsum, file, '--top', '40'], { encoding: 'utf8' })
  writeFileSync(join(out, `cpu-${name}.txt`), summary.stdout + summary.stderr)
}

// Heap: bytes still allocated when the first kuiperd exits (rules stopped, not yet collected), by allocation site.
const heapFile = profileIn(first.dir, '.heapprofile')
const heap = JSON.parse(readFileSync(heapFile, 'utf8'))
const bySite = new Map()
const byBucket = new Map()
let total = 0
const shortUrl = (url) => url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, '')
const site = (f) => `${f.functionName || '(anonymous)'}  ${f.url ? shortUrl(f.url) + ':' + (f.lineNumber + 1) : ''}`
const bucket = (f) => {
  const m = f.url?.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)
  if (m) return m[m.length - 1].replace('node_modules/', '')
  if (f.url?.includes('/dist/')) return 'kuiper ' + shortUrl(f.url).split('/').slice(0, -1).join('/')
  return f.url ? (f.url.startsWith('node:') ? f.url : f.url.split('/').pop()) : '(native/builtin)'
}
;(function walk(n) {
  if (n.selfSize) {
    total += n.selfSize
    bySite.set(site(n.callFrame), (bySite.get(site(n.callFrame)) ?? 0) + n.selfSize)
    byBucket.set(bucket(n.callFrame), (byBucket.get(bucket(n.callFrame)) ?? 0) + n.selfSize)
  }
  for (const c of n.children) walk(c)
})(heap.head)
const kb = (b) => (b / 1024).toFixed(0).padStart(8) + ' KB'
const lines = [`# ${heapFile}: ${(total / 1048576).toFixed(1)} MB sampled live at exit, ${N} rules`, '## by bucket']
for (const [k, b] of [...byBucket].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  lines.push(`${kb(b)}  ${(b / N).toFixed(0).padStart(6)} B/rule  ${k}`)
}
lines.push('## top 40 allocation sites (self)')
for (const [k, b] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  lines.push(`${kb(b)}  ${(b / N).toFixed(0).padStart(6)} B/rule  ${k}`)
}
writeFileSync(join(out, 'heap-exit.txt'), lines.join('\n') + '\n')
