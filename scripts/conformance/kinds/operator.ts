// `operator` cases (FORMAT.md §5): one 1.0 operator built from a clause of `sql` (or, for the preprocessor, from
// `stream`), applied to `input`, its output compared per `compare` (deep_equal / unordered_groups / json_roundtrip).

import { ErrorItem, GroupedRows, ResultRows } from '../../../src/core/collection.js'
import type { Item } from '../../../src/core/collection.js'
import { errorMessage } from '../../../src/core/errors.js'
import { ManualClock } from '../../../src/core/manual-clock.js'
import { Tuple } from '../../../src/core/row.js'
import { isMap } from '../../../src/core/value.js'
import type { ValueMap } from '../../../src/core/value.js'
import { builtinFunctions } from '../../../src/functions/registry.js'
import { AggregateOp } from '../../../src/operators/aggregate.js'
import { FilterOp } from '../../../src/operators/filter.js'
import { HavingOp } from '../../../src/operators/having.js'
import { JoinOp } from '../../../src/operators/join.js'
import { OrderOp } from '../../../src/operators/order.js'
import { PreprocessOp } from '../../../src/operators/preprocess.js'
import { ProjectOp } from '../../../src/operators/project-op.js'
import type { ProjectConfig } from '../../../src/operators/project-op.js'
import type { Operator, OperatorContext } from '../../../src/runtime/operator.js'
import { hasAggregateCall } from '../../../src/sql/ast/walk.js'
import type { FieldType, SelectStatement, StreamField, Table } from '../../../src/sql/ast/statement.js'
import { parseSelect } from '../../../src/sql/parser/index.js'
import { goShape, itemAt } from '../go-collections.js'
import { deepEqualGo, jsonAt, jsonRoundtripDiff } from '../go-values.js'
import type { CaseOutcome, ConformanceCase, KindHandler } from '../types.js'

interface Expected {
  readonly value?: unknown
  readonly error?: string
  readonly parse_error?: boolean
}

const deps = { functions: builtinFunctions }

export const operatorHandler: KindHandler = (c) => {
  const expected = c['expected'] as Expected
  let op: Operator
  try {
    op = operatorOf(c)
  } catch (err) {
    if (expected.parse_error === true) return { status: 'pass' }
    return { status: 'fail', diff: `cannot build the operator: ${errorMessage(err)}` }
  }
  if (expected.parse_error === true) return { status: 'fail', diff: 'expected a parse error, the SQL was accepted' }

  const input = c['operator'] === 'preprocessor' ? preprocessorInput(c) : itemAt(c, '/input')
  if (input === undefined) throw new Error('the case has no input')
  const outs: Item[] = []
  let thrown: unknown
  try {
    op.process(input, (item) => outs.push(item), operatorContext(String(c['operator'])))
  } catch (err) {
    thrown = err ?? new Error('undefined thrown')
  }
  if (outs.length > 1) return { status: 'fail', diff: `expected at most one emission, got ${outs.length}` }
  const out = outs[0]
  const error = thrown !== undefined ? errorMessage(thrown) : out instanceof ErrorItem ? out.error.message : undefined

  if (expected.error !== undefined) {
    if (error === expected.error) return { status: 'pass' }
    return {
      status: 'fail',
      diff: `expected error ${JSON.stringify(expected.error)}, got ${describeOutcome(error, out)}`,
    }
  }
  if (error !== undefined) return { status: 'fail', diff: `unexpected error: ${error}` }
  return compareValue(c, out)
}

function describeOutcome(error: string | undefined, out: Item | undefined): string {
  if (error !== undefined) return `error ${JSON.stringify(error)}`
  return out === undefined ? 'no emission' : 'a value'
}

function compareValue(c: ConformanceCase, out: Item | undefined): CaseOutcome {
  const want = jsonAt(c, '/expected/value')
  const verdict = (d: string | undefined): CaseOutcome =>
    d === undefined ? { status: 'pass' } : { status: 'fail', diff: d }
  if (want === null) return verdict(out === undefined ? undefined : 'expected no emission, got one')
  if (out === undefined) return { status: 'fail', diff: 'expected a value, got no emission' }
  switch (c['compare']) {
    case 'json_roundtrip':
      if (!(out instanceof ResultRows)) return { status: 'fail', diff: 'expected result rows' }
      return verdict(jsonRoundtripDiff(out.rows, want))
    case 'unordered_groups':
      return verdict(unorderedGroupsDiff(c, out))
    default: {
      const expectedItem = itemAt(c, '/expected/value')
      if (expectedItem === undefined) throw new Error('no expected value')
      return verdict(deepEqualGo(goShape(out), goShape(expectedItem)))
    }
  }
}

