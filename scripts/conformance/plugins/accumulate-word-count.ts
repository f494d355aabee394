// The sample plugin functions the rule cases load as Go plugins in 1.0 (`requires_plugins`), for the replay only:
// accumulateWordCount(col, sep) adds the number of `sep`-separated words of `col` to a counter in checkpointed state.

import { EvalError } from '../../../src/core/errors.js'
import { formatGo } from '../../../src/core/value.js'
import { defineScalar } from '../../../src/functions/define-function.js'
import type { FunctionCatalog, FunctionDef } from '../../../src/functions/define-function.js'
import { builtinFunctions } from '../../../src/functions/registry.js'

/** Go's strings.Split: an empty separator splits into UTF-8 sequences (code points). */
function goSplitCount(s: string, sep: string): number {
  return sep === '' ? [...s].length : s.split(sep).length
}

/** 1.0's plugins/functions/accumulateWordCount: the running total as a Go int. */
export const accumulateWordCount = defineScalar({
  name: 'accumulateWordCount',
  arity: [2, 2],
  exec: ([col, sep], ctx) => {
    if (typeof col !== 'string') throw new EvalError(`args[0] is not a string, got ${formatGo(col)}`)
    if (typeof sep !== 'string') throw new EvalError(`args[1] is not a string, got ${formatGo(col)}`)
    const state = ctx.state
    if (state === undefined) throw new EvalError('accumulateWordCount needs a rule context with state')
    state.incrCounter('allwordcount', goSplitCount(col, sep))
    return BigInt(state.getCounter('allwordcount'))
  },
})

const samplePlugins: ReadonlyMap<string, FunctionDef> = new Map([['accumulatewordcount', accumulateWordCount]])

/** The built-in catalog plus the named sample plugins; undefined when one of them is not available here. */
export function catalogWithPlugins(names: readonly string[]): FunctionCatalog | undefined {
  const extra = new Map<string, FunctionDef>()
  for (const n of names) {
    const def = samplePlugins.get(n.toLowerCase())
    if (def === undefined) return undefined
    extra.set(n.toLowerCase(), def)
  }
  if (extra.size === 0) return builtinFunctions
  return { lookup: (name) => extra.get(name.toLowerCase()) ?? builtinFunctions.lookup(name) }
}
