// EdgeX message bus over MQTT (go-mod-messaging mqtt client) on the shared MQTT connection pool: an EdgeX source
// or sink with the same broker and credentials as an MQTT stream or action shares its client, and gets the pool's
// reconnection (with resubscription) and connection status. Envelopes as JSON; `optional` keys ClientId,
// Username, Password, Qos, KeepAlive (s), Retained, CleanSession, ConnectTimeout (s), CertFile, KeyFile,
// CertPEMBlock, KeyPEMBlock, SkipCertVerify. AutoReconnect is not needed: a pooled connection always reconnects.

import { MAX_TIMER_STEP_MS } from '../../core/clock.js'
import { KuiperError, errorMessage } from '../../core/errors.js'
import type { ConnectorLogger, PayloadFormat } from '../api.js'
import type { MqttClientConfig } from '../mqtt/options.js'
import { DEFAULT_RECONNECT_MAX_MS } from '../mqtt/options.js'
import type { MqttPool, MqttPublisher, MqttSubscriptionHandle } from '../mqtt/pool.js'
import { mqttPool } from '../mqtt/pool.js'
import { parseFilter } from '../mqtt/topic-filter.js'
import type { BusHandlers, BusRole, MessageBus } from './bus.js'
import { hostUrl } from './bus.js'
import type { BusConfig } from './config.js'
import { decodeEnvelope, encodeEnvelope } from './envelope.js'
import type { MessageEnvelope } from './envelope.js'

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

function text(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v
}

/** The pooled client config of a bus conf, and the QoS and retain flag of its messages. */
export function mqttOptions(conf: BusConfig): { client: MqttClientConfig; qos: 0 | 1 | 2; retain: boolean } {
  const o = conf.optional
  const scheme = SCHEMES[conf.protocol.toLowerCase()] ?? conf.protocol
  const certPem = text(o['CertPEMBlock'])
  const keyPem = text(o['KeyPEMBlock'])
  const client: MqttClientConfig = {
    server: hostUrl(conf, scheme),
    // Absent: the pool picks a unique id per connection.
    clientId: text(o['ClientId']),
    // paho (go-mod-messaging) speaks MQTT 3.1.1 first.
    protocolVersion: 4,
    username: text(o['Username']),
    password: text(o['Password']),
    certificationPath: certPem === undefined ? text(o['CertFile']) : undefined,
    privateKeyPath: keyPem === undefined ? text(o['KeyFile']) : undefined,
    insecureSkipVerify: flag(o['SkipCertVerify'], false),
    clean: flag(o['CleanSession'], true),
    reconnectMaxInterval: DEFAULT_RECONNECT_MAX_MS,
    keepalive: num(o['KeepAlive'], 60),
    // mqtt.js arms a raw Node timer: past 2^31 ms it would overflow and give up connecting after 1 ms.
    connectTimeout: Math.min(num(o['ConnectTimeout'], 30) * 1000, MAX_TIMER_STEP_MS),
    ...(certPem !== undefined ? { certPem } : {}),
    ...(keyPem !== undefined ? { keyPem } : {}),
  }
  const q = num(o['Qos'], 0)
  return { client, qos: q === 1 || q === 2 ? q : 0, retain: flag(o['Retained'], false) }
}

/** Envelopes are decoded by the bus, not by a stream format: the listener takes the raw payload. */
const envelopeBytes: PayloadFormat = { name: 'EDGEX-ENVELOPE', decode: (payload) => [{ payload }] }

function connectFailure(err: unknown): KuiperError {
  return new KuiperError('CONNECTOR_ERROR', `Failed to connect to edgex message bus: ${errorMessage(err)}`, {
    cause: err,
  })
}

class MqttBus implements MessageBus {
  private subscription: MqttSubscriptionHandle | undefined

  constructor(
    private readonly client: MqttClientConfig,
    private readonly qos: 0 | 1 | 2,
    private readonly retain: boolean,
    private readonly logger: ConnectorLogger,
    private readonly pool: MqttPool,
    private readonly publisher: MqttPublisher | undefined,
  ) {}

  async subscribe(topic: string, h: BusHandlers): Promise<void> {
    let filter
    try {
      filter = parseFilter(topic, true)
    } catch (err) {
      throw new KuiperError('CONFIG_ERROR', `edgex topic ${topic}: ${errorMessage(err)}`)
    }
    try {
      this.subscription = await this.pool.subscribe(
        this.client,
        filter,
        {
          qos: this.qos,
          format: envelopeBytes,
          maxPayloadSize: Infinity,
          onMessage: (m) => {
            const raw = m['payload'] as Uint8Array
            let env: MessageEnvelope
            try {
              env = decodeEnvelope(raw)
            } catch (err) {
              h.malformed(err, raw)
              return
            }
            h.message(env)
          },
          onDecodeError: (err) => h.error(err),
          onOversize: () => {},
        },
        this.logger,
      )
    } catch (err) {
      throw connectFailure(err)
    }
  }

  async publish(topic: string, env: MessageEnvelope): Promise<void> {
    if (this.publisher === undefined) throw new KuiperError('CONNECTOR_ERROR', 'edgex message bus opened to subscribe')
    await this.publisher.publish(topic, encodeEnvelope(env), this.qos, this.retain)
  }

  close(): Promise<void> {
    this.subscription?.release()
    this.subscription = undefined
    this.publisher?.release()
    return Promise.resolve()
  }
}

/**
 * A subscriber connects when it subscribes; a publisher connects now. Either rejects with CONNECTOR_ERROR when the
 * first connection fails, as 1.0's Connect does.
 */
export async function openMqttBus(
  conf: BusConfig,
  role: BusRole,
  logger: ConnectorLogger,
  pool: MqttPool = mqttPool,
): Promise<MessageBus> {
  const { client, qos, retain } = mqttOptions(conf)
  let publisher: MqttPublisher | undefined
  if (role === 'publisher') {
    try {
      publisher = await pool.publisher(client, logger)
    } catch (err) {
      throw connectFailure(err)
    }
  }
  return new MqttBus(client, qos, retain, logger, pool, publisher)
}
