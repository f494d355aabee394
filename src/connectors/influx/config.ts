// InfluxDB sink properties (1.0 plugin `influx`): addr, username, password, measurement, databasename, tagkey,
// tagvalue, fields (comma list), plus a request timeout.

import { KuiperError } from '../../core/errors.js'
import type { ConnectorProps } from '../api.js'

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

function str(props: ConnectorProps, key: string, def = ''): string {
  const v = props[key]
  return typeof v === 'string' ? v : def
}

export function parseInfluxConf(props: ConnectorProps): InfluxConf {
  const addr = str(props, 'addr', 'http://127.0.0.1:8086')
  try {
    const u = new URL(addr)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(u.protocol)
  } catch {
    throw new KuiperError('CONFIG_ERROR', `influx sink property addr ${addr} is not an http(s) URL`)
  }
  const measurement = str(props, 'measurement')
  if (measurement === '') throw new KuiperError('CONFIG_ERROR', 'influx sink property measurement is required')
  const databasename = str(props, 'databasename')
  if (databasename === '') throw new KuiperError('CONFIG_ERROR', 'influx sink property databasename is required')
  const f = props['fields']
  let fields: string[] | undefined
  if (typeof f === 'string' && f.trim() !== '')
    fields = f
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
  else if (Array.isArray(f)) fields = f.map(String)
  const t = props['timeout']
  return {
    addr,
    username: str(props, 'username'),
    password: str(props, 'password'),
    measurement,
    databasename,
    tagkey: str(props, 'tagkey'),
    tagvalue: str(props, 'tagvalue'),
    fields,
    timeout: typeof t === 'number' && t > 0 ? t : 5000,
  }
}
