// `source_edgex` cases (FORMAT.md §11.6): one EdgeX reading converted by the source's value descriptors
// (getValue), or one CastToString call, checked by assertions on the [result, error|ok] list.

import { ManualClock } from '../../../src/core/manual-clock.js'
import type { Value } from '../../../src/core/value.js'
import { emptyReading } from '../../../src/connectors/edgex/event.js'
import type { EdgexReading } from '../../../src/connectors/edgex/event.js'
import { castToString } from '../../../src/connectors/edgex/config.js'
import { convertReading } from '../../../src/connectors/edgex/readings.js'
import { ValueDescriptors } from '../../../src/connectors/edgex/value-descriptors.js'
import { deepEqualGo, goValueAt, jsonAt, parsePointer } from '../go-values.js'
import type { ConformanceCase, KindHandler } from '../types.js'

interface Assertion {
  readonly op: string
  readonly at: string
  readonly type?: string
  readonly then?: readonly Assertion[]
}

/** The call's results with their Go dynamic types: [value, error|ok]. */
interface Results {
  readonly values: readonly Value[]
  readonly types: readonly string[]
}

export const sourceEdgexHandler: KindHandler = (c) => {
  const results = c['function'] === 'getValue' ? getValue(c) : c['function'] === 'CastToString' ? cast(c) : undefined
  if (results === undefined) return { status: 'skip', reason: `function ${String(c['function'])} not handled` }
  const assertions = jsonAt(c, '/assertions') as readonly Assertion[]
  const failures = check(c, results, assertions, '/assertions')
  return failures.length === 0 ? { status: 'pass' } : { status: 'fail', diff: failures.join('; ') }
}

function getValue(c: ConformanceCase): Results {
  const vds = new ValueDescriptors('', new ManualClock(0))
  for (const [name, type] of Object.entries(jsonAt(c, '/value_descriptors') as Record<string, string>))
    vds.set(name, type)
  const raw = jsonAt(c, '/reading') as Record<string, unknown>
  const r: EdgexReading = {
    ...emptyReading(String(raw['Name'] ?? ''), String(raw['Value'] ?? '')),
    valueType: String(raw['ValueType'] ?? ''),
    floatEncoding: String(raw['FloatEncoding'] ?? ''),
  }
  const type = vds.get(r.name)
  if (type === undefined)
    return { values: [null, `cannot find type info for ${r.name} in value descriptor.`], types: ['<nil>', 'error'] }
  try {
    const tv = convertReading(type, r)
    return { values: [tv.value, null], types: [tv.goType, '<nil>'] }
  } catch (err) {
    return { values: [null, (err as Error).message], types: ['<nil>', 'error'] }
  }
}

function cast(c: ConformanceCase): Results {
  const [s, ok] = castToString(goValueAt(c, '/args/0'))
  return { values: [s, ok], types: ['string', 'bool'] }
}

function valueAt(results: Results, at: string): { value: Value; type: string } {
  const [first, ...rest] = parsePointer(at)
  const i = Number(first)
  let value: Value = results.values[i]
  let type = results.types[i] ?? '<nil>'
  for (const seg of rest) {
    value = Array.isArray(value) ? (value[Number(seg)] as Value) : undefined
    type = type.startsWith('[]') ? type.slice(2) : '<nil>'
  }
  return { value, type }
}

function check(c: ConformanceCase, results: Results, assertions: readonly Assertion[], base: string): string[] {
  const failures: string[] = []
  assertions.forEach((a, i) => {
    const { value, type } = valueAt(results, a.at)
    switch (a.op) {
      case 'no_error':
        if (value !== null && value !== undefined) failures.push(`${a.at}: unexpected error ${String(value)}`)
        break
      case 'error':
        if (value === null || value === undefined) failures.push(`${a.at}: expected an error`)
        break
      case 'type':
        if (type !== a.type) failures.push(`${a.at}: type ${type}, expected ${String(a.type)}`)
        break
      case 'if_type':
        if (type === a.type) failures.push(...check(c, results, a.then ?? [], `${base}/${i}/then`))
        break
      case 'equals': {
        const pointer = `${base}/${i}/value`
        const expected = goValueAt(c, pointer)
        const json = jsonAt(c, pointer)
        const expectedType =
          c.go_types?.[pointer] ??
          (typeof json === 'number' ? 'float64' : typeof json === 'boolean' ? 'bool' : 'string')
        if (expectedType !== type) failures.push(`${a.at}: type ${type}, expected ${expectedType}`)
        const d = deepEqualGo(value, expected)
        if (d !== undefined) failures.push(`${a.at}: ${d}`)
        break
      }
      default:
        failures.push(`unknown assertion op ${a.op}`)
    }
  })
  return failures
}
