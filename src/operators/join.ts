// JOIN over a window (1.0's JoinPlan): the first join pairs two streams of the window's tuple sets, each further join
// extends the joined rows with one more stream. Row order, the tuples inside a row and the outer-join rules are 1.0's
// exactly (e.g. a LEFT JOIN row holds its left tuple then every matching right tuple).

import { ErrorItem, JoinRows, WindowTuples } from '../core/collection.js'
import type { Item } from '../core/collection.js'
import { EvalError } from '../core/errors.js'
import { JoinTuple } from '../core/row.js'
import type { Tuple } from '../core/row.js'
import { compileExpr } from '../eval/compile.js'
import { describeValue } from '../core/value.js'
import type { EvalContext, Evaluator } from '../eval/evaluator.js'
import type { Emit, Operator, OperatorContext } from '../runtime/operator.js'
import type { Expr } from '../sql/ast/expr.js'
import { walkExpr } from '../sql/ast/walk.js'
import type { Join, JoinType, Table } from '../sql/ast/statement.js'
import { wrapError } from './common.js'
import type { OperatorDeps } from './common.js'
import { MultiRow } from './join-row.js'
import type { ValuerPart } from './join-row.js'

export interface JoinConfig {
  /** The FROM stream: its alias, else its name, names its tuple set in the window. */
  readonly from: Table
  readonly joins: readonly Join[]
}

interface CompiledJoin {
  readonly type: JoinType
  /** The joined stream as the window names it (alias, else name). */
  readonly stream: string
  /** The two streams of the first join: the first two stream-qualified fields of ON, else FROM and the join. */
  readonly pair: readonly [string, string]
  /** The FROM stream, the left side of a first CROSS JOIN. */
  readonly from: string
  readonly on: Evaluator | undefined
}

export class JoinOp implements Operator {
  private readonly joins: readonly CompiledJoin[]

  constructor(config: JoinConfig, deps: OperatorDeps) {
    const fromName = config.from.alias || config.from.name
    this.joins = config.joins.map((j) => {
      const stream = j.alias || j.name
      return {
        type: j.joinType,
        stream,
        pair: streamPair(j.on, fromName, stream),
        from: fromName,
        on: j.on === undefined ? undefined : compileExpr(j.on, { functions: deps.functions }),
      }
    })
  }

  process(item: Item, out: Emit, ctx: OperatorContext): void {
    if (item instanceof ErrorItem) {
      out(item)
      return
    }
    if (!(item instanceof WindowTuples)) throw new EvalError('run Join error: join is only supported in window')
    const ectx: EvalContext = { fn: ctx.fn }
    let result: JoinTuple[] = []
    try {
      this.joins.forEach((j, i) => {
        result = i === 0 ? this.first(item, j, ectx) : this.next(result, item, j, ectx)
      })
    } catch (err) {
      throw wrapError('run Join error: ', err)
    }
    if (result.length > 0) out(new JoinRows(result))
  }

  /** evalSet: the first join, between two tuple sets of the window. */
  private first(input: WindowTuples, j: CompiledJoin, ectx: EvalContext): JoinTuple[] {
    if (j.type === 'RIGHT') return this.rightOfFirst(input, j, false, ectx)
    const [leftStream, rightStream] = j.type === 'CROSS' ? [j.from, j.stream] : j.pair
    const lefts = bySource(input, leftStream)
    const rights = bySource(input, rightStream)
    const sets: JoinTuple[] = []
    const keepsLeft = j.type === 'LEFT' || j.type === 'FULL' || j.type === 'CROSS'
    for (const left of lefts) {
      let merged: Tuple[] = keepsLeft ? [left] : []
      for (const right of rights) {
        if (j.type === 'CROSS') merged.push(right)
        else if (evalOn(j, [{ tuples: [left, right] }], ectx)) {
          if (j.type === 'INNER') {
            sets.push(new JoinTuple([left, right]))
            merged = []
          } else merged.push(right)
        }
      }
      if (merged.length > 0) sets.push(new JoinTuple(merged))
    }
    if (j.type === 'FULL') sets.push(...this.rightOfFirst(input, j, true, ectx))
    return sets
  }

