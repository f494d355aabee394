// A payload format (1.0's stream FORMAT: JSON, BINARY): how the bytes a source receives become messages, and how
// rows become bytes. The vocabulary lives in core so that formats/ implements it and connectors/api.ts hands it
// to sources without either importing the other.

import type { ValueMap } from './value.js'

/**
 * A codec named by a stream's `FORMAT` option (case-insensitive). `decode` throws on a malformed payload: the
 * source counts it as an exception, logs it and goes on.
 * @example
 * const csv: PayloadFormat = {
 *   name: 'CSV',
 *   decode: (bytes) => [{ line: Buffer.from(bytes).toString().split(',') }],
 * }
 */
export interface PayloadFormat {
  /** Upper-case, as written in FORMAT (`JSON`). */
  readonly name: string
  /** The messages in one payload (none is allowed: nothing is emitted). */
  decode(payload: Uint8Array): ValueMap[]
  /** The bytes of result rows, when the format can write (sinks). */
  encode?(rows: readonly ValueMap[]): Uint8Array
}
