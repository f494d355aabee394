// `function` cases (FORMAT.md §5): the project operator over one hand-built input with the function under test in the
// SELECT list, compared after a JSON round trip. `projectCase` also serves the `project` cases of the operator kind.

import { systemClock } from '../../../src/core/clock.js'
import { ErrorItem, ResultRows } from '../../../src/core/collection.js'
import { errorMessage } from '../../../src/core/errors.js'
import type { ValueMap } from '../../../src/core/value.js'
import { builtinFunctions } from '../../../src/functions/registry.js'
import { createProjection } from '../../../src/operators/project.js'
import type { SelectStatement } from '../../../src/sql/ast/statement.js'
import { parseSelect } from '../../../src/sql/parser/index.js'
import { itemAt } from '../go-collections.js'
import { deepEqualGo, goValueAt, jsonAt, jsonRoundtripDiff } from '../go-values.js'
import type { CaseOutcome, ConformanceCase, KindHandler } from '../types.js'

export const functionHandler: KindHandler = (c) => projectCase(c)

/** Runs a `project` case: parse, build the input from its Go type, project, compare as the case says. */
export function projectCase(c: ConformanceCase): CaseOutcome {
  const expected = jsonAt(c, '/expected') as Record<string, unknown>
  let stmt: SelectStatement
  try {
    stmt = parseSelect(String(c['sql']), { functions: builtinFunctions })
  } catch (err) {
    if (expected['parse_error'] === true) return { status: 'pass' }
    return { status: 'fail', diff: `parse error: ${errorMessage(err)}` }
  }
  if (expected['parse_error'] === true) return { status: 'fail', diff: 'expected a parse error, the statement parsed' }

  const config = (c['operator_config'] ?? {}) as Record<string, unknown>
  const input = itemAt(c, '/input')
  if (input instanceof ErrorItem) return outcome(expected, undefined, input.error.message, c) // passed through as is
  if (input === undefined || input instanceof ResultRows) throw new Error('the case has no projectable input')

  const projection = createProjection(stmt, {
    functions: builtinFunctions,
    sendMeta: config['send_meta'] === true,
    ...(typeof config['is_aggregate'] === 'boolean' ? { isAggregate: config['is_aggregate'] } : {}),
  })
  let rows: ValueMap[]
  try {
    rows = projection.apply(input, { clock: systemClock })
  } catch (err) {
    return outcome(expected, undefined, errorMessage(err), c)
  }
  return outcome(expected, rows, undefined, c)
}

function outcome(
  expected: Record<string, unknown>,
  rows: ValueMap[] | undefined,
  error: string | undefined,
  c: ConformanceCase,
): CaseOutcome {
  if ('error' in expected) {
    if (error === expected['error']) return { status: 'pass' }
    return {
      status: 'fail',
      diff: `expected error ${JSON.stringify(expected['error'])}, got ${error === undefined ? 'no error' : JSON.stringify(error)}`,
    }
  }
  if (error !== undefined) return { status: 'fail', diff: `unexpected error: ${error}` }
  const d =
    c['compare'] === 'deep_equal'
      ? deepEqualGo(rows, goValueAt(c, '/expected/value'))
      : jsonRoundtripDiff(rows, expected['value'])
  return d === undefined ? { status: 'pass' } : { status: 'fail', diff: d }
}
