// The sample plugin functions the rule cases load as Go plugins in 1.0 (`requires_plugins`): the example plugins
// of plugins/examples/functions, loaded through the same loader kuiperd installs plugins with (src/plugins).

import { join } from 'node:path'
import type { FunctionCatalog, FunctionDef } from '../../../src/functions/define-function.js'
import { builtinFunctions } from '../../../src/functions/registry.js'
import { loadPlugin } from '../../../src/plugins/loader.js'
import { readManifest } from '../../../src/plugins/manifest.js'

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'plugins', 'examples', 'functions')

/** 1.0's sample function plugins that plugins/examples provides. */
const SAMPLES = ['accumulateWordCount', 'countPlusOne', 'echo']

let loaded: Promise<ReadonlyMap<string, FunctionDef>> | undefined

async function loadSamples(): Promise<ReadonlyMap<string, FunctionDef>> {
  const out = new Map<string, FunctionDef>()
  for (const name of SAMPLES) {
    const folder = join(EXAMPLES, name)
    const plugin = await loadPlugin(folder, await readManifest(folder, name, 'functions'))
    if (plugin.kind === 'function') for (const f of plugin.functions) out.set(f.name.toLowerCase(), f)
  }
  return out
}

/** The built-in catalog plus the named sample plugins; undefined when one of them is not available here. */
export async function catalogWithPlugins(names: readonly string[]): Promise<FunctionCatalog | undefined> {
  if (names.length === 0) return builtinFunctions
  const samples = await (loaded ??= loadSamples())
  const extra = new Map<string, FunctionDef>()
  for (const n of names) {
    const def = samples.get(n.toLowerCase())
    if (def === undefined) return undefined
    extra.set(n.toLowerCase(), def)
  }
  return { lookup: (name) => builtinFunctions.lookup(name) ?? extra.get(name.toLowerCase()) }
}
