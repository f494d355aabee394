// Builds the web console (console/) into dist/console/: one bundled, minified script and stylesheet with a content
// hash in their names (kuiperd caches them for good), and index.html naming them. Everything the console needs is
// in these files: it loads nothing from the internet. Run by `npm run build`, and by bin/dist.js when console/
// changed since the last build.
// Usage: node scripts/build-console.mjs [OUT_DIR]   (default dist/console)

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(import.meta.url), '../..')

/** Builds the console into `outDir`; returns the names of the asset files. */
export async function buildConsole(outDir = join(root, 'dist', 'console')) {
  const { build } = await import('esbuild')
  const assets = join(outDir, 'assets')
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(assets, { recursive: true })
  const result = await build({
    entryPoints: [join(root, 'console', 'src', 'main.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome109', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: assets,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  })
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p))
  const script = outputs.find((f) => f.endsWith('.js'))
  const styles = outputs.find((f) => f.endsWith('.css'))
  if (script === undefined || styles === undefined)
    throw new Error(`the console build made no script or stylesheet: ${outputs}`)
  const html = readFileSync(join(root, 'console', 'index.html'), 'utf8')
    .replace('%SCRIPT%', script)
    .replace('%STYLES%', styles)
  writeFileSync(join(outDir, 'index.html'), html)
  return outputs
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] !== undefined ? resolve(process.argv[2]) : undefined
  await buildConsole(out)
}
