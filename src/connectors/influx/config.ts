// The InfluxDB sink config (1.0 plugin `influx`) from the properties declared in properties.ts.

import { KuiperError } from '../../core/errors.js'
import type { ConnectorProps } from '../api.js'
import { influxSinkProperties } from './properties.js'

export interface InfluxConf {
  /** `http://127.0.0.1:8086` */
  readonly addr: string
  readonly username: string
  readonly password: string
  readonly measurement: string
  readonly databasename: string
  readonly tagkey: string
  readonly tagvalue: string
  /** undefined = every field of each row. */
  readonly fields: readonly string[] | undefined
  /** ms per write request. */
  readonly timeout: number
}

export function parseInfluxConf(props: ConnectorProps): InfluxConf {
  const p = influxSinkProperties.parse(props)
  try {
    const u = new URL(p.addr)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(u.protocol)
  } catch {
    throw new KuiperError('CONFIG_ERROR', `influx sink property addr ${p.addr} is not an http(s) URL`)
  }
  if (p.measurement === '') throw new KuiperError('CONFIG_ERROR', 'influx sink is missing property measurement')
  if (p.databasename === '') throw new KuiperError('CONFIG_ERROR', 'influx sink is missing property databasename')
  return { ...p, fields: p.fields === undefined || p.fields.length === 0 ? undefined : p.fields }
}
