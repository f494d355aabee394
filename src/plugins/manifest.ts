// A plugin's manifest.json: what the folder holds (name, kind, version, entry module, the functions it exports).
// Read from the extracted archive before anything of it is loaded; a mismatch with the request is a 400.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { KuiperError } from '../core/errors.js'
import { nameProblem } from '../core/names.js'

export const MANIFEST_FILE = 'manifest.json'

/** The kinds as the REST paths say them (`/plugins/sources`...) and as a manifest says them (`source`...). */
export type PluginKind = 'sources' | 'sinks' | 'functions'
export type ManifestKind = 'source' | 'sink' | 'function'

export const MANIFEST_KIND: Readonly<Record<PluginKind, ManifestKind>> = {
  sources: 'source',
  sinks: 'sink',
  functions: 'function',
}

/** Text in English and, optionally, Chinese (1.0's metadata files carry both; the English stands in for a missing one). */
const Texts = z.strictObject({ en: z.string(), zh: z.string().optional() })

/**
 * A property a source or sink plugin takes, in the shape of 1.0's etc/sources|sinks/<name>.json fields; served by
 * `/metadata` (src/plugins/plugin-metadata.ts). They are also checked at rule and stream create (plugin-metadata.ts pluginDeclaration).
 */
const DeclaredProperty = z.strictObject({
  name: z.string().min(1),
  type: z.enum(['string', 'float', 'int', 'bool', 'list_object', 'list_string', 'list_float', 'list_int']),
  default: z.unknown().optional(),
  optional: z.boolean().default(true),
  hint: Texts.optional(),
  label: Texts.optional(),
  control: z.enum(['text', 'text-area', 'list', 'radio']).optional(),
  values: z.array(z.unknown()).optional(),
})

/** 1.0's `about` block of a plugin's metadata file. */
const About = z.strictObject({
  description: Texts.optional(),
  helpUrl: Texts.optional(),
  author: z
    .strictObject({
      name: z.string().optional(),
      email: z.string().optional(),
      company: z.string().optional(),
      website: z.string().optional(),
    })
    .optional(),
})

const FunctionEntry = z.strictObject({
  name: z.string().min(1),
  /** `scalar`: one value per row; `aggregate`: each argument arrives as the array of its values over the group. */
  kind: z.enum(['scalar', 'aggregate']).default('scalar'),
  /** Allowed argument counts [min, max]; absent: any. */
  args: z.tuple([z.int().min(0), z.int().min(0)]).optional(),
  description: z.string().optional(),
  /** `/metadata/functions`: how a call looks (default: derived from `args`) and its hint. */
  example: z.string().optional(),
  hint: Texts.optional(),
})

export const PluginManifest = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['source', 'sink', 'function']),
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, 'letters, digits and . _ + - (at most 64)'),
  /** The ES module to import, relative to the plugin folder. */
  entry: z.string().min(1).default('index.js'),
  description: z.string().optional(),
  /** `/metadata`: the plugin's about block (defaults: `description`, installed, no author). */
  about: About.optional(),
  /** Source and sink plugins: the properties they take, as `/metadata` serves them. */
  properties: z.array(DeclaredProperty).optional(),
  /** Function plugins: the named exports that are SQL functions. */
  functions: z.array(FunctionEntry).optional(),
  /**
   * `worker`: the plugin's calls run in a worker thread of its own (src/plugins/isolation), so an endless loop or a
   * crash ends that worker instead of stalling or crashing kuiperd. `none` (default): in kuiperd's thread.
   */
  isolation: z.enum(['none', 'worker']).default('none'),
  /** With isolation `worker`: ms a call may take before its worker is ended (default: see isolationTimeoutMs). */
  timeout: z.int().min(10).max(600_000).optional(),
})

export type PluginManifest = z.infer<typeof PluginManifest>
export type PluginFunctionEntry = z.infer<typeof FunctionEntry>
export type DeclaredProperty = z.infer<typeof DeclaredProperty>

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
export function readManifest(folder: string, name: string, kind: PluginKind): PluginManifest {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(join(folder, MANIFEST_FILE), 'utf8'))
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT'
    throw invalid(
      missing ? `the archive has no ${MANIFEST_FILE} at its top` : `${MANIFEST_FILE}: ${(err as Error).message}`,
    )
  }
  const parsed = PluginManifest.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw invalid(`${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'malformed'}`)
  }
  const m = parsed.data
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
