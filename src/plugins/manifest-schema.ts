// The zod schema of a plugin's manifest.json (manifest.ts reads and checks the file with it). A module of its own,
// imported when a manifest is first read (a plugin installed or loaded), so that a kuiperd without plugins never
// loads zod (docs/performance.md, "Idle footprint").

import { z } from 'zod'

/** Text in English and, optionally, Chinese (1.0's metadata files carry both; the English stands in for a missing one). */
const Texts = z.strictObject({ en: z.string(), zh: z.string().optional() })

/**
 * A property a source or sink plugin takes, in the shape of 1.0's etc/sources|sinks/<name>.json fields; served by
 * `/metadata` (src/plugins/plugin-metadata.ts). They are also checked at rule and stream create (plugin-metadata.ts pluginDeclaration).
 */
export const DeclaredProperty = z.strictObject({
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

export const FunctionEntry = z.strictObject({
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
