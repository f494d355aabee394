#!/usr/bin/env node
// kuiper: the command-line client of a running kuiperd (1.0's verbs over the REST API). Runs the TypeScript sources
// through tsx when it is installed (a development checkout), else the compiled dist/ (npm run build).

import { existsSync } from 'node:fs'

async function load() {
  const dist = new URL('../dist/cli/main.js', import.meta.url)
  try {
    const { tsImport } = await import('tsx/esm/api')
    return await tsImport('../src/cli/main.ts', import.meta.url)
  } catch (err) {
    if (!existsSync(dist)) throw err
    return import(dist.href)
  }
}

const { runCli } = await load()
const code = await runCli(process.argv.slice(2))
// Leave at once: kept-alive HTTP sockets must not hold the process (stdout writes to pipes and files are synchronous).
process.exit(code)
