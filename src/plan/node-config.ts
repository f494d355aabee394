// The `config` of each node kind in a TopologySpec: plain data (AST nodes and stream definitions), no live objects.

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

/** Operator kind → its config type. */
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

export type PlanOperatorKind = keyof OperatorConfigs
