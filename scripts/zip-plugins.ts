// Packs plugin folders into the zips POST /plugins/{kind} installs: every file of the folder at the top of the
// archive (manifest.json, the entry module, <name>.yaml, install.sh, node_modules/...).
// `npm run plugins:zip [outDir]` packs plugins/examples/<kind>/<name> into <outDir>/<kind>/<name>.zip
// (default outDir: dist/plugin-zips); `npm run plugins:zip -- <folder> <zip>` packs one folder.

import { createWriteStream, mkdirSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { pathToFileURL } from 'node:url'
import yazl from 'yazl'

export const EXAMPLES_DIR = resolve(import.meta.dirname, '..', 'plugins', 'examples')

function filesOf(folder: string): string[] {
  const out: string[] = []
  for (const d of readdirSync(folder, { withFileTypes: true })) {
    const p = join(folder, d.name)
    if (d.isDirectory()) out.push(...filesOf(p))
    else if (d.isFile()) out.push(p)
  }
  return out.sort()
}

/** Zips `folder` into `zipPath` (created with its folders); `extra` adds or replaces files by archive path. */
export async function zipFolder(
  folder: string,
  zipPath: string,
  extra: Readonly<Record<string, string>> = {},
): Promise<string> {
  const zip = new yazl.ZipFile()
  const mtime = new Date('2026-01-01T00:00:00Z')
  for (const file of filesOf(folder)) {
    const name = relative(folder, file).split(sep).join('/')
    if (name in extra) continue
    zip.addFile(file, name, { mtime, mode: statSync(file).mode })
  }
  for (const [name, text] of Object.entries(extra)) zip.addBuffer(Buffer.from(text), name, { mtime })
  zip.end()
  mkdirSync(dirname(zipPath), { recursive: true })
  await pipeline(zip.outputStream, createWriteStream(zipPath))
  return zipPath
}

/** Zips every example plugin; returns `<kind>/<name>` → zip path. */
export async function zipExamples(outDir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const kind of ['functions', 'sources', 'sinks']) {
    for (const name of readdirSync(join(EXAMPLES_DIR, kind))) {
      out[`${kind}/${name}`] = await zipFolder(join(EXAMPLES_DIR, kind, name), join(outDir, kind, `${name}.zip`))
    }
  }
  return out
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [a, b] = process.argv.slice(2)
  if (a !== undefined && b !== undefined) console.log(await zipFolder(resolve(a), resolve(b)))
  else for (const z of Object.values(await zipExamples(resolve(a ?? 'dist/plugin-zips')))) console.log(z)
}
