// The operator kinds of a TopologySpec and the `config` of each node kind: plain data (AST nodes and stream
// definitions), no live objects. `OperatorConfigs` is the one declaration of the kinds; the planner's per-kind
// facts below and the runtime's builders (rules/operator-builders.ts) are records over it, so a kind added here
// does not compile until both have its entry.

import type { StreamDefinition } from '../catalog/stream-catalog.js'
import type { Expr, Window } from '../sql/ast/expr.js'
import type { Field, Join, SelectStatement, SortField, Table } from '../sql/ast/statement.js'

export interface SourceNodeConfig {
  readonly stream: string
  /** TYPE option, lower-case; `mqtt` when absent (1.0's default). */
  readonly type: string
  readonly datasource: string
  readonly format: string
  readonly confKey?: string
}

export interface SinkNodeConfig {
  /** The action's sink type (`log`, `mqtt`, `memory`...), or `binding` for a live sink handed to the engine. */
  readonly type: string
  readonly props: Readonly<Record<string, unknown>>
  /** Position of the action in the rule's `actions`. */
  readonly index: number
}

export interface PreprocessorConfig {
  readonly stream: StreamDefinition
  readonly alias?: string
  readonly isEventTime: boolean
  /** TIMESTAMP / TIMESTAMP_FORMAT options of the stream (event time). */
  readonly timestampField?: string
  readonly timestampFormat?: string
  /** Non-aggregate aliased SELECT fields, computed into each row so that WHERE can use the alias. */
  readonly aliasFields: readonly Field[]
}

export interface WindowFilterConfig {
  readonly condition: Expr
}

export interface WindowConfig {
  readonly window: Window
  readonly isEventTime: boolean
  readonly lateTolerance: number
  readonly streams: readonly string[]
}

export interface JoinConfig {
  readonly from: Table
  readonly joins: readonly Join[]
}

export interface ConditionConfig {
  readonly condition: Expr
}

export interface AggregateConfig {
  readonly dimensions: readonly Expr[]
  /** Aliased SELECT fields with an aggregate call, computed per group (for HAVING). */
  readonly aliasFields: readonly Field[]
}

export interface OrderConfig {
  readonly sortFields: readonly SortField[]
}

export interface ProjectConfig {
  readonly statement: SelectStatement
  readonly isAggregate: boolean
  readonly sendMeta: boolean
}

/** Operator kind → its config type, in 1.0's pipeline order. */
export interface OperatorConfigs {
  preprocessor: PreprocessorConfig
  windowFilter: WindowFilterConfig
  window: WindowConfig
  join: JoinConfig
  filter: ConditionConfig
  aggregate: AggregateConfig
  having: ConditionConfig
  order: OrderConfig
  project: ProjectConfig
}

export type OperatorKind = keyof OperatorConfigs

/** An operator node's kind with the config of that kind. */
export type OperatorNode = {
  [K in OperatorKind]: { readonly kind: K; readonly config: OperatorConfigs[K] }
}[OperatorKind]

export interface OperatorKindInfo {
  /** The operator keeps state across rows: one instance whatever the rule's concurrency (1.0 sets it on the others). */
  readonly singleInstance: boolean
}

export const operatorKinds: { readonly [K in OperatorKind]: OperatorKindInfo } = {
  preprocessor: { singleInstance: false },
  windowFilter: { singleInstance: false },
  window: { singleInstance: true },
  join: { singleInstance: false },
  filter: { singleInstance: false },
  aggregate: { singleInstance: false },
  having: { singleInstance: false },
  order: { singleInstance: false },
  project: { singleInstance: false },
}

/** Whether a node's `kind` (a string in the plain-data spec) names an operator. */
export function isOperatorKind(kind: string): kind is OperatorKind {
  return Object.prototype.hasOwnProperty.call(operatorKinds, kind)
}
