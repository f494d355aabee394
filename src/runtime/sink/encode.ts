// The sink node's encoding step (1.0 sink_node.go getOutData): a result becomes the messages handed to the sink —
// dropped when `omitIfEmpty` and exactly `[{}]`, one per row with `sendSingle`, rendered through `dataTemplate`.

import type { Item } from '../../core/collection.js'
import { ErrorItem, ResultRows } from '../../core/collection.js'
import { errorMessage } from '../../core/errors.js'
import { toJson } from '../../core/json.js'
import { Tuple } from '../../core/row.js'
import type { ValueMap } from '../../core/value.js'
import { SinkPayload } from '../../connectors/api.js'
import type { SinkConf } from './conf.js'

/** The rows of an item reaching a sink, or the error text that replaced them. */
export function itemRows(item: Item): { rows: ValueMap[] } | { error: string } {
  if (item instanceof ResultRows) return { rows: item.rows }
  if (item instanceof ErrorItem) return { error: item.error.message }
  if (item instanceof Tuple) return { rows: [item.message] }
  return { error: `unexpected item ${item.constructor.name} at the sink` }
}

/** Exactly `[{}]`: the result `omitIfEmpty` drops. */
export function isOnlyEmptyRow(rows: readonly ValueMap[]): boolean {
  return rows.length === 1 && Object.keys(rows[0]!).length === 0
}

/** The plain payload of an item (no sink properties applied). */
export function toPayload(item: Item): SinkPayload {
  const r = itemRows(item)
  return 'rows' in r ? new SinkPayload(r.rows) : new SinkPayload(undefined, r.error)
}

/**
 * The one message of a result when `encodeItem` would make exactly that one without more to do: no `dataTemplate`,
 * not omitted, and either not `sendSingle` or `sendSingle` of a single row that encodes. Undefined otherwise (then
 * `encodeItem` does the rest, reporting what does not encode).
 */
export function plainPayload(item: Item, conf: SinkConf): SinkPayload | undefined {
  if (!(item instanceof ResultRows) || conf.dataTemplate !== undefined) return undefined
  const rows = item.rows
  if (conf.omitIfEmpty && isOnlyEmptyRow(rows)) return undefined
  if (!conf.sendSingle) return new SinkPayload(rows)
  if (rows.length !== 1) return undefined
  let text: string
  try {
    text = toJson(rows[0]!)
  } catch {
    return undefined
  }
  return new SinkPayload(rows, undefined, text)
}

/**
 * The messages of one item. `onError` receives what 1.0 logged and counted as an exception (unencodable rows,
 * template execution errors); the affected message is skipped.
 */
export function encodeItem(item: Item, conf: SinkConf, onError: (msg: string) => void): SinkPayload[] {
  const r = itemRows(item)
  if (!('rows' in r)) return [new SinkPayload(undefined, r.error)]
  const rows = r.rows
  if (conf.omitIfEmpty && isOnlyEmptyRow(rows)) return []
  const tp = conf.dataTemplate
  if (!conf.sendSingle && tp === undefined) return [new SinkPayload(rows)]
  let decoded: unknown[] | undefined
  if (tp !== undefined) {
    // 1.0 decoded the payload JSON into []map[string]interface{}: the template sees float64 numbers and strings.
    try {
      decoded = JSON.parse(toJson(rows)) as unknown[]
    } catch (err) {
      onError(`cannot encode the result: ${errorMessage(err)}`)
      return []
    }
  }
  if (!conf.sendSingle) {
    try {
      return [new SinkPayload(rows, undefined, tp!.execute(decoded), true)]
    } catch (err) {
      onError(`decode template error: ${errorMessage(err)}`)
      return []
    }
  }
  const out: SinkPayload[] = []
  rows.forEach((row, i) => {
    try {
      if (tp === undefined) out.push(new SinkPayload([row], undefined, toJson(row)))
      else out.push(new SinkPayload([row], undefined, tp.execute(decoded![i]), true))
    } catch (err) {
      onError(`${tp === undefined ? 'encode' : 'decode template'} error: ${errorMessage(err)}`)
    }
  })
  return out
}
