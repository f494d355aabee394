// A plugin's manifest.json: what the folder holds (name, kind, version, entry module, the functions it exports).
// Read from the extracted archive before anything of it is loaded; a mismatch with the request is a 400.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { safeParse } from 'valibot'
import type { InferOutput } from 'valibot'
import { KuiperError } from '../core/errors.js'
import { issuePath } from '../core/issue-path.js'
import { nameProblem } from '../core/names.js'
import type * as Schema from './manifest-schema.js'

export const MANIFEST_FILE = 'manifest.json'

/** The kinds as the REST paths say them (`/plugins/sources`...) and as a manifest says them (`source`...). */
export type PluginKind = 'sources' | 'sinks' | 'functions'
export type ManifestKind = 'source' | 'sink' | 'function'

export const MANIFEST_KIND: Readonly<Record<PluginKind, ManifestKind>> = {
  sources: 'source',
  sinks: 'sink',
  functions: 'function',
}

/** The manifest as manifest-schema.ts checks it (loaded with the first manifest read). */
export type PluginManifest = InferOutput<typeof Schema.PluginManifest>
export type PluginFunctionEntry = InferOutput<typeof Schema.FunctionEntry>
export type DeclaredProperty = InferOutput<typeof Schema.DeclaredProperty>

/** The deadline of an isolated plugin's calls: the manifest's `timeout`, else 1 s for a function, 10 s otherwise. */
export function isolationTimeoutMs(m: PluginManifest): number {
  return m.timeout ?? (m.kind === 'function' ? 1_000 : 10_000)
}

function invalid(message: string): KuiperError {
  return new KuiperError('BAD_REQUEST', `invalid plugin manifest: ${message}`)
}

/**
 * Reads and checks `<folder>/manifest.json` against what the request names: the plugin `name` and the REST `kind`.
 * Throws BAD_REQUEST naming the problem.
 */
export async function readManifest(folder: string, name: string, kind: PluginKind): Promise<PluginManifest> {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(join(folder, MANIFEST_FILE), 'utf8'))
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT'
    throw invalid(
      missing ? `the archive has no ${MANIFEST_FILE} at its top` : `${MANIFEST_FILE}: ${(err as Error).message}`,
    )
  }
  const { PluginManifest } = await import('./manifest-schema.js')
  const parsed = safeParse(PluginManifest, raw, { abortEarly: true })
  if (!parsed.success) {
    const issue = parsed.issues[0]
    throw invalid(`${issuePath(issue) || '(top)'}: ${issue.message}`)
  }
  const m = parsed.output
  if (m.name !== name) throw invalid(`it names the plugin ${m.name}, the request ${name}`)
  if (m.kind !== MANIFEST_KIND[kind])
    throw invalid(`its kind is ${m.kind}, the request installs a ${MANIFEST_KIND[kind]}`)
  const problem = nameProblem(m.name)
  if (problem !== undefined) throw invalid(`name ${m.name}: ${problem}`)
  if (m.entry.startsWith('/') || m.entry.split(/[\\/]/).includes('..'))
    throw invalid(`entry ${m.entry} leaves the plugin folder`)
  if (m.kind === 'function') {
    if (m.functions === undefined || m.functions.length === 0) throw invalid('a function plugin lists its functions')
    for (const f of m.functions) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name)) throw invalid(`function name ${f.name} is not an SQL identifier`)
      if (f.args !== undefined && f.args[0] > f.args[1])
        throw invalid(`function ${f.name}: args [min, max] with min > max`)
    }
  } else if (m.functions !== undefined) throw invalid(`a ${m.kind} plugin exports no functions`)
  if (m.kind === 'function' && m.properties !== undefined)
    throw invalid('a function plugin declares no properties (its functions take arguments)')
  return m
}
