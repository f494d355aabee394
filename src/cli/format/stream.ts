// How `describe stream` prints a stream: 1.0's text (Fields, 80 dashes, `name<TAB>type` lines, a blank line, then
// `OPTION: value` sorted by key), or an aligned table for `--output table`.

import type { FieldTypeJson, StreamDescription, StreamFieldJson } from '../../server/contract.js'
import { renderTable } from './table.js'

/** 1.0's xsql.PrintFieldType: `bigint`, `array(string)`, `struct(a bigint, b array(float))`. */
export function printFieldType(t: FieldTypeJson): string {
  if (typeof t === 'string') return t
  if (t.Type === 'array') return `array(${printFieldType(t.ElementType)})`
  return `struct(${t.Fields.map((f) => `${f.Name} ${printFieldType(f.FieldType)}`).join(', ')})`
}

function sortedOptions(d: StreamDescription): [string, string][] {
  return Object.entries(d.Options ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

function fields(d: StreamDescription): readonly StreamFieldJson[] {
  return d.StreamFields ?? []
}

export function describeStreamText(d: StreamDescription): string {
  let out = 'Fields\n' + '-'.repeat(80) + '\n'
  for (const f of fields(d)) out += `${f.Name}\t${printFieldType(f.FieldType)}\n`
  out += '\n'
  for (const [k, v] of sortedOptions(d)) out += `${k}: ${v}\n`
  return out
}

export function describeStreamTable(d: StreamDescription): string {
  const fieldRows = fields(d).map((f) => [f.Name, printFieldType(f.FieldType)])
  const parts = [`Stream ${d.Name}`, '', renderTable(['FIELD', 'TYPE'], fieldRows)]
  if (fieldRows.length === 0) parts.push('(schemaless: fields are read as they come)')
  parts.push('', renderTable(['OPTION', 'VALUE'], sortedOptions(d)))
  return parts.join('\n') + '\n'
}
