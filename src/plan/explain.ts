// EXPLAIN of a rule, read from its TopologySpec: one line per node in pipeline order with what it does.

import type { NodeSpec, TopologySpec } from '../core/topology-spec.js'
import type { Expr } from '../sql/ast/expr.js'
import { isOperatorKind } from './node-config.js'
import type { OperatorNode, SinkNodeConfig, SourceNodeConfig } from './node-config.js'

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
  if (n.kind === 'source') {
    const c = n.config as SourceNodeConfig
    return `source ${c.type} datasource=${c.datasource} format=${c.format}`
  }
  const conc = (n.concurrency ?? 1) > 1 ? ` (concurrency ${n.concurrency})` : ''
  if (n.kind === 'sink') return `sink ${(n.config as SinkNodeConfig).type}${conc}`
  if (!isOperatorKind(n.kind)) return n.kind
  return operatorDetail({ kind: n.kind, config: n.config } as OperatorNode, print, conc)
}

/** One case per operator kind and no default, so a kind added to node-config.ts does not compile without its line. */
function operatorDetail(n: OperatorNode, print: ExprPrinter, conc: string): string {
  switch (n.kind) {
    case 'preprocessor': {
      const c = n.config
      const schema = c.stream.fields === null ? 'schemaless' : `${c.stream.fields.length} fields`
      const time = c.isEventTime ? `, event time from ${c.timestampField ?? '?'}` : ''
      return `preprocessor ${c.stream.name} (${schema}${time})${conc}`
    }
    case 'windowFilter':
    case 'filter':
    case 'having':
      return `${n.kind} ${print(n.config.condition)}${conc}`
    case 'window': {
      const c = n.config
      const time = c.isEventTime ? ` event time, lateTolerance ${c.lateTolerance}` : ' processing time'
      return `window ${print(c.window)}${time}`
    }
    case 'join': {
      const c = n.config
      return `join ${c.from.name} ${c.joins.map((j) => `${j.joinType} ${j.name}${j.on ? ' ON ' + print(j.on) : ''}`).join(' ')}`
    }
    case 'aggregate': {
      const c = n.config
      const parts = [...c.dimensions.map(print), ...c.aliasFields.map((f) => `${print(f.expr)} AS ${f.alias}`)]
      return `aggregate ${parts.join(', ')}${conc}`
    }
    case 'order':
      return `order ${n.config.sortFields
        .map((f) => `${f.stream ? f.stream + '.' : ''}${f.name} ${f.ascending ? 'ASC' : 'DESC'}`)
        .join(', ')}`
    case 'project': {
      const c = n.config
      const fields = c.statement.fields.map((f) => print(f.expr) + (f.alias ? ` AS ${f.alias}` : '')).join(', ')
      return `project ${fields}${c.isAggregate ? ' (aggregate)' : ''}${conc}`
    }
  }
}
