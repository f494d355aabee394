// MQTT client configs from the source conf keys and sink properties declared in properties.ts (1.0 MQTTConfig, source
// keys matched case-insensitively as Go's json decoding does), and the mqtt.js options they make.

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { IClientOptions } from 'mqtt'
import { KuiperError } from '../../core/errors.js'
import type { ConnectorProps } from '../api.js'
import { mqttSinkProperties, mqttSourceProperties } from './properties.js'

export { DEFAULT_MAX_PAYLOAD_SIZE, DEFAULT_RECONNECT_MAX_MS } from './properties.js'

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

/** Source conf (the merged etc/mqtt_source.yaml section), checked by its declaration; CONFIG_ERROR otherwise. */
export function sourceConf(props: ConnectorProps): MqttSourceConf {
  const p = mqttSourceProperties.parse(props)
  const server = p.servers[0]
  if (server === undefined || server === '')
    throw new KuiperError('CONFIG_ERROR', 'mqtt source is missing property servers')
  const clientId = nonEmpty(p.clientid)
  const withCert = (p.certificationPath ?? '') !== '' || (p.privateKeyPath ?? '') !== ''
  // 1.0 uses username/password only when no certificate is configured, and trims the password.
  return {
    client: {
      server,
      clientId,
      protocolVersion: p.protocolVersion === '3.1.1' ? 4 : 3,
      username: withCert ? undefined : nonEmpty(p.username),
      password: withCert ? undefined : nonEmpty(p.password?.trim()),
      certificationPath: nonEmpty(p.certificationPath),
      privateKeyPath: nonEmpty(p.privateKeyPath),
      insecureSkipVerify: p.insecureSkipVerify,
      clean: !(p.qos > 0 && clientId !== undefined),
      reconnectMaxInterval: Math.min(p.reconnectMaxInterval, MAX_TIMER_MS),
    },
    qos: p.qos as Qos,
    sharedSubscription: p.sharedSubscription,
    kubeedgeModelFile: nonEmpty(p.kubeedgeModelFile),
    kubeedgeVersion: nonEmpty(p.kubeedgeVersion),
    maxPayloadSize: Math.min(p.maxPayloadSize, MAX_PACKET_SIZE),
  }
}

/** Sink properties, checked by their declaration (1.0 MQTTSink.Configure's texts for a missing server or topic). */
export function sinkConf(props: ConnectorProps): MqttSinkConf {
  const p = mqttSinkProperties.parse(props)
  if (p.server === '') throw new KuiperError('CONFIG_ERROR', 'mqtt sink is missing property server')
  if (p.topic === '') throw new KuiperError('CONFIG_ERROR', 'mqtt sink is missing property topic')
  if (p.topic.includes('+') || p.topic.includes('#')) {
    throw new KuiperError('CONFIG_ERROR', `mqtt sink topic ${p.topic} must not contain wildcards`)
  }
  const cert = nonBlank(p.certificationPath)
  const key = nonBlank(p.privateKeyPath)
  const withCert = cert !== undefined || key !== undefined
  return {
    client: {
      server: p.server,
      clientId: nonEmpty(p.clientId),
      protocolVersion: p.protocolVersion === '3.1.1' ? 4 : 3,
      username: withCert ? undefined : nonBlank(p.username),
      password: withCert ? undefined : nonBlank(p.password),
      certificationPath: cert,
      privateKeyPath: key,
      insecureSkipVerify: p.insecureSkipVerify,
      clean: true,
      reconnectMaxInterval: Math.min(p.reconnectMaxInterval, MAX_TIMER_MS),
    },
    topic: p.topic,
    qos: p.qos as Qos,
    retained: p.retained,
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
    // With its write cache, mqtt-packet makes a 2-byte Buffer for each of the 65,536 16-bit numbers at the first
    // packet, 6 MB of heap for good; without, it makes one when it writes a number (a topic length, a packet id).
    writeCache: false,
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
/** Node's timers overflow at 2^31 ms (they then fire at once). */
const MAX_TIMER_MS = 2 ** 31 - 1
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

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s
}

function nonBlank(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === '' ? undefined : s
}
