// `helper` cases (FORMAT.md §11.10): Unix-millisecond time conversion and ConvertMap of YAML mappings.

import { convertMap } from '../../../src/core/maps.js'
import { isMap } from '../../../src/core/value.js'
import { deepEqualGo, goValueAt, jsonAt } from '../go-values.js'
import type { CaseOutcome, ConformanceCase, KindHandler } from '../types.js'

export const helperHandler: KindHandler = (c) => {
  switch (c['function']) {
    case 'UnixMilli':
      return unixMilli(c)
    case 'ConvertMap':
      return convertMapCase(c)
    default:
      return { status: 'skip', reason: `helper function ${String(c['function'])} not handled` }
  }
}

function unixMilli(c: ConformanceCase): CaseOutcome {
  const millis = jsonAt(c, '/millis')
  const time = jsonAt(c, '/time')
  if (typeof millis !== 'number' || typeof time !== 'string') throw new Error('millis must be a number, time a string')
  const fromMillis = new Date(millis)
  if (fromMillis.toISOString() !== time) {
    return { status: 'fail', diff: `time of ${millis} ms: expected ${time}, got ${fromMillis.toISOString()}` }
  }
  const back = new Date(time).getTime()
  if (back !== millis) return { status: 'fail', diff: `millis of ${time}: expected ${millis}, got ${back}` }
  return { status: 'pass' }
}

function convertMapCase(c: ConformanceCase): CaseOutcome {
  const input = goValueAt(c, '/input')
  if (!isMap(input)) throw new Error('input must be a map')
  const d = deepEqualGo(convertMap(input), goValueAt(c, '/expected/value'))
  return d === undefined ? { status: 'pass' } : { status: 'fail', diff: d }
}
