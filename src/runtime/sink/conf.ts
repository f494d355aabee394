// The properties every sink takes (1.0 sink_node.go + 1.1's retryCount): parsed once per sink node. As in 1.0 an
// ill-typed value is logged and the default kept; only an invalid dataTemplate stops the rule from starting.

import { KuiperError } from '../../core/errors.js'
import { compileTemplate, TemplateParseError } from '../../templates/index.js'
import type { Template } from '../../templates/index.js'
import { consoleLogger } from '../../connectors/api.js'
import type { ConnectorLogger } from '../../connectors/api.js'
import { commonSinkProperties } from '../../connectors/common-sink-properties.js'
import { readProperty } from '../../connectors/properties.js'
import type { NamedProperty, PropertyName } from '../../connectors/properties.js'

type CommonSinkProperty = PropertyName<typeof commonSinkProperties>

/** What the log line says an ill-typed value should have been (1.0's words). */
function wanted(p: NamedProperty): string {
  if (p.type === 'int') return p.min !== undefined && p.min > 0 ? 'positive integer' : 'non-negative integer'
  return p.type === 'string' ? 'a string' : p.type
}

export interface SinkConf {
  /** Collects in flight at once (1.0: parallel sink instances). */
  readonly concurrency: number
  /** Input queue size of the sink node; undefined = the rule's bufferLength. */
  readonly bufferLength: number | undefined
  /** Collects do not wait for each other (no ordering), at most bufferLength in flight. */
  readonly runAsync: boolean
  /** ms between attempts of a failed message; 0 = no retry (the message is dropped). */
  readonly retryInterval: number
  /** Attempts after the first before a message is dropped; undefined = forever (1.0). */
  readonly retryCount: number | undefined
  /**
   * Most messages kept in the outbox while the sink fails; 0 = no outbox (retry in place, blocking); undefined (not
   * set) = bounded by bytes only (sink.outboxMaxBytes and the free disk).
   */
  readonly cacheLength: number | undefined
  /** ms between outbox saves to the state store; 0 = save at once. */
  readonly cacheSaveInterval: number
  readonly omitIfEmpty: boolean
  readonly sendSingle: boolean
  readonly dataTemplate: Template | undefined
}

/** The names of the common sink properties (commonSinkProperties declares them). */
export const COMMON_SINK_PROPS: readonly string[] = commonSinkProperties.properties.map((p) => p.name)

/**
 * Reads the common properties of a sink action. Throws a RULE_ERROR for an invalid dataTemplate, with 1.0's text
 * `property dataTemplate <t> is invalid: template: sink:1: ...`.
 */
export function parseSinkConf(
  props: Readonly<Record<string, unknown>>,
  sinkName: string,
  logger: ConnectorLogger = consoleLogger,
): SinkConf {
  const warn = (prop: string, want: string, v: unknown): void =>
    logger.warn(`sink ${sinkName}: invalid type for ${prop} property, should be ${want} but found ${String(v)}`)
  /** The declared value, or undefined (logged when ill-typed) so that the caller keeps the default. */
  const read = (name: CommonSinkProperty): unknown => {
    const decl = commonSinkProperties.properties.find((p) => p.name === name)!
    const v = props[name]
    if (v === undefined || v === null) return decl.default
    const r = readProperty(decl, v)
    if (r.ok) return r.value
    warn(name, wanted(decl), v)
    return decl.default
  }
  const int = (name: CommonSinkProperty): number | undefined => read(name) as number | undefined
  const bool = (name: CommonSinkProperty): boolean => read(name) === true
  let dataTemplate: Template | undefined
  const t = read('dataTemplate')
  if (typeof t === 'string' && t !== '') {
    try {
      dataTemplate = compileTemplate(t, { name: 'sink' })
    } catch (err) {
      if (err instanceof TemplateParseError)
        throw new KuiperError('RULE_ERROR', `property dataTemplate ${t} is invalid: ${err.message}`)
      throw err
    }
  }
  return {
    concurrency: int('concurrency') ?? 1,
    bufferLength: int('bufferLength'),
    runAsync: bool('runAsync'),
    retryInterval: int('retryInterval') ?? 1000,
    retryCount: int('retryCount'),
    cacheLength: int('cacheLength'),
    cacheSaveInterval: int('cacheSaveInterval') ?? 1000,
    omitIfEmpty: bool('omitIfEmpty'),
    sendSingle: bool('sendSingle'),
    dataTemplate,
  }
}
