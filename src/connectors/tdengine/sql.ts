// The INSERT statement the TDengine sink sends per row (1.0 plugin `tdengine` buildSql):
// `INSERT INTO <table> (<ts>,<fields>)VALUES(<ts value or now>,<values>);`

import { compareUtf8 } from '../../core/value.js'
import type { Value, ValueMap } from '../../core/value.js'
import { toJson } from '../../core/json.js'
import { ConnectorError } from '../api.js'

export interface InsertOptions {
  readonly table: string
  readonly tsFieldName: string
  /** The row carries the timestamp in `tsFieldName`; otherwise TDengine's `now` is used. */
  readonly provideTs: boolean
  /** Columns to write besides the timestamp; undefined = every field of the row (sorted). */
  readonly fields: readonly string[] | undefined
}

function quote(s: string): string {
  return '"' + s.replace(/[\\"]/g, (c) => '\\' + c) + '"'
}

/** A column value: strings quoted, numbers as JSON numbers, nil as NULL, times as epoch ms, maps as JSON text. */
export function sqlValue(v: Value): string {
  switch (typeof v) {
    case 'string':
      return quote(v)
    case 'number':
      return Number.isFinite(v) ? String(v) : 'NULL'
    case 'bigint':
      return v.toString()
    case 'boolean':
      return v ? 'true' : 'false'
    case 'undefined':
      return 'NULL'
    default:
      if (v === null) return 'NULL'
      if (v instanceof Date) return String(v.getTime())
      return quote(toJson(v))
  }
}

/** The timestamp column value: epoch numbers written as integers, strings quoted. */
function tsValue(v: Value): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(Math.trunc(v))
  return sqlValue(v)
}

/** The statement for one row; `missing` receives fields listed in `fields` that the row does not have. */
export function buildInsert(row: ValueMap, o: InsertOptions, missing?: (field: string) => void): string {
  const names = Object.keys(row)
  if (names.length === 0) throw new ConnectorError('tdengine sink: data is empty.', 'none')
  const keys: string[] = [o.tsFieldName]
  const vals: string[] = []
  if (o.provideTs) {
    if (!Object.hasOwn(row, o.tsFieldName))
      throw new ConnectorError(`tdengine sink: Timestamp field not found : ${o.tsFieldName}.`, 'none')
    vals.push(tsValue(row[o.tsFieldName]))
  } else vals.push('now')
  const fields = (o.fields ?? names.sort(compareUtf8)).filter((f) => f !== o.tsFieldName)
  for (const k of fields) {
    if (!Object.hasOwn(row, k)) {
      missing?.(k)
      continue
    }
    keys.push(k)
    vals.push(sqlValue(row[k]))
  }
  return `INSERT INTO ${o.table} (${keys.join(',')})VALUES(${vals.join(',')});`
}
