// Whether node was given a V8 flag (on its command line or in NODE_OPTIONS): kuiperd's own V8 tuning leaves a flag
// the user chose alone.

/** A flag matching `pattern` (tested against each option, e.g. `/^--(no-)?opt\b/`) was given to node. */
export function nodeFlagGiven(pattern: RegExp): boolean {
  const given = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)]
  return given.some((o) => pattern.test(o))
}
