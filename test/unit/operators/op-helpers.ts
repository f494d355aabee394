// Shared fixtures of the operator tests: a small function catalog, an operator context on a manual clock, and a
// runner collecting what an operator emits.

import type { Item } from '../../../src/core/collection.js'
import { ManualClock } from '../../../src/core/manual-clock.js'
import { Tuple } from '../../../src/core/row.js'
import type { Value, ValueMap } from '../../../src/core/value.js'
import { defineAggregate } from '../../../src/functions/define-function.js'
import type { FunctionCatalog, FunctionDef } from '../../../src/functions/define-function.js'
import type { OperatorDeps } from '../../../src/operators/common.js'
import type { Operator, OperatorContext } from '../../../src/runtime/operator.js'
import type { SelectStatement } from '../../../src/sql/ast/statement.js'
import { parseSelect } from '../../../src/sql/parser/index.js'

const present = (xs: readonly Value[]): Value[] => xs.filter((x) => x !== null && x !== undefined)

const defs: FunctionDef[] = [
  defineAggregate({ name: 'count', arity: [1, 1], exec: ([a]) => BigInt(present(a ?? []).length) }),
  defineAggregate({
    name: 'sum',
    arity: [1, 1],
    exec: ([a]) => present(a ?? []).reduce((s: bigint, x) => s + BigInt(x as bigint), 0n),
  }),
  { kind: 'meta', name: 'meta', arity: [1, 1] },
]

export const testFunctions: FunctionCatalog = { lookup: (name) => defs.find((d) => d.name === name.toLowerCase()) }

export const deps: OperatorDeps = { functions: testFunctions }

export function select(sql: string): SelectStatement {
  return parseSelect(sql, { functions: testFunctions })
}

export function opContext(): OperatorContext {
  const clock = new ManualClock(0)
  return {
    ruleId: 'test',
    opName: 'op',
    clock,
    fn: { clock },
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    setInterval: (fn, ms) => clock.setInterval(fn, ms),
  }
}

/** Everything `op` emits for `item`. */
export function run(op: Operator, item: Item): Item[] {
  const out: Item[] = []
  op.process(item, (i) => out.push(i), opContext())
  return out
}

export function tuple(emitter: string, message: ValueMap, metadata: ValueMap | null = null): Tuple {
  return new Tuple(emitter, message, 0, metadata)
}
