// The SELECT projection as a rule operator: wraps the projection of ./project.ts, whose rows go downstream as one
// ResultRows item (1.0's project emits the JSON array of all rows of a window or grouping at once).

import { ErrorItem, ResultRows } from '../core/collection.js'
import type { Item } from '../core/collection.js'
import { EvalError } from '../core/errors.js'
import type { Emit, Operator, OperatorContext } from '../runtime/operator.js'
import type { Expr } from '../sql/ast/expr.js'
import type { Field, SelectStatement } from '../sql/ast/statement.js'
import { toSql } from '../sql/ast/to-sql.js'
import { walkExpr } from '../sql/ast/walk.js'
import { intern } from '../core/intern.js'
import type { OperatorDeps } from './common.js'
import { createProjection } from './project.js'
import type { ProjectOptions, Projection } from './project.js'

export interface ProjectConfig {
  /** The rule's statement: its SELECT list, and what decides 1.0's IsAggregate when `isAggregate` is absent. */
  readonly statement: SelectStatement
  /** Rule option sendMetaToSink. */
  readonly sendMeta?: boolean
  readonly isAggregate?: boolean
}

export class ProjectOp implements Operator {
  private readonly projection: Projection
  /** The function context of the last `ctx` (one per operator instance): read without reading `ctx`. */
  private fn: OperatorContext['fn'] | undefined
  private fnOf: OperatorContext | undefined
  /** See `sharedTransformKey`. */
  private readonly sharedKey: string | undefined

  constructor(config: ProjectConfig, deps: OperatorDeps) {
    const opts: { -readonly [K in keyof ProjectOptions]: ProjectOptions[K] } = { functions: deps.functions }
    if (config.sendMeta !== undefined) opts.sendMeta = config.sendMeta
    if (config.isAggregate !== undefined) opts.isAggregate = config.isAggregate
    this.projection = createProjection(config.statement, opts)
    this.sharedKey =
      config.sendMeta !== true && !this.projection.isAggregate ? rowOnlyKey(config.statement.fields) : undefined
  }

  /**
   * A SELECT list computed from the row alone (columns, literals, operators: no function, whose result may depend on
   * the rule or the moment, and no qualified column) gives every rule the same rows for the same tuple: the rules of
   * a stream with the same list may share them (read-only, as every result is).
   */
  sharedTransformKey(): string | undefined {
    return this.sharedKey
  }

  process(item: Item, out: Emit, ctx: OperatorContext): void {
    out(this.transform(item, ctx))
  }

  transform(item: Item, ctx: OperatorContext): Item {
    if (item instanceof ErrorItem) return item
    if (item instanceof ResultRows) throw new EvalError('run Select error: invalid input ResultRows')
    let fn = this.fn
    if (fn === undefined || this.fnOf !== ctx) {
      fn = this.fn = ctx.fn
      this.fnOf = ctx
    }
    return new ResultRows(this.projection.apply(item, fn))
  }
}

/** The key of a SELECT list computed from the row alone (see ProjectOp.sharedTransformKey); undefined otherwise. */
function rowOnlyKey(fields: readonly Field[]): string | undefined {
  for (const f of fields) if (!rowOnly(f.expr)) return undefined
  return intern('select ' + JSON.stringify(fields.map((f) => [toSql(f.expr), f.name, f.alias])))
}

function rowOnly(expr: Expr): boolean {
  let only = true
  walkExpr(expr, (e) => {
    if (e.kind === 'Call' || e.kind === 'Window' || e.kind === 'TimeLiteral') only = false
    else if ((e.kind === 'FieldRef' || e.kind === 'Wildcard' || e.kind === 'MetaRef') && e.stream !== undefined)
      only = false
    return only
  })
  return only
}
