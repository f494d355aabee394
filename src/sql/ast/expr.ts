// Expression nodes of Kuiper's SQL: readonly, `kind`-tagged data. Walkers switch on `kind` and end in assertNever.

export type Expr =
  | FieldRef
  | MetaRef
  | Wildcard
  | IntegerLiteral
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | TimeLiteral
  | BinaryExpr
  | UnaryExpr
  | IndexExpr
  | ColonExpr
  | Call
  | CaseExpr
  | Window

export type ExprKind = Expr['kind']

/** `col` or `stream.col`. `stream` is absent when unqualified. */
export interface FieldRef {
  readonly kind: 'FieldRef'
  readonly stream?: string
  readonly name: string
}

/** A metadata key inside `meta(...)` / `mqtt(...)`: `meta(topic)`, `meta(s.device)`, `meta(*)` (name `*`). */
export interface MetaRef {
  readonly kind: 'MetaRef'
  readonly stream?: string
  readonly name: string
}

/** `*` (all columns) or `stream.*`. */
export interface Wildcard {
  readonly kind: 'Wildcard'
  readonly stream?: string
}

/** An integer literal: Go int64, held as a bigint. */
export interface IntegerLiteral {
  readonly kind: 'IntegerLiteral'
  readonly value: bigint
}

/** A float literal: Go float64. */
export interface NumberLiteral {
  readonly kind: 'NumberLiteral'
  readonly value: number
}

export interface StringLiteral {
  readonly kind: 'StringLiteral'
  readonly value: string
}

export interface BooleanLiteral {
  readonly kind: 'BooleanLiteral'
  readonly value: boolean
}

/** The time-unit keywords of window arguments: DD, HH, MI, SS, MS. */
export type TimeUnit = 'DD' | 'HH' | 'MI' | 'SS' | 'MS'

export interface TimeLiteral {
  readonly kind: 'TimeLiteral'
  readonly unit: TimeUnit
}

/**
 * Binary operators by precedence (high to low): `* / % & [] ->`, `+ - | ^`, `= != < <= > >=`, `AND`, `OR`.
 * `[]` (SUBSET) has an IndexExpr or ColonExpr on its right; `->` (ARROW) has a FieldRef on its right.
 */
export type BinaryOp =
  '*' | '/' | '%' | '&' | '[]' | '->' | '+' | '-' | '|' | '^' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR'

/** Binding strength of each binary operator (1.0's xsql Precedence); all are left-associative. */
export const binaryPrecedence: Readonly<Record<BinaryOp, number>> = {
  OR: 1,
  AND: 2,
  '=': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '+': 4,
  '-': 4,
  '|': 4,
  '^': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  '&': 5,
  '[]': 5,
  '->': 5,
}

export interface BinaryExpr {
  readonly kind: 'BinaryExpr'
  readonly op: BinaryOp
  readonly left: Expr
  readonly right: Expr
}

/** `-x` and `NOT x` (beyond 1.0, which had neither). */
export interface UnaryExpr {
  readonly kind: 'UnaryExpr'
  readonly op: '-' | 'NOT'
  readonly operand: Expr
}

/** `[i]`: the right side of a `[]` BinaryExpr. */
export interface IndexExpr {
  readonly kind: 'IndexExpr'
  readonly index: Expr
}

/** `[start:end]` (end exclusive): the right side of a `[]` BinaryExpr. Either bound may be absent. */
export interface ColonExpr {
  readonly kind: 'ColonExpr'
  readonly start?: Expr
  readonly end?: Expr
}

/** A function call. `name` keeps the case the user wrote. */
export interface Call {
  readonly kind: 'Call'
  readonly name: string
  readonly args: readonly Expr[]
}

/** `CASE [value] WHEN .. THEN .. [ELSE ..] END` (eKuiper 1.2). */
export interface CaseExpr {
  readonly kind: 'CaseExpr'
  readonly value?: Expr
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[]
  readonly else?: Expr
}

export type WindowType = 'TUMBLING_WINDOW' | 'HOPPING_WINDOW' | 'SLIDING_WINDOW' | 'SESSION_WINDOW' | 'COUNT_WINDOW'

/**
 * A window in GROUP BY. For time windows `length`/`interval` are in `unit`s as written
 * (use `windowLengthMs`); for COUNT_WINDOW they are counts. `interval` is 0 when absent.
 */
export interface Window {
  readonly kind: 'Window'
  readonly windowType: WindowType
  readonly unit?: TimeUnit
  readonly length: number
  readonly interval: number
  readonly filter?: Expr
}
