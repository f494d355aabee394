// Runs every test/**/*.test.ts with node's test runner (Node 20's --test does not expand ** globs).
// Usage: node scripts/run-tests.mjs [PATH...]  (optional files or folders to narrow the run)

import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

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

// Two cores: two test files at a time.
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', ...files.map((f) => relative(root, f))]
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
if (r.error) {
  console.error(r.error.message)
  process.exit(1)
}
process.exit(r.status ?? 1)
