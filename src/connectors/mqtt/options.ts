// MQTT connector properties: the source conf keys of etc/mqtt_source.yaml (1.0 MQTTConfig, keys matched
// case-insensitively as Go's json decoding does) and the sink properties (exact keys), validated into one client config.

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { IClientOptions } from 'mqtt'
import { KuiperError } from '../../core/errors.js'
import type { ConnectorProps } from '../api.js'

export type Qos = 0 | 1 | 2

/** What identifies a broker connection: sources and sinks with equal configs share one client. */
export interface MqttClientConfig {
  /** First of `servers` (source) or `server` (sink), e.g. `tcp://127.0.0.1:1883`. */
  readonly server: string
  /** Configured client id; undefined = a random UUID chosen when the connection opens. */
  readonly clientId: string | undefined
  /** 3 = MQTT 3.1 (1.0's default), 4 = 3.1.1. */
  readonly protocolVersion: 3 | 4
  readonly username: string | undefined
  readonly password: string | undefined
  readonly certificationPath: string | undefined
  readonly privateKeyPath: string | undefined
  readonly insecureSkipVerify: boolean
  /** Clean session; false (a persistent session) for QoS ≥ 1 sources with a configured client id. */
  readonly clean: boolean
  /** The cap of the reconnection backoff, ms (`reconnectMaxInterval`). */
  readonly reconnectMaxInterval: number
  /** Seconds between pings (default 30); the EdgeX bus's `KeepAlive`. */
  readonly keepalive?: number
  /** ms to wait for CONNACK (default 10 s); the EdgeX bus's `ConnectTimeout`. */
  readonly connectTimeout?: number
  /** PEM text of the client certificate and key, besides the files (the EdgeX bus's CertPEMBlock / KeyPEMBlock). */
  readonly certPem?: string
  readonly keyPem?: string
}

export interface MqttSourceConf {
  readonly client: MqttClientConfig
  readonly qos: Qos
  /** false: a `$share/<group>/` prefix in DATASOURCE is dropped and the topic subscribed plainly. */
  readonly sharedSubscription: boolean
  readonly kubeedgeModelFile: string | undefined
  readonly kubeedgeVersion: string | undefined
  /** Bytes: a larger payload is dropped and counted as a source exception (`maxPayloadSize`). */
  readonly maxPayloadSize: number
}

export interface MqttSinkConf {
  readonly client: MqttClientConfig
  readonly topic: string
  readonly qos: Qos
  readonly retained: boolean
}

/** The pool key of a client config. */
export function connectionKey(c: MqttClientConfig): string {
  return JSON.stringify([
    c.server,
    c.clientId ?? '',
    c.protocolVersion,
    c.username ?? '',
    c.password ?? '',
    c.certificationPath ?? '',
    c.privateKeyPath ?? '',
    c.insecureSkipVerify,
    c.clean,
    c.reconnectMaxInterval,
    c.keepalive ?? '',
    c.connectTimeout ?? '',
    c.certPem ?? '',
    c.keyPem ?? '',
  ])
}

/** Source conf (the merged etc/mqtt_source.yaml section). Throws CONFIG_ERROR like 1.0's Configure. */
export function sourceConf(props: ConnectorProps): MqttSourceConf {
  const get = (k: string): unknown => lookupFold(props, k)
  const servers = get('servers')
  let server: string | undefined
  if (Array.isArray(servers) && servers.length > 0) server = asString(servers[0], 'servers')
  else if (typeof servers === 'string' && servers !== '') server = servers // tolerated: a single server as a string
  if (server === undefined || server === '') throw new KuiperError('CONFIG_ERROR', 'missing server property')
  const qos = toQos(get('qos') ?? 1, 'qos')
  const clientId = optString(get('clientid'), 'clientid')
  const version = optString(get('protocolVersion'), 'protocolVersion')
  const cert = optString(get('certificationPath'), 'certificationPath')
  const key = optString(get('privateKeyPath'), 'privateKeyPath')
  const withCert = (cert ?? '') !== '' || (key ?? '') !== ''
  // 1.0 uses username/password only when no certificate is configured, and trims the password.
  const username = withCert ? undefined : nonEmpty(optString(get('username'), 'username'))
  const password = withCert ? undefined : nonEmpty(optString(get('password'), 'password')?.trim())
  return {
    client: {
      server,
      clientId: nonEmpty(clientId),
      protocolVersion: version === '3.1.1' ? 4 : 3,
      username,
      password,
      certificationPath: nonEmpty(cert),
      privateKeyPath: nonEmpty(key),
      insecureSkipVerify: optBool(get('insecureSkipVerify'), 'insecureSkipVerify') ?? false,
      clean: !(qos > 0 && nonEmpty(clientId) !== undefined),
      reconnectMaxInterval: reconnectMax(get('reconnectMaxInterval')),
    },
    qos,
    sharedSubscription: optBool(get('sharedSubscription'), 'sharedSubscription') ?? true,
    kubeedgeModelFile: nonEmpty(optString(get('kubeedgeModelFile'), 'kubeedgeModelFile')),
    kubeedgeVersion: nonEmpty(optString(get('kubeedgeVersion'), 'kubeedgeVersion')),
    maxPayloadSize: positiveInt(get('maxPayloadSize'), 'maxPayloadSize', DEFAULT_MAX_PAYLOAD_SIZE, MAX_PACKET_SIZE),
  }
}