  /** evalSetWithRightJoin: one row per right tuple with its matching left tuples (only unmatched ones if `excludeJoint`). */
  private rightOfFirst(input: WindowTuples, j: CompiledJoin, excludeJoint: boolean, ectx: EvalContext): JoinTuple[] {
    const [leftStream, rightStream] = j.pair
    const lefts = bySource(input, leftStream)
    const sets: JoinTuple[] = []
    for (const right of bySource(input, rightStream)) {
      const merged: Tuple[] = [right]
      let joint = false
      for (const left of lefts) {
        if (evalOn(j, [{ tuples: [right, left] }], ectx)) {
          merged.push(left)
          joint = true
        }
      }
      if (!excludeJoint || !joint) sets.push(new JoinTuple(merged))
    }
    return sets
  }

  /** evalJoinSets: a further join, extending the joined rows so far with the tuples of one more stream. */
  private next(set: readonly JoinTuple[], input: WindowTuples, j: CompiledJoin, ectx: EvalContext): JoinTuple[] {
    if (j.type === 'RIGHT') return this.rightOfNext(set, input, j, false, ectx)
    const rights = bySource(input, j.stream)
    const out: JoinTuple[] = []
    const keepsLeft = j.type === 'LEFT' || j.type === 'FULL' || j.type === 'CROSS'
    for (const left of set) {
      const merged: Tuple[] = keepsLeft ? [...left.tuples] : []
      let innerAppended = false
      for (const right of rights) {
        if (j.type === 'CROSS') merged.push(right)
        else if (evalOn(j, [{ tuples: left.tuples }, { tuple: right }], ectx)) {
          if (j.type === 'INNER' && !innerAppended) {
            merged.push(...left.tuples)
            innerAppended = true
          }
          merged.push(right)
        }
      }
      if (merged.length > 0) out.push(new JoinTuple(merged))
    }
    if (j.type === 'FULL') {
      // 1.0 ignores an error of this pass and drops the right-only rows.
      try {
        out.push(...this.rightOfNext(set, input, j, true, ectx))
      } catch {
        // nothing appended
      }
    }
    return out
  }

  /** evalRightJoinSets: one row per right tuple followed by the tuples of every joined row it matches. */
  private rightOfNext(
    set: readonly JoinTuple[],
    input: WindowTuples,
    j: CompiledJoin,
    excludeJoint: boolean,
    ectx: EvalContext,
  ): JoinTuple[] {
    const out: JoinTuple[] = []
    for (const right of bySource(input, j.stream)) {
      const merged: Tuple[] = [right]
      let joint = false
      for (const left of set) {
        if (evalOn(j, [{ tuple: right }, { tuples: left.tuples }], ectx)) {
          joint = true
          merged.push(...left.tuples)
        }
      }
      if (!excludeJoint || !joint) out.push(new JoinTuple(merged))
    }
    return out
  }
}

/** WindowTuplesSet.GetBySrc: the tuples of the set whose emitter is exactly `src`. */
function bySource(input: WindowTuples, src: string): readonly Tuple[] {
  for (const s of input.sets) if (s.emitter === src) return s.tuples
  return []
}

/** evalOn: the ON condition (it must give a bool); without ON, every pair matches. */
function evalOn(j: CompiledJoin, parts: readonly ValuerPart[], ectx: EvalContext): boolean {
  if (j.on === undefined) return true
  const v = j.on(new MultiRow(parts), ectx)
  if (typeof v === 'boolean') return v
  throw new EvalError(`invalid join condition that returns non-bool value ${describeValue(v)}`)
}

/**
 * getStreamNames: the stream qualifiers of ON's fields in walk order; when there are not exactly two, 1.0 appends
 * the FROM and join streams and takes the first two.
 */
function streamPair(on: Expr | undefined, from: string, joined: string): readonly [string, string] {
  const srcs: string[] = []
  if (on !== undefined) {
    walkExpr(on, (e) => {
      if (e.kind === 'FieldRef' && e.stream !== undefined && e.stream !== '') srcs.push(e.stream)
    })
  }
  if (srcs.length !== 2) srcs.push(from, joined)
  return [srcs[0]!, srcs[1]!]
}
