// The valibot schema of a plugin's manifest.json (manifest.ts reads and checks the file with it). A module of its own,
// imported when a manifest is first read (a plugin installed or loaded): a kuiperd without plugins never builds it.

import * as v from 'valibot'

/** An integer (valibot's own message does not say what was expected). */
const integer = () => v.integer((issue) => `Invalid value: Expected an integer but received ${issue.received}`)

/** Text in English and, optionally, Chinese (1.0's metadata files carry both; the English stands in for a missing one). */
const Texts = v.strictObject({ en: v.string(), zh: v.optional(v.string()) })

/**
 * A property a source or sink plugin takes, in the shape of 1.0's etc/sources|sinks/<name>.json fields; served by
 * `/metadata` (src/plugins/plugin-metadata.ts). They are also checked at rule and stream create (plugin-metadata.ts pluginDeclaration).
 */
export const DeclaredProperty = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1)),
  type: v.picklist(['string', 'float', 'int', 'bool', 'list_object', 'list_string', 'list_float', 'list_int']),
  default: v.optional(v.unknown()),
  optional: v.optional(v.boolean(), true),
  hint: v.optional(Texts),
  label: v.optional(Texts),
  control: v.optional(v.picklist(['text', 'text-area', 'list', 'radio'])),
  values: v.optional(v.array(v.unknown())),
})

/** 1.0's `about` block of a plugin's metadata file. */
const About = v.strictObject({
  description: v.optional(Texts),
  helpUrl: v.optional(Texts),
  author: v.optional(
    v.strictObject({
      name: v.optional(v.string()),
      email: v.optional(v.string()),
      company: v.optional(v.string()),
      website: v.optional(v.string()),
    }),
  ),
})

const argCount = v.pipe(v.number(), integer(), v.minValue(0))

export const FunctionEntry = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1)),
  /** `scalar`: one value per row; `aggregate`: each argument arrives as the array of its values over the group. */
  kind: v.optional(v.picklist(['scalar', 'aggregate']), 'scalar'),
  /** Allowed argument counts [min, max]; absent: any. */
  args: v.optional(v.strictTuple([argCount, argCount])),
  description: v.optional(v.string()),
  /** `/metadata/functions`: how a call looks (default: derived from `args`) and its hint. */
  example: v.optional(v.string()),
  hint: v.optional(Texts),
})

export const PluginManifest = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1)),
  kind: v.picklist(['source', 'sink', 'function']),
  version: v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, 'letters, digits and . _ + - (at most 64)'),
  ),
  /** The ES module to import, relative to the plugin folder. */
  entry: v.optional(v.pipe(v.string(), v.minLength(1)), 'index.js'),
  description: v.optional(v.string()),
  /** `/metadata`: the plugin's about block (defaults: `description`, installed, no author). */
  about: v.optional(About),
  /** Source and sink plugins: the properties they take, as `/metadata` serves them. */
  properties: v.optional(v.array(DeclaredProperty)),
  /** Function plugins: the named exports that are SQL functions. */
  functions: v.optional(v.array(FunctionEntry)),
  /**
   * `worker`: the plugin's calls run in a worker thread of its own (src/plugins/isolation), so an endless loop or a
   * crash ends that worker instead of stalling or crashing kuiperd. `none` (default): in kuiperd's thread.
   */
  isolation: v.optional(v.picklist(['none', 'worker']), 'none'),
  /** With isolation `worker`: ms a call may take before its worker is ended (default: see isolationTimeoutMs). */
  timeout: v.optional(v.pipe(v.number(), integer(), v.minValue(10), v.maxValue(600_000))),
})
