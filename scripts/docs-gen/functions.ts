// `npm run docs:gen:functions [-- --check] [ROOT]`: writes the function reference of docs/sql.md (English) and
// docs/zh_CN/sql.md (Chinese) from the built-in function records. With --check it writes nothing and exits 1 when
// a page is not what the records generate (run it without --check to update).

import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { functionFamilies } from '../../src/functions/registry.js'
import { repoRoot } from '../conformance/paths.js'
import { renderFunctionReference, replaceSection } from './function-reference.js'
import type { Language } from './function-reference.js'

const PAGES: readonly { readonly lang: Language; readonly path: string }[] = [
  { lang: 'en', path: 'docs/sql.md' },
  { lang: 'zh', path: 'docs/zh_CN/sql.md' },
]

/** The pages whose reference is stale (check) or was rewritten (write), relative to `root`. */
export async function generateFunctionDocs(root: string, mode: 'write' | 'check'): Promise<string[]> {
  const changed: string[] = []
  for (const { lang, path } of PAGES) {
    const file = join(root, path)
    const page = readFileSync(file, 'utf8')
    const next = replaceSection(page, await renderFunctionReference(functionFamilies, lang, file), path)
    if (next === page) continue
    changed.push(path)
    if (mode === 'write') writeFileSync(file, next)
  }
  return changed
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const check = args.includes('--check')
  const root = resolve(args.find((a) => !a.startsWith('--')) ?? repoRoot)
  const changed = await generateFunctionDocs(root, check ? 'check' : 'write')
  if (check && changed.length > 0) {
    console.error(`stale function reference in ${changed.join(', ')}: run npm run docs:gen:functions`)
    process.exit(1)
  }
  console.log(
    check
      ? 'function reference: docs/sql.md and docs/zh_CN/sql.md match the function records'
      : changed.length > 0
        ? `function reference written: ${changed.join(', ')}`
        : 'function reference: already up to date',
  )
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main()
