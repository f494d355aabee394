// EXPLAIN of a rule, read from its TopologySpec: one line per node in pipeline order with what it does.

import type { NodeSpec, TopologySpec } from '../core/topology-spec.js'
import type { Expr } from '../sql/ast/expr.js'
import type {
  AggregateConfig,
  ConditionConfig,
  JoinConfig,
  OrderConfig,
  PreprocessorConfig,
  ProjectConfig,
  SinkNodeConfig,
  SourceNodeConfig,
  WindowConfig,
} from './node-config.js'

/** Renders an expression as SQL; the caller passes the AST printer (sql/ast/to-sql). */
export type ExprPrinter = (e: Expr) => string

export interface ExplainLine {
  readonly id: string
  readonly kind: string
  readonly detail: string
  readonly next: readonly string[]
}

export function explainLines(spec: TopologySpec, print: ExprPrinter): ExplainLine[] {
  return spec.nodes.map((n) => ({ id: n.id, kind: n.kind, detail: detail(n, print), next: spec.edges[n.id] ?? [] }))
}

/** Text form: `op_filter: filter size > 3 -> op_project`. */
export function explainTopology(spec: TopologySpec, print: ExprPrinter): string {
  return explainLines(spec, print)
    .map((l) => `${l.id}: ${l.detail}${l.next.length > 0 ? ' -> ' + l.next.join(', ') : ''}`)
    .join('\n')
}

function detail(n: NodeSpec, print: ExprPrinter): string {
  const conc = (n.concurrency ?? 1) > 1 ? ` (concurrency ${n.concurrency})` : ''
  switch (n.kind) {
    case 'source': {
      const c = n.config as SourceNodeConfig
      return `source ${c.type} datasource=${c.datasource} format=${c.format}`
    }
    case 'sink': {
      const c = n.config as SinkNodeConfig
      return `sink ${c.type}${conc}`
    }
    case 'preprocessor': {
      const c = n.config as PreprocessorConfig
      const schema = c.stream.fields === null ? 'schemaless' : `${c.stream.fields.length} fields`
      const time = c.isEventTime ? `, event time from ${c.timestampField ?? '?'}` : ''
      return `preprocessor ${c.stream.name} (${schema}${time})${conc}`
    }
    case 'windowFilter':
    case 'filter':
    case 'having':
      return `${n.kind} ${print((n.config as ConditionConfig).condition)}${conc}`
    case 'window': {
      const c = n.config as WindowConfig
      const time = c.isEventTime ? ` event time, lateTolerance ${c.lateTolerance}` : ' processing time'
      return `window ${print(c.window)}${time}`
    }
    case 'join': {
      const c = n.config as JoinConfig
      return `join ${c.from.name} ${c.joins.map((j) => `${j.joinType} ${j.name}${j.on ? ' ON ' + print(j.on) : ''}`).join(' ')}`
    }
    case 'aggregate': {
      const c = n.config as AggregateConfig
      const parts = [...c.dimensions.map(print), ...c.aliasFields.map((f) => `${print(f.expr)} AS ${f.alias}`)]
      return `aggregate ${parts.join(', ')}${conc}`
    }
    case 'order':
      return `order ${(n.config as OrderConfig).sortFields
        .map((f) => `${f.stream ? f.stream + '.' : ''}${f.name} ${f.ascending ? 'ASC' : 'DESC'}`)
        .join(', ')}`
    case 'project': {
      const c = n.config as ProjectConfig
      const fields = c.statement.fields.map((f) => print(f.expr) + (f.alias ? ` AS ${f.alias}` : '')).join(', ')
      return `project ${fields}${c.isAggregate ? ' (aggregate)' : ''}${conc}`
    }
    default:
      return n.kind
  }
}
