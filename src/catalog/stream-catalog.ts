// Stream definitions from CREATE STREAM, kept behind a small catalog interface (1.0's stream store);
// the in-memory implementation here, a persistent one with the server.

import { KuiperError } from '../core/errors.js'
import type { CreateStreamStatement, StreamField, StreamOptions } from '../sql/ast/statement.js'

/** One stream as the planner sees it. */
export interface StreamDefinition {
  readonly name: string
  /** null for a schemaless stream `()`. */
  readonly fields: readonly StreamField[] | null
  /** Upper-case option keys (DATASOURCE, FORMAT, TYPE, CONF_KEY, TIMESTAMP, TIMESTAMP_FORMAT...). */
  readonly options: StreamOptions
  /** The statement text as created, for persistence and EXPLAIN. */
  readonly sql: string
}

export interface StreamCatalog {
  get(name: string): StreamDefinition | undefined
  /** Throws CONFLICT `Item <name> already exists.` when the name is taken. */
  put(def: StreamDefinition): void
  /** Throws NOT_FOUND `<name> is not found` when absent. */
  delete(name: string): void
  /** Names in creation order. */
  list(): string[]
}

export function streamFromStatement(stmt: CreateStreamStatement, sql: string): StreamDefinition {
  return { name: stmt.name, fields: stmt.fields, options: stmt.options, sql }
}

/** Options of a stream with their 1.0 defaults applied where the engine reads them. */
export function streamOption(def: StreamDefinition, key: string): string | undefined {
  return def.options[key.toUpperCase()]
}

export class MemoryStreamCatalog implements StreamCatalog {
  private readonly streams = new Map<string, StreamDefinition>()

  get(name: string): StreamDefinition | undefined {
    return this.streams.get(name)
  }

  put(def: StreamDefinition): void {
    if (this.streams.has(def.name)) throw new KuiperError('CONFLICT', `Item ${def.name} already exists.`)
    this.streams.set(def.name, def)
  }

  delete(name: string): void {
    if (!this.streams.delete(name)) throw new KuiperError('NOT_FOUND', `${name} is not found`)
  }

  list(): string[] {
    return [...this.streams.keys()]
  }
}
