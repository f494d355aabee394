#!/usr/bin/env node
// kuiper: the command-line client of a running kuiperd (1.0's verbs over the REST API). Runs the compiled dist/
// (built when missing or older than src/, see dist.js; KUIPER_FROM_SOURCE=1 runs the TypeScript sources through tsx).

import { importProgram } from './dist.js'

let program
try {
  program = await importProgram('cli/main')
} catch (err) {
  console.error(`kuiper: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
const code = await program.runCli(process.argv.slice(2))
// Leave at once: kept-alive HTTP sockets must not hold the process (stdout writes to pipes and files are synchronous).
process.exit(code)
