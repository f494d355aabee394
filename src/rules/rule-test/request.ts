// The body of `POST /ruletest` (later eKuiper's rule test run): `{id, sql, mockSource: {<stream>: {data, interval,
// loop}}, sinkProps}`, checked field by field with messages that name the field.

import { KuiperError, errorMessage } from '../../core/errors.js'
import { isPlainObject } from '../../core/maps.js'
import { checkName } from '../../core/names.js'
import type { ValueMap } from '../../core/value.js'
import type { MockSourceSpec } from './mock-source.js'

export interface RuleTestRequest {
  readonly id: string
  readonly sql: string
  /** By stream name; a stream without one reads its real source (as in eKuiper). */
  readonly mockSource: ReadonlyMap<string, MockSourceSpec>
  /** Common sink properties: sendSingle, dataTemplate, fields, omitIfEmpty... */
  readonly sinkProps: Readonly<Record<string, unknown>>
}

/** eKuiper's default pace of mock rows when `interval` is left out. */
export const DEFAULT_MOCK_INTERVAL = 100

function bad(message: string): KuiperError {
  return new KuiperError('BAD_REQUEST', message)
}

export function parseRuleTestRequest(body: string): RuleTestRequest {
  let raw: unknown
  try {
    raw = JSON.parse(body)
  } catch (err) {
    throw bad(`Invalid rule test: the body is not JSON: ${errorMessage(err)}`)
  }
  if (!isPlainObject(raw)) throw bad('Invalid rule test: the body must be a JSON object.')
  const { id, sql, mockSource, sinkProps } = raw
  if (typeof id !== 'string' || id === '') throw bad('Invalid rule test: "id" must be a non-empty string.')
  checkName('rule test', id)
  if (typeof sql !== 'string' || sql.trim() === '') throw bad('Invalid rule test: "sql" must be a non-empty string.')
  if (sinkProps !== undefined && sinkProps !== null && !isPlainObject(sinkProps))
    throw bad('Invalid rule test: "sinkProps" must be an object.')
  return { id, sql, mockSource: parseMocks(mockSource), sinkProps: (sinkProps ?? {}) as Record<string, unknown> }
}

function parseMocks(v: unknown): Map<string, MockSourceSpec> {
  const out = new Map<string, MockSourceSpec>()
  if (v === undefined || v === null) return out
  if (!isPlainObject(v)) throw bad('Invalid rule test: "mockSource" must be an object keyed by stream name.')
  for (const [stream, m] of Object.entries(v)) {
    const at = `"mockSource.${stream}"`
    if (!isPlainObject(m)) throw bad(`Invalid rule test: ${at} must be an object with "data".`)
    const { data, interval, loop } = m
    if (!Array.isArray(data) || data.length === 0 || !data.every(isPlainObject))
      throw bad(`Invalid rule test: ${at}.data must be a non-empty array of objects.`)
    if (interval !== undefined && (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 0))
      throw bad(`Invalid rule test: ${at}.interval must be a whole number of milliseconds, 0 or more.`)
    if (loop !== undefined && typeof loop !== 'boolean')
      throw bad(`Invalid rule test: ${at}.loop must be true or false.`)
    out.set(stream, { data: data as ValueMap[], interval: interval ?? DEFAULT_MOCK_INTERVAL, loop: loop ?? false })
  }
  return out
}
