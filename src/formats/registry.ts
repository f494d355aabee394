// The payload formats a stream's FORMAT can name: the built-ins (JSON, BINARY) plus what plugins register. One
// registry per engine; the runtime resolves a source's format here and hands it to the source in its context.

import { KuiperError } from '../core/errors.js'
import type { PayloadFormat } from '../core/payload-format.js'
import { binaryFormat } from './binary.js'
import { jsonFormat } from './json.js'

export const builtinFormats: readonly PayloadFormat[] = [jsonFormat, binaryFormat]

/** The format a stream without FORMAT uses (1.0's default). */
export const DEFAULT_FORMAT = 'JSON'

/**
 * Format lookup by name, case-insensitive.
 * @example
 * engine.formats.register({ name: 'LINES', decode: (b) => Buffer.from(b).toString().split('\n').map((line) => ({ line })) })
 */
export class FormatRegistry {
  private readonly formats = new Map<string, PayloadFormat>()
  private readonly builtin = new Set<string>()

  constructor(builtins: readonly PayloadFormat[] = builtinFormats) {
    for (const f of builtins) {
      this.formats.set(f.name.toUpperCase(), f)
      this.builtin.add(f.name.toUpperCase())
    }
  }

  /** Adds a format (a plugin's); BAD_REQUEST for a nameless one, CONFLICT for a built-in's name. */
  register(format: PayloadFormat): void {
    const name = typeof format.name === 'string' ? format.name.trim().toUpperCase() : ''
    if (name === '' || typeof format.decode !== 'function')
      throw new KuiperError('BAD_REQUEST', 'a payload format needs a name and a decode function')
    if (this.builtin.has(name)) throw new KuiperError('CONFLICT', `format ${name} is built in and cannot be replaced`)
    this.formats.set(name, format)
  }

  /** Removes a registered format (an uninstalled plugin's); built-ins stay. */
  unregister(name: string): void {
    const key = name.toUpperCase()
    if (!this.builtin.has(key)) this.formats.delete(key)
  }

  get(name: string): PayloadFormat | undefined {
    return this.formats.get(name.toUpperCase())
  }

  /** The format FORMAT names (JSON when absent); BAD_REQUEST naming it and the known ones otherwise. */
  require(name: string | undefined): PayloadFormat {
    const f = this.get(name ?? DEFAULT_FORMAT)
    if (f === undefined)
      throw new KuiperError('BAD_REQUEST', `unknown format ${name}: the known formats are ${this.names().join(', ')}`)
    return f
  }

  /** Upper-case names, sorted. */
  names(): string[] {
    return [...this.formats.keys()].sort()
  }
}
