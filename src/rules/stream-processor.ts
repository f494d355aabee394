// 1.0's StreamProcessor: runs stream statements (CREATE/SHOW/DESCRIBE/EXPLAIN/DROP STREAM) against the stream
// catalog, with its exact result and error texts, and writes creations and drops through to the store.

import { streamFromStatement } from '../catalog/stream-catalog.js'
import type { StreamCatalog, StreamDefinition } from '../catalog/stream-catalog.js'
import { KuiperError, errorMessage } from '../core/errors.js'
import { checkName } from '../core/names.js'
import { youngGenerationBurst } from '../core/young-generation.js'
import type { FunctionCatalog } from '../functions/define-function.js'
import type { FieldType, StreamField } from '../sql/ast/statement.js'
import { parseStatement } from '../sql/parser/index.js'

/** Where stream definitions persist (the `stream` table of the KvStore); absent for an in-memory session. */
export interface StreamPersistence {
  save(def: StreamDefinition): Promise<void>
  remove(name: string): Promise<void>
}

/** 1.0's PrintFieldType: `bigint`, `array(string)`, `struct(STREET_NAME string, NUMBER bigint)`. */
export function printFieldType(t: FieldType): string {
  switch (t.kind) {
    case 'basic':
      return t.type
    case 'array':
      return `array(${printFieldType(t.elem)})`
    case 'struct':
      return `struct(${t.fields.map((f) => `${f.name} ${printFieldType(f.type)}`).join(', ')})`
  }
}

/** The DESCRIBE STREAM text: fields table, blank line, options sorted by key. */
export function describeStreamText(def: StreamDefinition): string {
  let out = `Fields\n${'-'.repeat(80)}\n`
  for (const f of def.fields ?? ([] as StreamField[])) out += `${f.name}\t${printFieldType(f.type)}\n`
  out += '\n'
  for (const k of Object.keys(def.options).sort()) out += `${k}: ${def.options[k]}\n`
  return out
}

function withoutDot(s: string): string {
  return s.endsWith('.') ? s.slice(0, -1) : s
}

/** What a new or replacing stream's definition is checked against (both optional: 1.0 checked neither). */
export interface StreamChecks {
  /**
   * The payload formats FORMAT may name: an unknown one is a BAD_REQUEST naming it and the known ones. Absent:
   * any FORMAT is accepted at create, as 1.0 did (the conformance sessions run 1.0's processor this way).
   */
  readonly formats?: { require(name: string | undefined): unknown }
  /** Refuses a stream whose source conf has a bad property (CONFIG_ERROR naming it). */
  readonly checkSource?: (def: StreamDefinition) => void
}

/** The checks of a stream definition before it is stored, in one order for every path that stores one. */
export function checkStreamDefinition(def: StreamDefinition, checks: StreamChecks): void {
  checks.formats?.require(def.options['FORMAT'])
  checks.checkSource?.(def)
}

export class StreamProcessor {
  constructor(
    private readonly catalog: StreamCatalog,
    private readonly persistence?: StreamPersistence,
    private readonly functions?: FunctionCatalog,
    private readonly opts: StreamChecks & {
      /** Statements of streams already stored (boot recovery): their names are not held to the naming rule. */
      readonly existing?: boolean
    } = {},
  ) {}

  /** 1.0's ExecStmt: the result lines of one statement, or an error with 1.0's text. */
  async execStmt(sql: string): Promise<string[]> {
    const stmt = parseStatement(sql, this.functions !== undefined ? { functions: this.functions } : undefined)
    switch (stmt.kind) {
      case 'CreateStreamStatement':
        return [await this.create(streamFromStatement(stmt, sql))]
      case 'ShowStreamsStatement': {
        const names = this.list()
        return names.length === 0 ? ['No stream definitions are found.'] : names
      }
      case 'DescribeStreamStatement':
        return [describeStreamText(this.describe(stmt.name))]
      case 'ExplainStreamStatement':
        this.describe(stmt.name)
        return ['TO BE SUPPORTED']
      case 'DropStreamStatement':
        return [await this.drop(stmt.name, (m) => `Drop stream fails: ${withoutDot(m)}.`)]
      default:
        throw new KuiperError('BAD_REQUEST', `Invalid stream statement: ${sql}`)
    }
  }

  /** 1.0's ExecStreamSql (REST `POST /streams`): the result lines joined by newlines. */
  async execStreamSql(sql: string): Promise<string> {
    return (await this.execStmt(sql)).join('\n')
  }

  /** Stream names, sorted. */
  list(): string[] {
    return this.catalog.list().sort()
  }

  describe(name: string): StreamDefinition {
    const def = this.catalog.get(name)
    if (def === undefined) throw new KuiperError('NOT_FOUND', `Stream ${name} is not found.`)
    return def
  }

  /** `DELETE /streams/{name}`: `Stream <name> is dropped.`; NOT_FOUND `<name> is not found`. */
  async dropStream(name: string): Promise<string> {
    return this.drop(name, (m) => m)
  }

  /** 1.1's ExecReplaceStream (`PUT /streams/{name}`): the statement must be a CREATE STREAM of an existing name. */
  async replaceStream(name: string, sql: string): Promise<string> {
    const stmt = parseStatement(sql, this.functions !== undefined ? { functions: this.functions } : undefined)
    if (stmt.kind !== 'CreateStreamStatement') throw new KuiperError('BAD_REQUEST', `Invalid stream statement: ${sql}`)
    if (stmt.name !== name) {
      throw new KuiperError('BAD_REQUEST', `Stream name ${stmt.name} of the statement does not match ${name}.`)
    }
    const old = this.describe(name)
    const def = streamFromStatement(stmt, sql)
    checkStreamDefinition(def, this.opts)
    this.catalog.delete(name)
    this.catalog.put(def)
    try {
      await this.persistence?.save(def)
    } catch (err) {
      this.catalog.delete(name)
      this.catalog.put(old)
      throw err
    }
    return `Stream ${name} is replaced.`
  }

  private async create(def: StreamDefinition): Promise<string> {
    // Stream definitions are long-lived and often created in a row (10,000 for as many topics), as rules are: the
    // young generation is held meanwhile, or it grows to 32 MB for good before the first rule is created.
    youngGenerationBurst()
    if (this.opts.existing !== true) checkName('stream', def.name)
    try {
      // Stored statements were checked when they were created (a format a plugin adds may not be loaded yet).
      if (this.opts.existing !== true) checkStreamDefinition(def, this.opts)
      this.catalog.put(def)
    } catch (err) {
      const code = err instanceof KuiperError ? err.code : 'INTERNAL'
      throw new KuiperError(code, `Create stream fails: ${withoutDot(errorMessage(err))}.`, { cause: err })
    }
    try {
      await this.persistence?.save(def)
    } catch (err) {
      this.catalog.delete(def.name)
      throw err
    }
    return `Stream ${def.name} is created.`
  }

  private async drop(name: string, wrap: (msg: string) => string): Promise<string> {
    const def = this.catalog.get(name)
    if (def === undefined) throw new KuiperError('NOT_FOUND', wrap(`${name} is not found`))
    await this.persistence?.remove(name)
    this.catalog.delete(name)
    return `Stream ${name} is dropped.`
  }
}
