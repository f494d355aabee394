// EdgeX message bus over MQTT (go-mod-messaging mqtt client): envelopes as JSON, `optional` keys ClientId,
// Username, Password, Qos, KeepAlive (s), Retained, CleanSession, AutoReconnect, ConnectTimeout (s), CertFile,
// KeyFile, CertPEMBlock, KeyPEMBlock, SkipCertVerify.

import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import mqtt from 'mqtt'
import type { IClientOptions, MqttClient } from 'mqtt'
import { MAX_TIMER_STEP_MS } from '../../core/clock.js'
import { KuiperError, errorMessage } from '../../core/errors.js'
import type { BusHandlers, MessageBus } from './bus.js'
import { hostUrl } from './bus.js'
import type { BusConfig } from './config.js'
import type { MessageEnvelope } from './envelope.js'
import { decodeEnvelope, encodeEnvelope } from './envelope.js'

const SCHEMES: Readonly<Record<string, string>> = {
  tcp: 'mqtt',
  mqtt: 'mqtt',
  ssl: 'mqtts',
  tls: 'mqtts',
  mqtts: 'mqtts',
  ws: 'ws',
  wss: 'wss',
}

function flag(v: string | undefined, def: boolean): boolean {
  if (v === undefined || v === '') return def
  return ['1', 't', 'true'].includes(v.toLowerCase())
}

function num(v: string | undefined, def: number): number {
  const n = v === undefined ? NaN : Number(v)
  return Number.isFinite(n) ? n : def
}

export function mqttOptions(conf: BusConfig): {
  url: string
  options: IClientOptions
  qos: 0 | 1 | 2
  retain: boolean
} {
  const o = conf.optional
  const scheme = SCHEMES[conf.protocol.toLowerCase()] ?? conf.protocol
  const options: IClientOptions = {
    clientId: o['ClientId'] !== undefined && o['ClientId'] !== '' ? o['ClientId'] : `kuiper_edgex_${randomUUID()}`,
    keepalive: num(o['KeepAlive'], 60),
    clean: flag(o['CleanSession'], true),
    reconnectPeriod: flag(o['AutoReconnect'], true) ? 1000 : 0,
    // mqtt.js arms a raw Node timer: past 2^31 ms it would overflow and give up connecting after 1 ms.
    connectTimeout: Math.min(num(o['ConnectTimeout'], 30) * 1000, MAX_TIMER_STEP_MS),
  }
  if (o['Username'] !== undefined && o['Username'] !== '') options.username = o['Username']
  if (o['Password'] !== undefined && o['Password'] !== '') options.password = o['Password']
  const cert =
    o['CertPEMBlock'] ??
    (o['CertFile'] !== undefined && o['CertFile'] !== '' ? readFileSync(o['CertFile'], 'utf8') : undefined)
  const key =
    o['KeyPEMBlock'] ??
    (o['KeyFile'] !== undefined && o['KeyFile'] !== '' ? readFileSync(o['KeyFile'], 'utf8') : undefined)
  if (cert !== undefined && cert !== '') options.cert = cert
  if (key !== undefined && key !== '') options.key = key
  if (flag(o['SkipCertVerify'], false)) options.rejectUnauthorized = false
  const q = num(o['Qos'], 0)
  const qos = q === 1 || q === 2 ? q : 0
  return { url: hostUrl(conf, scheme), options, qos, retain: flag(o['Retained'], false) }
}

class MqttBus implements MessageBus {
  constructor(
    private readonly client: MqttClient,
    private readonly qos: 0 | 1 | 2,
    private readonly retain: boolean,
  ) {}

  async subscribe(topic: string, h: BusHandlers): Promise<void> {
    this.client.on('message', (_topic, payload) => {
      let env: MessageEnvelope
      try {
        env = decodeEnvelope(payload)
      } catch (err) {
        h.malformed(err, payload)
        return
      }
      h.message(env)
    })
    this.client.on('error', (err) => h.error(err))
    await this.client.subscribeAsync(topic, { qos: this.qos })
  }

  async publish(topic: string, env: MessageEnvelope): Promise<void> {
    await this.client.publishAsync(topic, encodeEnvelope(env), { qos: this.qos, retain: this.retain })
  }

  async close(): Promise<void> {
    await this.client.endAsync(true)
  }
}

export async function openMqttBus(conf: BusConfig): Promise<MessageBus> {
  const { url, options, qos, retain } = mqttOptions(conf)
  const client = mqtt.connect(url, options)
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error): void => reject(err)
      client.once('connect', () => {
        client.off('error', fail)
        resolve()
      })
      client.once('error', fail)
      // No broker: mqtt.js keeps retrying silently; fail the open after the connect timeout instead.
      client.once('offline', () => reject(new Error(`cannot connect to ${url}`)))
    })
  } catch (err) {
    client.end(true)
    throw new KuiperError('CONNECTOR_ERROR', `Failed to connect to edgex message bus: ${errorMessage(err)}`)
  }
  // Keep the client from crashing the process on later errors; the subscriber attaches its own handler.
  client.on('error', () => {})
  return new MqttBus(client, qos, retain)
}
