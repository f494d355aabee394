// EdgeX source and sink properties (1.0 edgex_source.go Configure, edgex_sink.go Configure): defaults, types and
// 1.0's error texts. Source defaults: tcp://localhost:5563 topic `events`; sink: tcp://*:5573 topic `events`.

import { KuiperError } from '../../core/errors.js'
import type { Value } from '../../core/value.js'
import type { ConnectorProps } from '../api.js'
import { castToString } from './readings.js'

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

/** Maps `redis` (EdgeX 2 name of the Redis Streams bus) to `redisstreams`; undefined for anything else unknown. */
function busType(v: string): BusType | undefined {
  switch (v) {
    case 'zero':
    case 'mqtt':
    case 'redisstreams':
      return v
    case 'redis':
      return 'redisstreams'
    default:
      return undefined
  }
}

function intProp(v: unknown): number | undefined {
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'number' && Number.isInteger(v)) return v
  return undefined
}

function strProp(props: ConnectorProps, key: string, def: string): string {
  const v = props[key]
  if (v === undefined || v === null) return def
  if (typeof v !== 'string') throw configError(`Not valid ${key} value ${String(v)}, expect string.`)
  return v
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * @example
 * sourceConf({ server: '127.0.0.1', port: 1883, type: 'mqtt', topic: 'events', serviceServer: 'http://localhost:48080' }, '')
 */
export function sourceConf(props: ConnectorProps, datasource: string, log: ConfLog = () => {}): EdgexSourceConf {
  const protocol = strProp(props, 'protocol', 'tcp')
  const host = strProp(props, 'server', 'localhost')
  let port = 5563
  if (props['port'] !== undefined) {
    const p = intProp(props['port'])
    if (p === undefined) throw configError(`Not valid port value ${String(props['port'])}.`)
    port = p
  }
  let type: BusType = 'zero'
  if (props['type'] !== undefined) {
    const t = busType(String(props['type']))
    if (t === undefined)
      throw configError(`Specified wrong message type value ${String(props['type'])}, will use zeromq messagebus.`)
    type = t
  }
  const serviceServer = props['serviceServer']
  if (typeof serviceServer !== 'string' || serviceServer === '')
    throw configError('The service server cannot be empty.')
  const optional: Record<string, string> = {}
  const ops = props['optional']
  if (isRecord(ops)) {
    for (const [k, v] of Object.entries(ops)) {
      const [cv, ok] = castToString(v as Value)
      if (ok) optional[k] = cv
      else log(`Cannot convert configuration ${k}: ${String(v)} to string type.`)
    }
  }
  // 1.0 reads the topic from the conf only; the stream's DATASOURCE stands in when the conf has none.
  const topic = typeof props['topic'] === 'string' ? props['topic'] : datasource
  return { bus: { type, protocol, host, port, optional }, topic, serviceServer }
}

export function sinkConf(props: ConnectorProps, log: ConfLog = () => {}): EdgexSinkConf {
  const host = strProp(props, 'host', '*')
  const protocol = strProp(props, 'protocol', 'tcp')
  let port = 5573
  if (props['port'] !== undefined) {
    const p = intProp(props['port'])
    if (p === undefined) log(`Not valid port value, will use default value '5573'.`)
    else port = p
  }
  const topic = strProp(props, 'topic', 'events')
  const contentType = strProp(props, 'contentType', 'application/json')
  let type: BusType = 'zero'
  if (props['type'] !== undefined) {
    const t = busType(String(props['type']))
    if (t === undefined) log(`Specified wrong message type value ${String(props['type'])}, will use zeromq messagebus.`)
    else type = t
  }
  const deviceName = strProp(props, 'deviceName', '')
  const metadata = strProp(props, 'metadata', '')
  const optional: Record<string, string> = {}
  const ops = props['optional']
  if (isRecord(ops)) {
    for (const [k, v] of Object.entries(ops)) {
      if (typeof v !== 'string')
        throw configError(`Only string value is allowed for optional value, the value for key ${k} is not a string.`)
      optional[k] = v
    }
  }
  return { bus: { type, protocol, host, port, optional }, topic, contentType, metadata, deviceName }
}
