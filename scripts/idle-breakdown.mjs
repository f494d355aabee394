#!/usr/bin/env node
// Where an idle kuiperd's bytes go, by module group (docs/performance.md, "Idle footprint"):
//   node --expose-gc scripts/idle-breakdown.mjs [--project <checkout>] [--start]
// Imports the compiled dist/ of a checkout (this one by default; npm run build first) one group of kuiperd's start-up
// modules after another, in start order and under kuiperd's start-up hold, and prints what each group added as a
// markdown table: live JS heap after a full GC, RSS and its anonymous and file-backed parts, CommonJS modules. A
// module shared by two groups counts for the first. With --start it then starts kuiperd (no rules, a temporary data
// folder, REST on a free port, no file log) and adds what the running kuiperd holds 3 s later.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'

const { values } = parseArgs({ options: { project: { type: 'string' }, start: { type: 'boolean' } } })
const project = resolve(values.project ?? join(import.meta.dirname, '..'))
const gc = globalThis.gc
if (typeof gc !== 'function') throw new Error('run with node --expose-gc')
const req = createRequire(join(project, 'package.json'))
const dist = (p) => pathToFileURL(join(project, 'dist', p)).href
const ours =
  (...mods) =>
  async () => {
    for (const m of mods) await import(dist(m))
  }
/** An ES module package as kuiperd imports it: the `import` entry of its exports. */
const esmPackage = (name) => () => {
  const dir = join(project, 'node_modules', name)
  const entry = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).exports['.'].import
  return import(pathToFileURL(join(dir, entry.default ?? entry)).href)
}

const GROUPS = [
  ['valibot', esmPackage('valibot')],
  ['yaml', () => req('yaml')],
  ['pino', () => req('pino')],
  ['rotating-file-stream (basic.fileLog on)', () => req('rotating-file-stream')],
  ['better-sqlite3 (its JavaScript)', () => req('better-sqlite3')],
  ['find-my-way (the REST router)', () => req('find-my-way')],
  ['config/ (arguments, kuiper.yaml, logger)', ours('config/args.js', 'config/load-config.js', 'config/logger.js')],
  ['state/', ours('state/index.js')],
  ['functions/ (88 functions with their docs)', ours('functions/registry.js')],
  ['connectors/ (registry and what it imports at start)', ours('connectors/registry.js')],
  ['sql/, plan/, catalog/', ours('sql/parser/index.js', 'plan/explain.js', 'catalog/source-profiles.js')],
  ['engine: eval/, operators/, runtime/, templates/, rules/', ours('engine.js', 'rules/rule-manager.js')],
  ['plugins/', ours('plugins/plugin-manager.js', 'plugins/plugin-functions.js')],
  ['server/', ours('server/server.js')],
  ['kuiperd.js', ours('kuiperd.js')],
]

function sample() {
  gc()
  gc()
  const status = readFileSync('/proc/self/status', 'utf8')
  const mb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) / 1024
  const heap = process.memoryUsage().heapUsed / 1048576
  return { heap, rss: mb('VmRSS'), anon: mb('RssAnon'), file: mb('RssFile'), cjs: Object.keys(req.cache).length }
}

const rows = []
function row(name, now, before) {
  const d = (k) => (before === undefined ? now[k] : now[k] - before[k]).toFixed(2)
  rows.push(`| ${name} | ${d('heap')} | ${d('rss')} | ${d('anon')} | ${d('file')} | ${d('cjs').replace('.00', '')} |`)
}

const { holdDuringStartUp, releaseStartUpHold } = await import(dist('config/start-up-hold.js'))
holdDuringStartUp()
let prev = sample()
row('node itself (nothing imported)', prev)
for (const [name, load] of GROUPS) {
  await load()
  const now = sample()
  row(name, now, prev)
  prev = now
}
row('all imported', prev)
if (values.start === true) {
  const data = mkdtempSync(join(tmpdir(), 'kuiper-idle-breakdown-'))
  process.env.KUIPER__BASIC__RESTPORT = '0'
  process.env.KUIPER__BASIC__FILELOG = 'false'
  process.env.KUIPER__BASIC__CONSOLELOG = 'false'
  const { startKuiperd } = await import(dist('kuiperd.js'))
  const kuiperd = await startKuiperd(['--data', data])
  releaseStartUpHold()
  await new Promise((r) => setTimeout(r, 3000))
  const now = sample()
  row('kuiperd started, 3 s later', now, prev)
  row('in all', now)
  await kuiperd.stop()
  rmSync(data, { recursive: true, force: true })
}
process.stdout.write(
  [
    '| module group | live heap MB | RSS MB | anonymous MB | file-backed MB | CommonJS modules |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n') + '\n',
)
