// `misc` cases (FORMAT.md §8): Message.Value lookups (Test_MessageValTest) and LowercaseKeyMap (TestLowercaseKeyMap).

import { lowercaseKeys } from '../../../src/core/maps.js'
import { Tuple } from '../../../src/core/row.js'
import type { Row } from '../../../src/core/row.js'
import { isMap } from '../../../src/core/value.js'
import { deepEqualGo, goValueAt, jsonAt } from '../go-values.js'
import type { CaseOutcome, ConformanceCase, KindHandler } from '../types.js'

/** Kuiper's COLUMN_SEPARATOR: `stream\u0007field` is a stream-qualified field name. */
const COLUMN_SEPARATOR = '\u0007'

export const miscHandler: KindHandler = (c) => {
  switch (c['function']) {
    case 'Test_MessageValTest':
      return messageValue(c)
    case 'TestLowercaseKeyMap':
      return lowercaseKeyMap(c)
    default:
      return { status: 'skip', reason: `misc function ${String(c['function'])} not handled` }
  }
}

function messageValue(c: ConformanceCase): CaseOutcome {
  const key = jsonAt(c, '/fields/key')
  const message = goValueAt(c, '/fields/message')
  if (typeof key !== 'string' || !isMap(message))
    throw new Error('fields.key must be a string and fields.message a map')
  const sep = key.indexOf(COLUMN_SEPARATOR)
  const tuple: Row = new Tuple('src', message, 0)
  const v = sep < 0 ? tuple.value(key) : tuple.value(key.slice(sep + 1), key.slice(0, sep))
  const ok = v !== undefined
  const expectedOk = jsonAt(c, '/fields/exptOk')
  if (ok !== expectedOk) return { status: 'fail', diff: `found: expected ${String(expectedOk)}, got ${String(ok)}` }
  const d = deepEqualGo(v, goValueAt(c, '/fields/exptV'))
  return d === undefined ? { status: 'pass' } : { status: 'fail', diff: d }
}

function lowercaseKeyMap(c: ConformanceCase): CaseOutcome {
  const src = goValueAt(c, '/fields/src')
  if (!isMap(src)) throw new Error('fields.src must be a map')
  const d = deepEqualGo(lowercaseKeys(src), goValueAt(c, '/fields/dest'))
  return d === undefined ? { status: 'pass' } : { status: 'fail', diff: d }
}
