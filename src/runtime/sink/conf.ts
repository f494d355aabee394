// The properties every sink takes (1.0 sink_node.go + 1.1's retryCount): parsed once per sink node. As in 1.0 an
// ill-typed value is logged and the default kept; only an invalid dataTemplate stops the rule from starting.

import { KuiperError } from '../../core/errors.js'
import { compileTemplate, TemplateParseError } from '../../templates/index.js'
import type { Template } from '../../templates/index.js'
import { consoleLogger } from '../../connectors/api.js'
import type { ConnectorLogger } from '../../connectors/api.js'

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

export const COMMON_SINK_PROPS = [
  'concurrency',
  'bufferLength',
  'runAsync',
  'retryInterval',
  'retryCount',
  'cacheLength',
  'cacheSaveInterval',
  'omitIfEmpty',
  'sendSingle',
  'dataTemplate',
] as const

function toInt(v: unknown): number | undefined {
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v)
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number.parseInt(v, 10)
  return undefined
}

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
  const int = (prop: string, def: number, min: number): number => {
    if (!(prop in props) || props[prop] === undefined || props[prop] === null) return def
    const n = toInt(props[prop])
    if (n === undefined || n < min) {
      warn(prop, min > 0 ? 'positive integer' : 'non-negative integer', props[prop])
      return def
    }
    return n
  }
  const bool = (prop: string): boolean => {
    const v = props[prop]
    if (v === undefined || v === null) return false
    if (typeof v === 'boolean') return v
    if (v === 'true' || v === 'false') return v === 'true'
    warn(prop, 'bool', v)
    return false
  }
  let dataTemplate: Template | undefined
  const t = props['dataTemplate']
  if (typeof t === 'string' && t !== '') {
    try {
      dataTemplate = compileTemplate(t, { name: 'sink' })
    } catch (err) {
      if (err instanceof TemplateParseError)
        throw new KuiperError('RULE_ERROR', `property dataTemplate ${t} is invalid: ${err.message}`)
      throw err
    }
  } else if (t !== undefined && t !== null && t !== '') warn('dataTemplate', 'a string', t)
  const retryCount = 'retryCount' in props && props['retryCount'] !== undefined ? int('retryCount', -1, 0) : -1
  return {
    concurrency: int('concurrency', 1, 1),
    bufferLength: 'bufferLength' in props ? int('bufferLength', 1024, 1) : undefined,
    runAsync: bool('runAsync'),
    retryInterval: int('retryInterval', 1000, 0),
    retryCount: retryCount < 0 ? undefined : retryCount,
    cacheLength:
      'cacheLength' in props && props['cacheLength'] !== undefined && props['cacheLength'] !== null
        ? int('cacheLength', 1024, 0)
        : undefined,
    cacheSaveInterval: int('cacheSaveInterval', 1000, 0),
    omitIfEmpty: bool('omitIfEmpty'),
    sendSingle: bool('sendSingle'),
    dataTemplate,
  }
}
