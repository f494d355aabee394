// The SELECT-list projection of Kuiper 1.0 (xsql/plans/project_operator.go) as a pure transform: a row, or every row
// of a window / join / grouping, becomes an output map. The rule runtime wraps it into an Operator.

import { GroupedRows, JoinRows, WindowTuples } from '../core/collection.js'
import type { Collection } from '../core/collection.js'
import { EvalError, errorMessage } from '../core/errors.js'
import { intern } from '../core/intern.js'
import { setOwn } from '../core/maps.js'
import { Tuple } from '../core/row.js'
import type { Row } from '../core/row.js'
import { isMap } from '../core/value.js'
import type { ValueMap } from '../core/value.js'
import { compileExpr } from '../eval/compile.js'
import type { EvalContext, Evaluator } from '../eval/evaluator.js'
import type { FunctionCatalog, FunctionContext } from '../functions/define-function.js'
import type { Field, SelectStatement } from '../sql/ast/statement.js'
import { isAggregateStatement } from '../sql/ast/walk.js'

/** The key under which `sendMetaToSink` puts a tuple's metadata (1.0's common.MetaKey). */
export const META_KEY = '__meta'

const AUTO_NAME_PREFIX = 'rengine_field_'

export interface ProjectOptions {
  readonly functions: FunctionCatalog
  /** Add the tuple's metadata as `__meta` (rule option sendMetaToSink); only for a single Tuple with metadata. */
  readonly sendMeta?: boolean
  /** 1.0's IsAggregate: one output row per group instead of one per row. Default: decided from the statement. */
  readonly isAggregate?: boolean
}

/**
 * A compiled SELECT list.
 * @example
 * const project = createProjection(parseSelect('SELECT a, count(*) AS c FROM demo'), { functions: builtinFunctions })
 * project.apply(tuple, { clock })  // [{ a: ..., c: 1n }]
 */
export interface Projection {
  readonly isAggregate: boolean
  /** One output map for `row`; aggregate calls run over `group` (over `[row]` when absent). Throws EvalError. */
  projectRow(row: Row, fn: FunctionContext, group?: readonly Row[]): ValueMap
  /**
   * 1.0's ProjectOp.Apply: a Tuple gives one map; a window or join gives one per row (only the first, over all
   * rows, when aggregating); a grouping gives one per group. Errors are `run Select error: ...` (join errors
   * keep their bare message, as in 1.0).
   */
  apply(input: Tuple | Collection, fn: FunctionContext): ValueMap[]
}

interface FieldPlan {
  readonly eval: Evaluator
  /** `*` / `stream.*`: the columns are merged into the output. */
  readonly wildcard: boolean
  /** Alias or derived name; undefined for `rengine_field_<i>`. */
  readonly key: string | undefined
}

export function createProjection(stmt: SelectStatement, opts: ProjectOptions): Projection {
  const fields = stmt.fields.map((f) => planField(f, opts.functions))
  const isAggregate = opts.isAggregate ?? isAggregateStatement(stmt, opts.functions)
  return new CompiledProjection(fields, isAggregate, opts.sendMeta === true)
}

/**
 * A projection is one object with its state in fields (not closures sharing a context): with 1,000 rules on one
 * stream it runs once per rule and message, and every object it reads is one more memory access.
 */
class CompiledProjection implements Projection {
  // The context of a row outside a group depends on `fn` only (one per operator instance): made once, not per row.
  private plainFn: FunctionContext | undefined = undefined
  private plainCtx: EvalContext | undefined = undefined

  /**
   * Every field has a name of its own (no wildcard, no unnamed expression, no name twice, no `__proto__`): a value is
   * stored under its name as it is, without looking for a free name or a clash.
   */
  private readonly named: boolean

  constructor(
    private readonly fields: readonly FieldPlan[],
    readonly isAggregate: boolean,
    private readonly sendMeta: boolean,
  ) {
    const keys = fields.map((f) => (f.wildcard ? undefined : f.key))
    this.named = keys.every((k) => k !== undefined && k !== '__proto__') && new Set(keys).size === keys.length
  }

  projectRow(row: Row, fn: FunctionContext, group?: readonly Row[]): ValueMap {
    let ctx: EvalContext
    if (group !== undefined) ctx = { fn, group }
    else if (fn === this.plainFn) ctx = this.plainCtx!
    else {
      ctx = this.plainCtx = { fn }
      this.plainFn = fn
    }
    const fields = this.fields
    let out: ValueMap = {}
    if (this.named) {
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!
        const v = f.eval(row, ctx)
        if (v !== null && v !== undefined) out[f.key!] = v
      }
      return out
    }
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!
      const v = f.eval(row, ctx)
      if (f.wildcard) {
        if (!isMap(v)) throw new EvalError('wildcarder does not return map')
        // Into the empty map of a leading `*`, a spread copies in one step (own data properties, `__proto__` too).
        if (i === 0) out = { ...v }
        else for (const k of Object.keys(v)) setOwn(out, k, v[k])
      } else if (v !== null && v !== undefined) {
        const key = f.key ?? autoName(out)
        if (!Object.prototype.hasOwnProperty.call(out, key)) setOwn(out, key, v)
      }
    }
    return out
  }

  apply(input: Tuple | Collection, fn: FunctionContext): ValueMap[] {
    try {
      return this.applyAll(input, fn)
    } catch (err) {
      if (input instanceof JoinRows) throw err
      throw new EvalError(`run Select error: ${errorMessage(err)}`, { cause: err })
    }
  }

  private applyAll(input: Tuple | Collection, fn: FunctionContext): ValueMap[] {
    if (input instanceof Tuple) {
      const out = this.projectRow(input, fn, this.isAggregate ? [input] : undefined)
      if (this.sendMeta && input.metadata !== null) out[META_KEY] = input.metadata
      return [out]
    }
    if (input instanceof WindowTuples) {
      if (input.sets.length !== 1)
        throw new EvalError('the input WindowTuplesSet with multiple tuples cannot be evaluated)')
      return this.rowsOf(input.sets[0]!.tuples, fn)
    }
    if (input instanceof JoinRows) return this.rowsOf(input.rows, fn)
    if (input instanceof GroupedRows) {
      return input.groups
        .filter((g) => g.length > 0)
        .map((g) => this.projectRow(g[0]!, fn, this.isAggregate ? g : undefined))
    }
    throw new EvalError(`invalid input ${String(input)}`)
  }

  private rowsOf(rows: readonly Row[], fn: FunctionContext): ValueMap[] {
    if (this.isAggregate) return rows.length === 0 ? [] : [this.projectRow(rows[0]!, fn, rows)]
    return rows.map((r) => this.projectRow(r, fn))
  }
}

function planField(f: Field, functions: FunctionCatalog): FieldPlan {
  const wildcard = f.expr.kind === 'Wildcard' || f.name === '*'
  const named = f.alias.trim() || f.name.trim()
  const key = named === '' ? undefined : intern(named)
  return { eval: compileExpr(f.expr, { functions }), wildcard, key }
}

/** 1.0's assignName for an unnamed expression: the first `rengine_field_<i>` not yet in the output. */
function autoName(out: ValueMap): string {
  for (let i = 0; ; i++) {
    const key = AUTO_NAME_PREFIX + i
    if (!Object.prototype.hasOwnProperty.call(out, key)) return key
  }
}
