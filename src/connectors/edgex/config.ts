// EdgeX source and sink configs from the properties declared in properties.ts, with 1.0's checks beyond types
// (a non-empty serviceServer, string bus options on the sink).

import { KuiperError } from '../../core/errors.js'
import type { Value } from '../../core/value.js'
import type { ConnectorProps } from '../api.js'
import { edgexSinkProperties, edgexSourceProperties } from './properties.js'

/** The message bus implementations of go-mod-messaging that 1.0 accepts. */
export type BusType = 'zero' | 'mqtt' | 'redisstreams'

export interface BusConfig {
  readonly type: BusType
  readonly protocol: string
  readonly host: string
  readonly port: number
  /** Bus-specific options as strings (MQTT ClientId, Username, Qos...; Redis Password). */
  readonly optional: Readonly<Record<string, string>>
}

export interface EdgexSourceConf {
  readonly bus: BusConfig
  readonly topic: string
  /** core-data base URL; `/api/v1/valuedescriptor` is appended. */
  readonly serviceServer: string
}

export interface EdgexSinkConf {
  readonly bus: BusConfig
  readonly topic: string
  readonly contentType: string
  /** Name of the result field holding `meta(*)` (its EdgeX metadata is copied into the event). */
  readonly metadata: string
  /** Overrides the event's device when not empty. */
  readonly deviceName: string
}

export type ConfLog = (message: string) => void

function configError(message: string): KuiperError {
  return new KuiperError('CONFIG_ERROR', message)
}

/** Maps `redis` (EdgeX 2 name of the Redis Streams bus) to `redisstreams` (the declaration allows no other). */
function busType(v: string): BusType {
  return v === 'redis' ? 'redisstreams' : (v as BusType)
}

/**
 * @example
 * sourceConf({ server: '127.0.0.1', port: 1883, type: 'mqtt', topic: 'events', serviceServer: 'http://localhost:48080' }, '')
 */
export function sourceConf(props: ConnectorProps, datasource: string, log: ConfLog = () => {}): EdgexSourceConf {
  const p = edgexSourceProperties.parse(props)
  if (p.serviceServer === '') throw configError('The service server cannot be empty.')
  const optional: Record<string, string> = {}
  for (const [k, v] of Object.entries(p.optional ?? {})) {
    const [cv, ok] = castToString(v as Value)
    if (ok) optional[k] = cv
    else log(`Cannot convert configuration ${k}: ${String(v)} to string type.`)
  }
  // 1.0 reads the topic from the conf only; the stream's DATASOURCE stands in when the conf has none.
  const bus = { type: busType(p.type), protocol: p.protocol, host: p.server, port: p.port, optional }
  return { bus, topic: p.topic ?? datasource, serviceServer: p.serviceServer }
}

export function sinkConf(props: ConnectorProps, log: ConfLog = () => {}): EdgexSinkConf {
  const p = edgexSinkProperties.parse(props, log)
  const optional: Record<string, string> = {}
  for (const [k, v] of Object.entries(p.optional ?? {})) {
    if (typeof v !== 'string')
      throw configError(`Only string value is allowed for optional value, the value for key ${k} is not a string.`)
    optional[k] = v
  }
  const bus = { type: busType(p.type), protocol: p.protocol, host: p.host, port: p.port, optional }
  return { bus, topic: p.topic, contentType: p.contentType, metadata: p.metadata ?? '', deviceName: p.deviceName ?? '' }
}

/**
 * 1.0's CastToString for the `optional` bus properties: Go int, string, bool as text, floats with two decimals;
 * anything else is not convertible.
 */
export function castToString(v: Value): [string, boolean] {
  switch (typeof v) {
    case 'bigint':
      return [v.toString(), true]
    case 'string':
      return [v, true]
    case 'boolean':
      return [String(v), true]
    case 'number':
      return [formatFixed2(v), true]
    default:
      return ['', false]
  }
}

/** Go's `%.2f`: correctly rounded like toFixed, except exact binary ties (odd multiples of 1/8), which go to even. */
function formatFixed2(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf'
  const eighths = f * 8
  if (Number.isInteger(eighths) && Math.abs(eighths) < 2 ** 50 && eighths % 2 !== 0) {
    const lo = Math.trunc(f * 100) // exact: 12.5 * odd
    const even = lo % 2 === 0 ? lo : lo + Math.sign(f)
    return (even / 100).toFixed(2)
  }
  return f.toFixed(2)
}
