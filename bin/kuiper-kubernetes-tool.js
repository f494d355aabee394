#!/usr/bin/env node
// kuiper-kubernetes-tool: applies a folder of command files to kuiperd (Kuiper 1.0's Kubernetes tool). Runs the
// TypeScript sources through tsx when it is installed (a development checkout), else the compiled dist/.

import { existsSync } from 'node:fs'

async function load() {
  const dist = new URL('../dist/kubernetes-tool/main.js', import.meta.url)
  try {
    const { tsImport } = await import('tsx/esm/api')
    return await tsImport('../src/kubernetes-tool/main.ts', import.meta.url)
  } catch (err) {
    if (!existsSync(dist)) throw err
    return import(dist.href)
  }
}

const { runKubernetesTool } = await load()
const code = await runKubernetesTool(process.argv.slice(2))
// Leave at once: kept-alive HTTP sockets must not hold the process (log writes are synchronous).
process.exit(code)
