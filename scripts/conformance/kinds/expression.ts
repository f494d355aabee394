// `expression` cases (FORMAT.md §6): the WHERE condition or the first SELECT expression of `sql`, evaluated on one
// tuple of stream `src`, compared with reflect.DeepEqual semantics (Go types significant) or by error text.

import { systemClock } from '../../../src/core/clock.js'
import { errorMessage } from '../../../src/core/errors.js'
import { Tuple } from '../../../src/core/row.js'
import { isMap } from '../../../src/core/value.js'
import type { Value } from '../../../src/core/value.js'
import { compileExpr } from '../../../src/eval/compile.js'
import { builtinFunctions } from '../../../src/functions/registry.js'
import type { Expr } from '../../../src/sql/ast/expr.js'
import { parseSelect } from '../../../src/sql/parser/index.js'
import { deepEqualGo, goValueAt, jsonAt } from '../go-values.js'
import type { KindHandler } from '../types.js'

export const expressionHandler: KindHandler = (c) => {
  const stmt = parseSelect(String(c['sql']), { functions: builtinFunctions })
  let expr: Expr | undefined
  if (c['evaluate'] === 'where') expr = stmt.condition
  else if (c['evaluate'] === 'select_field_0') expr = stmt.fields[0]?.expr
  if (expr === undefined) throw new Error(`nothing to evaluate for ${String(c['evaluate'])}`)

  const message = goValueAt(c, '/input/message')
  if (!isMap(message)) throw new Error('input.message must be a map')
  const emitter = jsonAt(c, '/input/emitter')
  const row = new Tuple(typeof emitter === 'string' ? emitter : 'src', message, systemClock.now())

  const expected = jsonAt(c, '/expected') as Record<string, unknown>
  let actual: Value
  try {
    actual = compileExpr(expr, { functions: builtinFunctions })(row, { fn: { clock: systemClock } })
  } catch (err) {
    const got = errorMessage(err)
    if (got === expected['error']) return { status: 'pass' }
    return { status: 'fail', diff: `expected ${describeExpected(expected)}, got error ${JSON.stringify(got)}` }
  }
  if ('error' in expected) {
    return {
      status: 'fail',
      diff: `expected error ${JSON.stringify(expected['error'])}, got a value: ${String(actual)}`,
    }
  }
  const d = deepEqualGo(actual, goValueAt(c, '/expected/value'))
  return d === undefined ? { status: 'pass' } : { status: 'fail', diff: d }
}

function describeExpected(expected: Record<string, unknown>): string {
  return 'error' in expected
    ? `error ${JSON.stringify(expected['error'])}`
    : `value ${JSON.stringify(expected['value'])}`
}