/** Sink properties (1.0 MQTTSink.Configure, with its error texts). */
export function sinkConf(props: ConnectorProps): MqttSinkConf {
  const server = props['server']
  if (server === undefined) throw new KuiperError('CONFIG_ERROR', 'mqtt sink is missing property server')
  const topic = props['topic']
  if (topic === undefined) throw new KuiperError('CONFIG_ERROR', 'mqtt sink is missing property topic')
  if (typeof server !== 'string' || server === '')
    throw new KuiperError('CONFIG_ERROR', 'mqtt sink property server must be a string')
  if (typeof topic !== 'string' || topic === '')
    throw new KuiperError('CONFIG_ERROR', 'mqtt sink property topic must be a string')
  if (topic.includes('+') || topic.includes('#')) {
    throw new KuiperError('CONFIG_ERROR', `mqtt sink topic ${topic} must not contain wildcards`)
  }
  const clientId = props['clientId']
  if (clientId !== undefined && typeof clientId !== 'string') {
    throw new KuiperError('CONFIG_ERROR', 'mqtt sink property clientId must be a string')
  }
  let protocolVersion: 3 | 4 = 3
  const pv = props['protocolVersion']
  if (pv !== undefined) {
    if (pv === '3.1') protocolVersion = 3
    else if (pv === '3.1.1') protocolVersion = 4
    else {
      throw new KuiperError(
        'CONFIG_ERROR',
        `unknown protocol version ${String(pv)}, the value could be only 3.1 or 3.1.1 (also refers to MQTT version 4)`,
      )
    }
  }
  let qos: Qos = 0
  const q = props['qos']
  if (q !== undefined) {
    const n = toInt(q)
    if (n === undefined || (n !== 0 && n !== 1 && n !== 2)) {
      throw new KuiperError('CONFIG_ERROR', `not valid qos value ${String(q)}, the value could be only int 0 or 1 or 2`)
    }
    qos = n
  }
  const str = (k: string): string | undefined => {
    const v = props[k]
    return typeof v === 'string' && v.trim() !== '' ? v : undefined
  }
  const cert = str('certificationPath')
  const key = str('privateKeyPath')
  const withCert = cert !== undefined || key !== undefined
  return {
    client: {
      server,
      clientId: clientId === '' ? undefined : clientId,
      protocolVersion,
      username: withCert ? undefined : str('username'),
      password: withCert ? undefined : str('password'),
      certificationPath: cert,
      privateKeyPath: key,
      insecureSkipVerify: props['insecureSkipVerify'] === true,
      clean: true,
      reconnectMaxInterval: reconnectMax(props['reconnectMaxInterval']),
    },
    topic,
    qos,
    retained: props['retained'] === true,
  }
}

