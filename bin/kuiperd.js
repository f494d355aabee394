#!/usr/bin/env node
// kuiperd: the Kuiper server process. Runs the compiled dist/ (built when missing or older than src/, see dist.js;
// KUIPER_FROM_SOURCE=1 runs the TypeScript sources through tsx instead).

import { importProgram } from './dist.js'

let program
try {
  // main() holds V8's young generation and optimizing compiler before it loads kuiperd (src/config/start-up-hold.ts).
  program = await importProgram('main')
} catch (err) {
  console.error(`kuiperd: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
await program.main(process.argv.slice(2))
