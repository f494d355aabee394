#!/usr/bin/env node
// kuiperd: the Kuiper server process. Runs the compiled dist/ (built when missing or older than src/, see dist.js;
// KUIPER_FROM_SOURCE=1 runs the TypeScript sources through tsx instead).

import { importProgram } from './dist.js'

let program
try {
  // V8's young generation stays small while kuiperd starts (main releases it): src/config/young-generation.ts.
  ;(await importProgram('config/young-generation')).holdYoungGeneration()
  program = await importProgram('main')
} catch (err) {
  console.error(`kuiperd: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
await program.main(process.argv.slice(2))
