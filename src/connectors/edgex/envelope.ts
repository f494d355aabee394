// The go-mod-messaging MessageEnvelope that carries an EdgeX event on every bus: JSON with Go field names on MQTT
// and ZeroMQ (Payload as base64), one Redis stream entry with the same fields (Payload as raw bytes).

export interface MessageEnvelope {
  readonly checksum: string
  readonly correlationId: string
  readonly payload: Uint8Array
  readonly contentType: string
}

export function newEnvelope(payload: Uint8Array | string, contentType: string, correlationId = ''): MessageEnvelope {
  return {
    checksum: '',
    correlationId,
    payload: typeof payload === 'string' ? new TextEncoder().encode(payload) : payload,
    contentType,
  }
}

/** json.Marshal(types.MessageEnvelope): `{"Checksum":"","CorrelationID":"","Payload":"<base64>","ContentType":"..."}`. */
export function encodeEnvelope(e: MessageEnvelope): string {
  return JSON.stringify({
    Checksum: e.checksum,
    CorrelationID: e.correlationId,
    Payload: Buffer.from(e.payload).toString('base64'),
    ContentType: e.contentType,
  })
}

/**
 * Decodes an envelope from MQTT / ZeroMQ bytes (field names matched case-insensitively, as Go does). A message
 * that is not an envelope but a bare EdgeX event object (it has no Payload field) is taken as a JSON payload.
 * Throws when the bytes are not a JSON object.
 */
export function decodeEnvelope(bytes: Uint8Array | string): MessageEnvelope {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes)
  const parsed: unknown = JSON.parse(text)
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('the message is not a JSON object (EdgeX message envelope)')
  const o = parsed as Record<string, unknown>
  const get = (name: string): unknown => {
    if (name in o) return o[name]
    const lower = name.toLowerCase()
    for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k]
    return undefined
  }
  const payload = get('Payload')
  if (payload === undefined) return newEnvelope(text, 'application/json')
  return {
    checksum: stringField(get('Checksum')),
    correlationId: stringField(get('CorrelationID')),
    payload: payloadBytes(payload),
    contentType: stringField(get('ContentType')),
  }
}

function stringField(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function payloadBytes(v: unknown): Uint8Array {
  if (typeof v === 'string') return new Uint8Array(Buffer.from(v, 'base64'))
  if (v === null) return new Uint8Array(0)
  // A payload given as a JSON value rather than bytes (newer EdgeX buses): its JSON text.
  return new TextEncoder().encode(JSON.stringify(v))
}

/** The fields of a Redis stream entry (go-mod-messaging redisstreams client: XADD gmm:<topic> * ...). */
export function envelopeFields(e: MessageEnvelope): [string, string | Buffer][] {
  return [
    ['CorrelationID', e.correlationId],
    ['Payload', Buffer.from(e.payload)],
    ['Checksum', e.checksum],
    ['ContentType', e.contentType],
  ]
}

/** An envelope from a Redis stream entry's flat field/value list. */
export function envelopeFromFields(fields: readonly (string | Buffer)[]): MessageEnvelope {
  const m = new Map<string, string | Buffer>()
  for (let i = 0; i + 1 < fields.length; i += 2) m.set(String(fields[i]), fields[i + 1]!)
  const text = (k: string): string => {
    const v = m.get(k)
    return v === undefined ? '' : v.toString()
  }
  const p = m.get('Payload')
  return {
    checksum: text('Checksum'),
    correlationId: text('CorrelationID'),
    payload:
      p === undefined ? new Uint8Array(0) : typeof p === 'string' ? new TextEncoder().encode(p) : new Uint8Array(p),
    contentType: text('ContentType'),
  }
}
