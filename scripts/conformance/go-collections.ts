// Kuiper 1.0's internal collections as the corpus writes them (FORMAT.md §3: Tuple, WindowTuplesSet, JoinTupleSets,
// GroupedTuplesSet), converted to our items and back to that shape for comparison.

import { ErrorItem, GroupedRows, JoinRows, WindowTuples } from '../../src/core/collection.js'
import type { Item } from '../../src/core/collection.js'
import { JoinTuple, Tuple } from '../../src/core/row.js'
import type { Row } from '../../src/core/row.js'
import type { Value } from '../../src/core/value.js'
import { jsonAt, tupleAt } from './go-values.js'
import type { ConformanceCase } from './types.js'

function arrayAt(c: ConformanceCase, pointer: string): unknown[] {
  const raw = jsonAt(c, pointer)
  if (raw === null) return []
  if (!Array.isArray(raw)) throw new Error(`case ${c.name}: no array at ${pointer}`)
  return raw
}

/** `{"Tuples": [Tuple...]}` (a `*xsql.JoinTuple`). */
export function joinTupleAt(c: ConformanceCase, pointer: string): JoinTuple {
  return new JoinTuple(arrayAt(c, `${pointer}/Tuples`).map((_, i) => tupleAt(c, `${pointer}/Tuples/${i}`)))
}

/** `[{"Emitter": s, "Tuples": [Tuple...]}...]`. */
export function windowTuplesAt(c: ConformanceCase, pointer: string): WindowTuples {
  const sets = arrayAt(c, pointer).map((entry, i) => {
    const emitter = (entry as Record<string, unknown>)['Emitter']
    const tuples = arrayAt(c, `${pointer}/${i}/Tuples`).map((_, j) => tupleAt(c, `${pointer}/${i}/Tuples/${j}`))
    return { emitter: typeof emitter === 'string' ? emitter : '', tuples }
  })
  return new WindowTuples(sets)
}

/** `[{"Tuples": [...]}...]`. */
export function joinRowsAt(c: ConformanceCase, pointer: string): JoinRows {
  return new JoinRows(arrayAt(c, pointer).map((_, i) => joinTupleAt(c, `${pointer}/${i}`)))
}

/** `[[Tuple|JoinTuple...]...]`, the element type from go_types (else guessed from the shape). */
export function groupedRowsAt(c: ConformanceCase, pointer: string): GroupedRows {
  const types = c.go_types ?? {}
  return new GroupedRows(
    arrayAt(c, pointer).map((_, i) =>
      arrayAt(c, `${pointer}/${i}`).map((el, j): Row => {
        const p = `${pointer}/${i}/${j}`
        const type = types[p]
        const isJoin =
          type === '*xsql.JoinTuple' ||
          (type === undefined && typeof el === 'object' && el !== null && !('Emitter' in el) && 'Tuples' in el)
        return isJoin ? joinTupleAt(c, p) : tupleAt(c, p)
      }),
    ),
  )
}

/** The value at `pointer` as an operator input/output, typed by go_types[pointer]; undefined for a JSON null. */
export function itemAt(c: ConformanceCase, pointer: string): Item | undefined {
  const raw = jsonAt(c, pointer)
  if (raw === null) return undefined
  const type = c.go_types?.[pointer]
  switch (type) {
    case '*xsql.Tuple':
      return tupleAt(c, pointer)
    case 'xsql.WindowTuplesSet':
      return windowTuplesAt(c, pointer)
    case 'xsql.JoinTupleSets':
      return joinRowsAt(c, pointer)
    case 'xsql.GroupedTuplesSet':
      return groupedRowsAt(c, pointer)
    case 'error':
      return new ErrorItem(new Error(String(raw)))
    default:
      throw new Error(`case ${c.name}: unsupported Go type ${String(type)} at ${pointer}`)
  }
}

function tupleShape(t: Tuple): Value {
  return { Emitter: t.emitter, Message: t.message, Timestamp: t.timestamp, Metadata: t.metadata }
}

function rowShape(r: Row): Value {
  if (r instanceof Tuple) return tupleShape(r)
  if (r instanceof JoinTuple) return { Tuples: r.tuples.map(tupleShape) }
  return { Row: r.all() }
}

/** The Go JSON shape of an item (FORMAT.md §3), to compare two items with deepEqualGo. */
export function goShape(item: Item): Value {
  if (item instanceof Tuple) return tupleShape(item)
  if (item instanceof WindowTuples)
    return item.sets.map((s) => ({ Emitter: s.emitter, Tuples: s.tuples.map(tupleShape) }))
  if (item instanceof JoinRows) return item.rows.map(rowShape)
  if (item instanceof GroupedRows) return item.groups.map((g) => g.map(rowShape))
  if (item instanceof ErrorItem) return { error: item.error.message }
  return { rows: item.rows }
}
