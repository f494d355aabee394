#!/usr/bin/env node
// kuiper-kubernetes-tool: applies a folder of command files to kuiperd (Kuiper 1.0's Kubernetes tool). Runs the
// compiled dist/ (built when missing or older than src/, see dist.js; KUIPER_FROM_SOURCE=1 runs the TypeScript
// sources through tsx).

import { importProgram } from './dist.js'

let program
try {
  program = await importProgram('kubernetes-tool/main')
} catch (err) {
  console.error(`kuiper-kubernetes-tool: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
const code = await program.runKubernetesTool(process.argv.slice(2))
// Leave at once: kept-alive HTTP sockets must not hold the process (log writes are synchronous).
process.exit(code)
