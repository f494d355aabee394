// mqtt.js, loaded when the first MQTT source, sink or connection needs it (an idle kuiperd does not load it).

import type * as MqttModule from 'mqtt'
import type { IClientOptions, MqttClient } from 'mqtt'
import { lazyLibrary } from '../../core/lazy-library.js'
import type { Qos0Receiver } from './batched-reads.js'
import { BatchedReadSocket } from './batched-reads.js'

export type MqttLibrary = (typeof MqttModule)['default']

/**
 * Makes a client for a broker URL (mqtt://, tcp://, mqtts://, ssl://, ws://…) and starts connecting it. With
 * `qos0Receiver`, a plain TCP connection hands QoS 0 PUBLISH packets to it instead of to mqtt.js (see
 * BatchedReadSocket): no 'message' event and no `handleMessage` call for them.
 */
export type MqttConnect = (brokerUrl: string, options: IClientOptions, qos0Receiver?: Qos0Receiver) => MqttClient

const loadModule = lazyLibrary('mqtt', 'the mqtt connector', () => import('mqtt'))

/**
 * mqtt.js's client, once loaded. A plain TCP broker (mqtt:// or tcp://, no credentials in the URL, no SOCKS proxy)
 * is reached through a `BatchedReadSocket`, given to mqtt.js's `MqttClient` as its stream builder (called again at
 * each reconnection); anything else goes through mqtt.js's `connect`, which knows TLS, WebSocket and proxies.
 */
export async function loadMqttConnect(): Promise<MqttConnect> {
  const mqtt = (await loadModule()).default
  const quiet = mqttDebugOff()
  return (brokerUrl, given, receive): MqttClient => {
    const options = quiet && given.log === undefined ? { ...given, log: ignoreLog } : given
    const tcp = plainTcp(brokerUrl)
    if (tcp === undefined) return mqtt.connect(brokerUrl, options)
    const qos0 =
      receive !== undefined && qos0PathAllowed(options) ? { receive, mqtt5: options.protocolVersion === 5 } : undefined
    return new mqtt.MqttClient(() => new BatchedReadSocket(tcp.host, tcp.port, undefined, qos0), {
      ...options,
      protocol: 'mqtt',
      host: tcp.host,
      hostname: tcp.host,
      port: tcp.port,
    })
  }
}

/**
 * mqtt.js logs every packet through the `debug` package (`DEBUG=mqttjs*`). Even switched off, each call gathers its
 * arguments and asks `debug` whether its namespace is on: 4 % of a one-rule kuiperd's CPU per message under a flood
 * (docs/performance.md). Without a DEBUG variable no namespace can be on, so the clients get a log function that does
 * nothing; with one, mqtt.js logs as before. (mqtt-packet's parser logs the same way, three times as much, through a
 * logger of its own that no option reaches.)
 */
export function mqttDebugOff(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return (env['DEBUG'] ?? '').trim() === ''
}

function ignoreLog(): void {}

/**
 * Whether a plain TCP client may read QoS 0 PUBLISH packets itself (see BatchedReadSocket): not while mqtt.js may log
 * packets (its log would miss them), nor with an MQTT 5 maximumPacketSize, which mqtt.js checks on every packet.
 */
export function qos0PathAllowed(
  options: IClientOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return mqttDebugOff(env) && options.properties?.maximumPacketSize === undefined
}

/** Host and port of a plain TCP broker URL; undefined for anything mqtt.js's own `connect` must handle. */
export function plainTcp(brokerUrl: string): { host: string; port: number } | undefined {
  let url: URL
  try {
    url = new URL(brokerUrl)
  } catch {
    return undefined
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'tcp:') return undefined
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hostname === '') return undefined
  if (process.env['MQTTJS_SOCKS_PROXY'] !== undefined) return undefined
  // IPv6 literals come bracketed from URL; net.connect wants them bare.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  return { host, port: url.port === '' ? 1883 : Number(url.port) }
}
