// EdgeX event → the stream message and its metadata (1.0 edgex_source.go Open): one field per named reading,
// typed by its value descriptor; event metadata (id, pushed, device, created, modified, origin, correlationid)
// plus one map per reading name (id, created, modified, origin, pushed, device) for `meta(name->created)`.

import type { ValueMap } from '../../core/value.js'
import { errorMessage } from '../../core/errors.js'
import { setOwn } from '../../core/maps.js'
import type { EdgexEvent, EdgexReading } from './event.js'
import { convertReading } from './readings.js'

export interface DecodedEvent {
  readonly message: ValueMap
  readonly meta: ValueMap
}

/** The reading's type: its value descriptor, else (an extension of 1.0) the reading's own Hanoi `valueType`. */
export type TypeOf = (r: EdgexReading) => string | undefined

/** undefined when no reading gave a value: 1.0 ignores such an event. */
export function decodeEventMessage(
  e: EdgexEvent,
  correlationId: string,
  typeOf: TypeOf,
  warn: (message: string) => void,
): DecodedEvent | undefined {
  const message: ValueMap = {}
  const meta: ValueMap = {}
  let fields = 0
  for (const r of e.readings ?? []) {
    if (r.name === '') {
      warn('The name of readings should not be empty!')
      continue
    }
    const t = typeOf(r)
    if (t === undefined) {
      warn(`fail to get value for ${r.name}: cannot find type info for ${r.name} in value descriptor.`)
    } else {
      try {
        setOwn(message, r.name, convertReading(t, r, warn).value)
        fields++
      } catch (err) {
        warn(`fail to get value for ${r.name}: ${errorMessage(err)}`)
      }
    }
    setOwn(meta, r.name, {
      id: r.id,
      created: r.created,
      modified: r.modified,
      origin: r.origin,
      pushed: r.pushed,
      device: r.device,
    })
  }
  if (fields === 0) {
    warn('No readings are processed for the event, so ignore it.')
    return undefined
  }
  meta['id'] = e.id
  meta['pushed'] = e.pushed
  meta['device'] = e.device
  meta['created'] = e.created
  meta['modified'] = e.modified
  meta['origin'] = e.origin
  meta['correlationid'] = correlationId
  return { message, meta }
}
