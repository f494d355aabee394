// Runs every test/**/*.test.ts with node's test runner (Node 20's --test does not expand ** globs), after building
// dist/ when outdated (bin/dist.js: the server and CLI tests run bin/kuiperd and bin/kuiper) and bringing up the
// servers the tests need (scripts/test-services/: Mosquitto, Redis, InfluxDB — reused on their standard loopback
// ports or started privately, their ports passed as KUIPER_TEST_*_PORT) and the tools they run; the servers it
// started are stopped when the run ends, also on failure or a signal.
// Usage: node scripts/run-tests.mjs [PATH...]  (optional files or folders to narrow the run)
// KUIPER_TEST_PRIVATE_SERVERS=1 starts private servers even where the machine's own answer.

import { spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsImport } from 'tsx/esm/api'

const root = resolve(fileURLToPath(import.meta.url), '../..')

function findTests(dir) {
  const out = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const p = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...findTests(p))
    else if (entry.name.endsWith('.test.ts')) out.push(p)
  }
  return out
}

const targets = process.argv.slice(2).map((p) => resolve(p))
let files = findTests(join(root, 'test')).sort()
if (targets.length > 0) {
  files = targets.flatMap((t) => (statSync(t).isDirectory() ? findTests(t).sort() : [t]))
}
if (files.length === 0) {
  console.error('no test files found')
  process.exit(1)
}

// The server and CLI tests run bin/kuiperd and bin/kuiper, which run dist/: build it now if src/ changed, rather than
// inside the first test that starts kuiperd (and against its start-up timeout).
try {
  const { ensureDist } = await import('../bin/dist.js')
  ensureDist((m) => console.error(`run-tests: ${m}`))
} catch (err) {
  console.error(`run-tests: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
}

/** @type {import('./test-services/index.ts')} */
const { bringUpTestServices, ensureTestTools } = await tsImport('./test-services/index.ts', import.meta.url)

let services
try {
  ensureTestTools()
  services = await bringUpTestServices({ alwaysStart: process.env.KUIPER_TEST_PRIVATE_SERVERS === '1' })
} catch (err) {
  console.error(`run-tests: the test servers could not be brought up: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
}

// Two cores: two test files at a time.
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', ...files.map((f) => relative(root, f))]
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...services.env } })

// A signal ends the tests first (the test runner gets it too), then the servers; the exit code tells the signal.
let signalled
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    signalled ??= sig
    if (child.exitCode === null && child.signalCode === null) child.kill(sig)
  })
}

const status = await new Promise((resolveStatus) => {
  child.once('error', (err) => {
    console.error(`run-tests: could not start the test runner: ${err.message}`)
    resolveStatus(1)
  })
  child.once('exit', (code, signal) => resolveStatus(code ?? (signal ? 128 + signalNumber(signal) : 1)))
})
await services.stop()
process.exit(signalled ? 128 + signalNumber(signalled) : status)

function signalNumber(sig) {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[sig] ?? 1
}
