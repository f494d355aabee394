#!/usr/bin/env node
// kuiperd: the Kuiper server process. Runs the TypeScript source through tsx in a source checkout (npm install),
// else the compiled dist/ (npm run build).

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = new URL('../', import.meta.url)
const source = new URL('src/main.ts', root)
const compiled = new URL('dist/main.js', root)

async function entry() {
  if (existsSync(fileURLToPath(source))) {
    try {
      const { register } = await import('tsx/esm/api')
      register()
      return await import(source.href)
    } catch (err) {
      if (!existsSync(fileURLToPath(compiled))) {
        console.error(`kuiperd: cannot load the TypeScript source (run npm install): ${err.message}`)
        process.exit(1)
      }
    }
  }
  if (!existsSync(fileURLToPath(compiled))) {
    console.error('kuiperd: dist/main.js is missing: run npm run build')
    process.exit(1)
  }
  return import(compiled.href)
}

const { main } = await entry()
await main(process.argv.slice(2))
