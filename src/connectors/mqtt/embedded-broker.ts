// An in-process MQTT broker (aedes over node:net) that kuiperd starts when `mqttBroker.enable` is set, so the quick
// start works on a machine without a broker. A taken port is reported in plain words, naming the likely cause.

import { createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'
import type { Aedes } from 'aedes'
import { KuiperError } from '../../core/errors.js'
import { consoleLogger } from '../api.js'
import type { ConnectorLogger } from '../api.js'
import { lazyLibrary } from '../../core/lazy-library.js'

// aedes is loaded when a broker first starts: a kuiperd without mqttBroker.enable never loads it.
const loadAedes = lazyLibrary('aedes', 'the embedded MQTT broker', () => import('aedes'))

/** kuiper.yaml `mqttBroker:` section (defaults: disabled, 127.0.0.1:1883). */
export interface EmbeddedBrokerOptions {
  /** TCP port; 0 picks a free one (tests). */
  readonly port: number
  /** Interface to listen on; default 127.0.0.1 (loopback only). */
  readonly host?: string
  /** Where the broker logs. Default: consoleLogger. */
  readonly logger?: ConnectorLogger
}

export const EMBEDDED_BROKER_DEFAULTS = { enable: false, host: '127.0.0.1', port: 1883 } as const

/**
 * Reads the `mqttBroker` section of kuiper.yaml (`{enable, host, port}`); undefined when absent or disabled.
 * Throws CONFIG_ERROR on wrong types.
 */
export function embeddedBrokerConfig(section: unknown): EmbeddedBrokerOptions | undefined {
  if (section === undefined || section === null) return undefined
  if (typeof section !== 'object' || Array.isArray(section)) {
    throw new KuiperError('CONFIG_ERROR', 'mqttBroker must be a map with enable, host and port')
  }
  const s = section as Record<string, unknown>
  const enable = s['enable'] ?? EMBEDDED_BROKER_DEFAULTS.enable
  if (typeof enable !== 'boolean') throw new KuiperError('CONFIG_ERROR', 'mqttBroker.enable must be true or false')
  if (!enable) return undefined
  const port = s['port'] ?? EMBEDDED_BROKER_DEFAULTS.port
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new KuiperError('CONFIG_ERROR', 'mqttBroker.port must be an integer between 0 and 65535')
  }
  const host = s['host'] ?? EMBEDDED_BROKER_DEFAULTS.host
  if (typeof host !== 'string' || host === '') throw new KuiperError('CONFIG_ERROR', 'mqttBroker.host must be a string')
  return { port, host }
}

export class EmbeddedBroker {
  private server: Server | undefined
  private aedes: Aedes | undefined
  /** Sessions, subscriptions and queued QoS ≥ 1 messages, kept across stop()/start() (in memory). */
  private persistence: unknown
  private readonly sockets = new Set<Socket>()
  private boundPort: number

  constructor(private readonly opts: EmbeddedBrokerOptions) {
    this.boundPort = opts.port
  }

  private get log(): ConnectorLogger {
    return this.opts.logger ?? consoleLogger
  }

  get host(): string {
    return this.opts.host ?? EMBEDDED_BROKER_DEFAULTS.host
  }

  /** The bound port (the chosen one when started with port 0). */
  get port(): number {
    return this.boundPort
  }

  /** `mqtt://127.0.0.1:1883` */
  get url(): string {
    return `mqtt://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`
  }

  get running(): boolean {
    return this.server !== undefined
  }

  /** Listens (again, on the same port after a stop); rejects with a clear CONFLICT error when the port is taken. */
  async start(): Promise<void> {
    if (this.server !== undefined) return
    const { Aedes } = await loadAedes()
    const aedes = await Aedes.createBroker(this.persistence === undefined ? {} : { persistence: this.persistence })
    this.persistence = (aedes as unknown as { persistence: unknown }).persistence
    const server = createServer((socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
      aedes.handle(socket)
    })
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(this.boundPort, this.host, () => {
          server.off('error', reject)
          resolve()
        })
      })
    } catch (err) {
      await new Promise<void>((resolve) => aedes.close(() => resolve()))
      throw listenError(err, this.host, this.boundPort)
    }
    server.on('error', (err) => this.log.error(`embedded MQTT broker: ${err.message}`))
    this.boundPort = (server.address() as AddressInfo).port
    this.server = server
    this.aedes = aedes
    this.log.info(`embedded MQTT broker listening on ${this.host}:${this.boundPort}`)
  }

  /** Stops listening and drops every client connection; persisted sessions survive until the next start(). */
  async stop(): Promise<void> {
    const server = this.server
    const aedes = this.aedes
    if (server === undefined || aedes === undefined) return
    this.server = undefined
    this.aedes = undefined
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    await new Promise<void>((resolve) => aedes.close(() => resolve()))
    for (const s of this.sockets) s.destroy()
    this.sockets.clear()
    await closed
  }
}

/**
 * Starts an embedded broker.
 * @example
 * const broker = await startEmbeddedBroker({ port: 1883, host: '127.0.0.1' })
 * // ... later
 * await broker.stop()
 */
export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const b = new EmbeddedBroker(opts)
  await b.start()
  return b
}

function listenError(err: unknown, host: string, port: number): KuiperError {
  const code = (err as { code?: unknown }).code
  if (code === 'EADDRINUSE') {
    return new KuiperError(
      'CONFLICT',
      `cannot start the embedded MQTT broker on ${host}:${port}: the port is already in use, probably by another ` +
        `MQTT broker (mosquitto, EMQ X...). Use that broker (leave mqttBroker.enable false) or set mqttBroker.port ` +
        `to a free port.`,
      { cause: err },
    )
  }
  if (code === 'EACCES') {
    return new KuiperError(
      'CONFIG_ERROR',
      `cannot start the embedded MQTT broker on ${host}:${port}: permission denied (ports below 1024 need privileges)`,
      { cause: err },
    )
  }
  const msg = err instanceof Error ? err.message : String(err)
  return new KuiperError('CONNECTOR_ERROR', `cannot start the embedded MQTT broker on ${host}:${port}: ${msg}`, {
    cause: err,
  })
}
