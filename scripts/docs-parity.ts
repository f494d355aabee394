// `npm run docs:check [-- ROOT]`: checks that the English docs (README.md, docs/*.md) and their Simplified Chinese
// pages (docs/zh_CN/) are in step (scripts/docs-parity/parity.ts); prints each problem and exits 1 if there is one.

import { resolve } from 'node:path'
import { repoRoot } from './conformance/paths.js'
import { checkDocsParity, formatProblems } from './docs-parity/parity.js'

const root = resolve(process.argv[2] ?? repoRoot)
const problems = checkDocsParity(root)
if (problems.length > 0) {
  console.error(formatProblems(problems))
  console.error(`\n${problems.length} docs parity problem(s) under ${root}`)
  process.exit(1)
}
console.log(`docs parity: every English page has its Chinese page, in step (${root})`)
