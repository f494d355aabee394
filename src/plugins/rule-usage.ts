// Whether a rule uses a plugin: a source plugin by a stream of TYPE <name>, a sink plugin by an action of that
// type, a function plugin by a call of one of its functions in the SQL.

import type { TopologySpec } from '../core/topology-spec.js'
import type { PluginKind } from './manifest.js'

/** The planned rule has a source (TYPE, lower-case) or a sink of the plugin's name. */
export function specUsesConnector(spec: TopologySpec, kind: 'sources' | 'sinks', name: string): boolean {
  const type = kind === 'sources' ? 'source' : 'sink'
  const want = kind === 'sources' ? name.toLowerCase() : name
  return spec.nodes.some((n) => n.type === type && (n.config as { type?: unknown } | null)?.type === want)
}

/** The SQL calls one of `functions` (any case; a name inside a string literal counts too: a needless restart). */
export function sqlCallsAny(sql: string, functions: readonly string[]): boolean {
  return functions.some((f) => new RegExp(`(^|[^A-Za-z0-9_])${f}\\s*\\(`, 'i').test(sql))
}

export function ruleUsesPlugin(
  rule: { readonly sql: string; readonly spec: TopologySpec | undefined },
  kind: PluginKind,
  name: string,
  functions: readonly string[],
): boolean {
  if (kind === 'functions') return sqlCallsAny(rule.sql, functions)
  return rule.spec !== undefined && specUsesConnector(rule.spec, kind, name)
}