/** mqtt.js options for a config (TLS files read now: a missing file fails the rule's start, as in 1.0). */
export function clientOptions(c: MqttClientConfig, clientId: string): IClientOptions {
  const opts: IClientOptions = {
    clientId,
    protocolVersion: c.protocolVersion,
    // MQTT 3.1 names its protocol MQIsdp; 3.1.1 says MQTT.
    protocolId: c.protocolVersion === 3 ? 'MQIsdp' : 'MQTT',
    clean: c.clean,
    reconnectPeriod: reconnectDelay(0, c.reconnectMaxInterval),
    connectTimeout: c.connectTimeout ?? 10_000,
    keepalive: c.keepalive ?? 30,
    // mqtt.js resubscribes only with a clean session or a 3.1.1 broker saying it lost the session, so an MQTT 3.1
    // persistent session went deaf after a broker restart: MqttConnection resubscribes on every connection itself.
    resubscribe: false,
    // mqtt.js logs through `debug` on every packet unless given its own log function.
    log: () => {},
  }
  if (c.username !== undefined) opts.username = c.username
  if (c.password !== undefined) opts.password = c.password
  if (c.certificationPath !== undefined || c.privateKeyPath !== undefined) {
    opts.cert = readFileSync(resolve(c.certificationPath ?? ''))
    opts.key = readFileSync(resolve(c.privateKeyPath ?? ''))
  }
  if (c.certPem !== undefined) opts.cert = c.certPem
  if (c.keyPem !== undefined) opts.key = c.keyPem
  opts.rejectUnauthorized = !c.insecureSkipVerify
  return opts
}

/** mqtt.js wants mqtt:// / mqtts://; 1.0 configs say tcp:// and ssl:// (both understood by mqtt.js as well). */
export function brokerUrl(server: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(server)) return `mqtt://${server}`
  return server
}

/** The first reconnection delay; it doubles on each failed attempt up to the cap. */
export const INITIAL_RECONNECT_MS = 250
/**
 * The default cap of the reconnection backoff: a connection is back within about 1.5 s (plus the connection
 * itself) of its broker's return, whatever the length of the outage.
 */
export const DEFAULT_RECONNECT_MAX_MS = 1500
/** Node's timers overflow at 2^31 ms (they then fire at once). */
const MAX_TIMER_MS = 2 ** 31 - 1
export const DEFAULT_MAX_PAYLOAD_SIZE = 1024 * 1024
/** The largest MQTT packet (a 4-byte remaining length). */
const MAX_PACKET_SIZE = 268_435_455

/**
 * The delay before reconnection attempt `failures + 1`: 250 ms doubling up to `maxMs`, with "equal jitter" (a random
 * half of it) so that the clients of a broker that restarts do not all knock at once.
 */
export function reconnectDelay(failures: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, INITIAL_RECONNECT_MS * 2 ** Math.min(failures, 30))
  return Math.max(1, Math.round(ceiling * (0.5 + random() * 0.5)))
}

function reconnectMax(v: unknown): number {
  return positiveInt(v, 'reconnectMaxInterval', DEFAULT_RECONNECT_MAX_MS, MAX_TIMER_MS)
}

/** An optional positive integer property (ms, bytes), clamped to `max`; CONFIG_ERROR when not one. */
function positiveInt(v: unknown, key: string, dflt: number, max: number): number {
  if (v === undefined || v === null) return dflt
  const n = toInt(v)
  if (n === undefined || n <= 0) throw badType(key, 'a positive integer', v)
  return Math.min(n, max)
}

function lookupFold(props: ConnectorProps, key: string): unknown {
  if (key in props) return props[key]
  const lower = key.toLowerCase()
  for (const k of Object.keys(props)) if (k.toLowerCase() === lower) return props[k]
  return undefined
}

function toInt(v: unknown): number | undefined {
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'number' && Number.isInteger(v)) return v
  if (typeof v === 'string' && /^[+-]?[0-9]+$/.test(v.trim())) return Number(v.trim())
  return undefined
}

function toQos(v: unknown, key: string): Qos {
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' && Number.isInteger(v) ? v : undefined
  if (n === undefined) throw badType(key, 'an integer', v)
  if (n !== 0 && n !== 1 && n !== 2) {
    throw new KuiperError('CONFIG_ERROR', `not valid qos value ${n}, the value could be only int 0 or 1 or 2`)
  }
  return n
}

function asString(v: unknown, key: string): string {
  if (typeof v !== 'string') throw badType(key, 'a string', v)
  return v
}

function optString(v: unknown, key: string): string | undefined {
  return v === undefined || v === null ? undefined : asString(v, key)
}

function optBool(v: unknown, key: string): boolean | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'boolean') throw badType(key, 'a boolean', v)
  return v
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s
}

function badType(key: string, want: string, v: unknown): KuiperError {
  const shown = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? v.toString() : JSON.stringify(v)
  return new KuiperError('CONFIG_ERROR', `read properties fail with error: ${key} must be ${want}, found ${shown}`)
}
