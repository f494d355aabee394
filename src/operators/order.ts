// ORDER BY (1.0's OrderPlan + MultiSorter): rows of a window (its first stream), of a join result, or groups (by
// their first row) are sorted on field values with 1.0's rules: nil sorts last and stops the comparison, values of a
// field must have comparable types, ties fall through to the next field; Go's sort.Sort decides the order of ties.

import { ErrorItem, GroupedRows, JoinRows, WindowTuples } from '../core/collection.js'
import type { Item } from '../core/collection.js'
import { EvalError } from '../core/errors.js'
import { Tuple } from '../core/row.js'
import type { Row } from '../core/row.js'
import { isNil } from '../core/value.js'
import type { Value } from '../core/value.js'
import { simpleDataEval } from '../eval/binary-op.js'
import { toTimeMs } from '../eval/compare.js'
import type { Emit, Operator } from '../runtime/operator.js'
import type { SortField } from '../sql/ast/statement.js'
import type { OperatorDeps } from './common.js'
import { messageTypeName } from './go-print.js'
import { goSort } from './go-sort.js'

export interface OrderConfig {
  readonly sortFields: readonly SortField[]
}

export class OrderOp implements Operator {
  private readonly fields: readonly SortField[]

  constructor(config: OrderConfig, _deps?: OperatorDeps) {
    this.fields = config.sortFields
  }

  process(item: Item, out: Emit): void {
    if (item instanceof ErrorItem || item instanceof Tuple) {
      out(item)
    } else if (item instanceof WindowTuples) {
      // 1.0 sorts the tuples of the first stream only.
      const [first, ...rest] = item.sets
      if (first === undefined) out(item)
      else {
        const tuples = this.sort(first.tuples, (t) => t)
        out(new WindowTuples([{ emitter: first.emitter, tuples }, ...rest], item.start, item.end))
      }
    } else if (item instanceof JoinRows) {
      out(new JoinRows(this.sort(item.rows, (r) => r)))
    } else if (item instanceof GroupedRows) {
      out(new GroupedRows(this.sort(item.groups, (g) => g[0])))
    } else {
      throw new EvalError('run Order By error: expect xsql.Valuer or its array type')
    }
  }

  /** A sorted copy of `items`, keyed by the sort fields read from `rowOf(item)`. */
  sort<T>(items: readonly T[], rowOf: (item: T) => Row | undefined): T[] {
    const fields = this.fields
    const data = items.slice()
    const values: Value[][] = data.map((it) => {
      const row = rowOf(it)
      return fields.map((f) => row?.value(f.name, f.stream))
    })
    validateTypes(values, fields.length)
    goSort({
      length: data.length,
      less: (i, j) => less(values[i]!, values[j]!, fields),
      swap: (i, j) => {
        const t = data[i]!
        data[i] = data[j]!
        data[j] = t
        const v = values[i]!
        values[i] = values[j]!
        values[j] = v
      },
    })
    return data
  }
}

/** MultiSorter.Less: the first field that discriminates decides; nil goes last and ends the comparison. */
function less(p: readonly Value[], q: readonly Value[], fields: readonly SortField[]): boolean {
  for (let k = 0; k < fields.length; k++) {
    const vp = p[k]
    const vq = q[k]
    const pNil = isNil(vp)
    const qNil = isNil(vq)
    if (pNil || qNil) return !pNil && qNil
    const asc = fields[k]!.ascending
    if (lessThan(vp, vq)) return asc
    if (lessThan(vq, vp)) return !asc
  }
  return false
}

/** simpleDataEval(l, r, LT) == true: an invalid comparison is simply not "less". */
function lessThan(l: Value, r: Value): boolean {
  try {
    return simpleDataEval(l, r, '<') === true
  } catch {
    return false
  }
}

const NUMERIC = new Set(['int', 'int64', 'float64', 'uint64'])

/**
 * 1.0's load-and-validate pass: the first non-nil value of each field fixes its type; later values must be of a
 * comparable type, else `run Order By error: incompatible types for comparison: int and string`.
 */
function validateTypes(values: readonly (readonly Value[])[], width: number): void {
  const types: string[] = new Array<string>(width).fill('')
  for (const row of values) {
    for (let j = 0; j < width; j++) {
      const v = row[j]
      if (types[j] === '' && !isNil(v)) types[j] = messageTypeName(v)
      const t = types[j]!
      if (isNil(v) || t === '') continue
      const vt = messageTypeName(v)
      let ok: boolean
      if (NUMERIC.has(t)) ok = NUMERIC.has(vt)
      else if (t === 'bool' || t === 'string') ok = vt === t
      else if (t === 'time.Time') ok = toTimeMs(v) !== undefined
      else ok = false
      if (!ok) throw new EvalError(`run Order By error: incompatible types for comparison: ${t} and ${vt}`)
    }
  }
}
