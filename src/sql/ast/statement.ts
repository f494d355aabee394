// Statement nodes: rule SELECTs and the stream DDL/management statements.

import type { Expr } from './expr.js'

export type Statement =
  | SelectStatement
  | CreateStreamStatement
  | ShowStreamsStatement
  | DescribeStreamStatement
  | ExplainStreamStatement
  | DropStreamStatement

/**
 * One item of the SELECT list. `name` is the output key 1.0 derives (the column name for a FieldRef, the function
 * name for a Call, '' otherwise); `alias` is the `AS` name or ''.
 */
export interface Field {
  readonly kind: 'Field'
  readonly expr: Expr
  readonly name: string
  readonly alias: string
}

export interface Table {
  readonly kind: 'Table'
  readonly name: string
  readonly alias?: string
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS'

export interface Join {
  readonly kind: 'Join'
  readonly name: string
  readonly alias?: string
  readonly joinType: JoinType
  readonly on?: Expr
}

/** A GROUP BY item: an expression or a Window. */
export interface Dimension {
  readonly kind: 'Dimension'
  readonly expr: Expr
}

export interface SortField {
  readonly kind: 'SortField'
  readonly name: string
  readonly stream?: string
  readonly ascending: boolean
}

export interface SelectStatement {
  readonly kind: 'SelectStatement'
  readonly fields: readonly Field[]
  readonly sources: readonly Table[]
  readonly joins: readonly Join[]
  readonly condition?: Expr
  readonly dimensions: readonly Dimension[]
  readonly having?: Expr
  readonly sortFields: readonly SortField[]
}

export type BasicTypeName = 'bigint' | 'float' | 'string' | 'datetime' | 'boolean' | 'bytea'

/** A column type of a stream schema. */
export type FieldType =
  | { readonly kind: 'basic'; readonly type: BasicTypeName }
  | { readonly kind: 'array'; readonly elem: FieldType }
  | { readonly kind: 'struct'; readonly fields: readonly StreamField[] }

export interface StreamField {
  readonly name: string
  readonly type: FieldType
}

/** Option keys are stored upper-case (DATASOURCE, FORMAT, KEY, CONF_KEY, TYPE, STRICT_VALIDATION, TIMESTAMP, TIMESTAMP_FORMAT). */
export type StreamOptions = Readonly<Record<string, string>>

export interface CreateStreamStatement {
  readonly kind: 'CreateStreamStatement'
  readonly name: string
  /** null for a schemaless stream `()`. */
  readonly fields: readonly StreamField[] | null
  readonly options: StreamOptions
}

export interface ShowStreamsStatement {
  readonly kind: 'ShowStreamsStatement'
}

export interface DescribeStreamStatement {
  readonly kind: 'DescribeStreamStatement'
  readonly name: string
}

export interface ExplainStreamStatement {
  readonly kind: 'ExplainStreamStatement'
  readonly name: string
}

export interface DropStreamStatement {
  readonly kind: 'DropStreamStatement'
  readonly name: string
}
