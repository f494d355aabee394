// `sink_edgex` cases (FORMAT.md §11.5): the result JSON converted to an EdgeX models.Event as the edgex sink does,
// compared field by field (Go names, readings in order, null = nil slice).

import type { EdgexEvent, EdgexReading } from '../../../src/connectors/edgex/event.js'
import { produceEvent } from '../../../src/connectors/edgex/produce.js'
import { jsonAt } from '../go-values.js'
import type { KindHandler } from '../types.js'

export const sinkEdgexHandler: KindHandler = (c) => {
  const config = jsonAt(c, '/sink_config') as { metadata?: string; deviceName?: string }
  const input = jsonAt(c, '/input') as string
  const expected = jsonAt(c, '/expected') as { event?: unknown; error?: string }
  let actual: unknown
  try {
    actual = {
      event: goShape(produceEvent(input, { metadata: config.metadata ?? '', deviceName: config.deviceName ?? '' })),
    }
  } catch (err) {
    actual = { error: (err as Error).message }
  }
  if ('error' in expected) {
    return 'error' in (actual as object)
      ? { status: 'pass' }
      : { status: 'fail', diff: `expected error ${expected.error}` }
  }
  const a = canonical(actual)
  const e = canonical(expected)
  return a === e ? { status: 'pass' } : { status: 'fail', diff: `got ${a}, expected ${e}` }
}

function goReading(r: EdgexReading): Record<string, unknown> {
  return {
    Id: r.id,
    Pushed: Number(r.pushed),
    Created: Number(r.created),
    Origin: Number(r.origin),
    Modified: Number(r.modified),
    Device: r.device,
    Name: r.name,
    Value: r.value,
    ValueType: r.valueType,
    FloatEncoding: r.floatEncoding,
    BinaryValue: r.binaryValue === null ? null : Buffer.from(r.binaryValue).toString('base64'),
    MediaType: r.mediaType,
  }
}

function goShape(e: EdgexEvent): Record<string, unknown> {
  return {
    ID: e.id,
    Pushed: Number(e.pushed),
    Device: e.device,
    Created: Number(e.created),
    Modified: Number(e.modified),
    Origin: Number(e.origin),
    Readings: e.readings === null ? null : e.readings.map(goReading),
    Tags: e.tags,
  }
}

/** JSON with object keys sorted (arrays keep their order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(v)
}
