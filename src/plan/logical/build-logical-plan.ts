// SelectStatement + stream definitions → logical plan, in 1.0's clause order
// (xsql/processors/xsql_processor.go createTopoWithSources): sources → window → join → filter → aggregate → having → order → project.

import type { StreamCatalog, StreamDefinition } from '../../catalog/stream-catalog.js'
import { KuiperError } from '../../core/errors.js'
import type { FunctionCatalog } from '../../functions/define-function.js'
import type { Field, SelectStatement } from '../../sql/ast/statement.js'
import { hasAggregateCall, isAggregateStatement, windowOf } from '../../sql/ast/walk.js'
import { windowArgsProblem } from '../../sql/ast/window-types.js'
import type { RuleOptions } from '../options.js'
import type { DataSourcePlan } from './data-source.js'
import type { LogicalPlan } from './plan.js'

/** 1.0's xsql.GetStreams: the FROM stream, then each JOIN stream. */
export function streamsOf(stmt: SelectStatement): string[] {
  return [...stmt.sources.map((s) => s.name), ...stmt.joins.map((j) => j.name)]
}

export function buildLogicalPlan(
  stmt: SelectStatement,
  catalog: StreamCatalog,
  options: RuleOptions,
  functions: FunctionCatalog,
): LogicalPlan {
  const window = windowOf(stmt)
  const windowProblem = window !== undefined ? windowArgsProblem(window) : undefined
  if (windowProblem !== undefined) throw new KuiperError('PLAN_ERROR', windowProblem)
  if (options.sendMetaToSink && (streamsOf(stmt).length > 1 || stmt.dimensions.length > 0)) {
    throw new KuiperError('PLAN_ERROR', 'Invalid option sendMetaToSink, it can not be applied to window')
  }
  // 1.0 splits the aliased fields: plain ones are computed by the preprocessors (so WHERE sees them),
  // aggregate ones by the aggregate stage (so HAVING sees them).
  const aliasFields: Field[] = []
  const aggregateAliasFields: Field[] = []
  for (const f of stmt.fields) {
    if (f.alias === '') continue
    if (hasAggregateCall(f.expr, functions)) aggregateAliasFields.push(f)
    else aliasFields.push(f)
  }
  const sources: DataSourcePlan[] = []
  const aliases = new Map<string, string | undefined>()
  for (const t of stmt.sources) aliases.set(t.name, t.alias)
  for (const j of stmt.joins) aliases.set(j.name, j.alias)
  for (const name of streamsOf(stmt)) {
    const def = lookupStream(catalog, name)
    if (options.isEventTime && def.options['TIMESTAMP'] === undefined) {
      throw new KuiperError('PLAN_ERROR', 'preprocessor is set to be event time but stream option TIMESTAMP not found')
    }
    const alias = aliases.get(name)
    sources.push({
      kind: 'DataSource',
      stream: def,
      isEventTime: options.isEventTime,
      aliasFields,
      ...(alias ? { alias } : {}),
    })
  }
  if (stmt.joins.length > 0 && window === undefined) {
    throw new KuiperError('PLAN_ERROR', 'a time window or count window is required to join multiple streams')
  }

  let inputs: readonly LogicalPlan[] = sources
  if (window !== undefined) {
    inputs = [
      {
        kind: 'Window',
        inputs,
        window,
        isEventTime: options.isEventTime,
        lateTolerance: options.lateTolerance,
        streams: streamsOf(stmt),
      },
    ]
  }
  const single = (): readonly [LogicalPlan] => {
    if (inputs.length !== 1)
      throw new KuiperError('PLAN_ERROR', 'multiple streams need a window before they can be combined')
    return [inputs[0]!]
  }
  if (window !== undefined && stmt.joins.length > 0) {
    inputs = [{ kind: 'Join', inputs: single(), from: stmt.sources[0]!, joins: stmt.joins }]
  }
  if (stmt.condition !== undefined) {
    inputs = [{ kind: 'Filter', inputs: single(), condition: stmt.condition }]
  }
  const groups = stmt.dimensions.filter((d) => d.expr.kind !== 'Window').map((d) => d.expr)
  if (groups.length > 0 || aggregateAliasFields.length > 0) {
    inputs = [{ kind: 'Aggregate', inputs: single(), dimensions: groups, aliasFields: aggregateAliasFields }]
  }
  if (stmt.having !== undefined) {
    inputs = [{ kind: 'Having', inputs: single(), condition: stmt.having }]
  }
  if (stmt.sortFields.length > 0) {
    inputs = [{ kind: 'Order', inputs: single(), sortFields: stmt.sortFields }]
  }
  return {
    kind: 'Project',
    inputs: single(),
    statement: stmt,
    isAggregate: isAggregateStatement(stmt, functions),
    sendMeta: options.sendMetaToSink,
  }
}

function lookupStream(catalog: StreamCatalog, name: string): StreamDefinition {
  const def = catalog.get(name)
  if (def === undefined)
    throw new KuiperError('NOT_FOUND', `fail to get stream ${name}, please check if stream is created`)
  return def
}