/** Same number of groups; every expected group equals some actual group (group order free). */
function unorderedGroupsDiff(c: ConformanceCase, out: Item): string | undefined {
  const want = itemAt(c, '/expected/value')
  if (!(want instanceof GroupedRows) || !(out instanceof GroupedRows)) return 'expected grouped rows'
  if (want.groups.length !== out.groups.length) return `expected ${want.groups.length} groups, got ${out.groups.length}`
  const got = out.groups.map((g) => goShape(new GroupedRows([g])))
  for (let i = 0; i < want.groups.length; i++) {
    const w = goShape(new GroupedRows([want.groups[i]!]))
    const diffs = got.map((g) => deepEqualGo(g, w))
    if (!diffs.includes(undefined)) return `expected group ${i} matches no group: ${diffs[0] ?? ''}`
  }
  return undefined
}

function operatorContext(name: string): OperatorContext {
  const clock = new ManualClock(0)
  return {
    ruleId: 'conformance',
    opName: name,
    clock,
    fn: { clock },
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    setInterval: (fn, ms) => clock.setInterval(fn, ms),
  }
}

/** The operator under test, built directly (the Go tests build one operator, not a rule). */
function operatorOf(c: ConformanceCase): Operator {
  const kind = String(c['operator'])
  if (kind === 'preprocessor') return preprocessorOf(c)
  const stmt = parseSelect(String(c['sql']), { functions: builtinFunctions })
  const config = (c['operator_config'] ?? {}) as Record<string, unknown>
  switch (kind) {
    case 'filter':
      return new FilterOp({ condition: required(stmt.condition, 'WHERE') }, deps)
    case 'having':
      return new HavingOp({ condition: required(stmt.having, 'HAVING') }, deps)
    case 'order':
      return new OrderOp({ sortFields: stmt.sortFields }, deps)
    case 'aggregate': {
      const dimensions = stmt.dimensions.filter((d) => d.expr.kind !== 'Window').map((d) => d.expr)
      const aliasFields =
        'alias' in config ? stmt.fields.filter((f) => f.alias !== '' && hasAggregateCall(f.expr, builtinFunctions)) : []
      return new AggregateOp({ dimensions, aliasFields }, deps)
    }
    case 'join':
      return new JoinOp({ from: required(stmt.sources[0], 'FROM') as Table, joins: stmt.joins }, deps)
    case 'project':
      return new ProjectOp(projectConfig(stmt, config), deps)
    default:
      throw new Error(`unknown operator ${kind}`)
  }
}

function projectConfig(statement: SelectStatement, config: Record<string, unknown>): ProjectConfig {
  const isAggregate = config['is_aggregate']
  return {
    statement,
    sendMeta: config['send_meta'] === true,
    ...(typeof isAggregate === 'boolean' ? { isAggregate } : {}),
  }
}

function required<T>(v: T | undefined, clause: string): T {
  if (v === undefined) throw new Error(`the SQL has no ${clause} clause`)
  return v
}

// ---- preprocessor: `stream` (FORMAT.md §7 shape) and `input_json` ----

interface CorpusType {
  readonly type: string
  readonly elem?: CorpusType
  readonly fields?: readonly CorpusField[]
}

interface CorpusField extends CorpusType {
  readonly name: string
}

function fieldType(t: CorpusType): FieldType {
  switch (t.type) {
    case 'array':
      if (t.elem === undefined) throw new Error('array type without elem')
      return { kind: 'array', elem: fieldType(t.elem) }
    case 'struct':
      return { kind: 'struct', fields: streamFields(t.fields ?? []) }
    case 'bigint':
    case 'float':
    case 'string':
    case 'datetime':
    case 'boolean':
    case 'bytea':
      return { kind: 'basic', type: t.type }
    default:
      throw new Error(`unknown field type ${t.type}`)
  }
}

function streamFields(fields: readonly CorpusField[]): StreamField[] {
  return fields.map((f) => ({ name: f.name, type: fieldType(f) }))
}

function preprocessorOf(c: ConformanceCase): Operator {
  const stream = c['stream'] as {
    name: string
    fields: CorpusField[] | null
    options: Record<string, string>
  }
  const config = c['operator_config'] as { is_event_time?: boolean }
  return new PreprocessOp(
    {
      stream: {
        name: stream.name,
        fields: stream.fields === null ? null : streamFields(stream.fields),
        options: stream.options,
      },
      isEventTime: config.is_event_time === true,
    },
    deps,
  )
}

/** The Go test hands the preprocessor `&xsql.Tuple{Message: <input_json decoded>}`: no emitter, timestamp 0. */
function preprocessorInput(c: ConformanceCase): Tuple {
  const decoded = JSON.parse(String(c['input_json'])) as unknown
  if (!isMap(decoded as ValueMap)) throw new Error('input_json is not an object')
  return new Tuple('', decoded as ValueMap, 0, null)
}
