// FORMAT="BINARY" (1.0's message.FormatBinary): the whole payload is one message with a single field `self`
// holding the bytes (a BYTEA), whatever they are; encoding writes back the `self` bytes of one row.

import type { PayloadFormat } from '../core/payload-format.js'

/** The field a BINARY stream's message holds its payload in (1.0's message.DefaultField). */
export const BINARY_FIELD = 'self'

export const binaryFormat: PayloadFormat = {
  name: 'BINARY',
  decode: (payload) => [{ [BINARY_FIELD]: payload }],
  encode: (rows) => {
    const self = rows.length === 1 ? rows[0]![BINARY_FIELD] : undefined
    if (!(self instanceof Uint8Array))
      throw new Error(`the BINARY format writes one row with a bytea field ${BINARY_FIELD}, got ${rows.length} rows`)
    return self
  },
}
