// The function catalog kuiperd plans rules with: the built-ins plus the functions of installed plugins, which can
// be added and removed while it runs. A rule resolves its functions when it starts, so a restarted rule gets the
// current version.

import type { FunctionCatalog, FunctionDef } from '../functions/define-function.js'

export class PluginFunctionCatalog implements FunctionCatalog {
  /** lower-case name → the function and the plugin that provides it. */
  private readonly byName = new Map<string, { readonly def: FunctionDef; readonly plugin: string }>()

  constructor(private readonly builtins: FunctionCatalog) {}

  lookup(name: string): FunctionDef | undefined {
    return this.builtins.lookup(name) ?? this.byName.get(name.toLowerCase())?.def
  }

  /** The built-in function of that name (any case), if there is one. */
  isBuiltin(name: string): boolean {
    return this.builtins.lookup(name) !== undefined || this.builtins.lookup(name.toLowerCase()) !== undefined
  }

  /** The plugin providing function `name`, if any. */
  providerOf(name: string): string | undefined {
    return this.byName.get(name.toLowerCase())?.plugin
  }

  /** Replaces every function of `plugin` with `defs`. */
  setPlugin(plugin: string, defs: readonly FunctionDef[]): void {
    this.removePlugin(plugin)
    for (const d of defs) this.byName.set(d.name.toLowerCase(), { def: d, plugin })
  }

  removePlugin(plugin: string): void {
    for (const [name, e] of this.byName) if (e.plugin === plugin) this.byName.delete(name)
  }
}
