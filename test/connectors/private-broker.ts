// A Mosquitto process of the test's own, on a free loopback port, without persistence: stopping and starting it
// is a broker outage that loses every session (what the shared test broker must not be put through).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SERVICE_HOST, freePort } from '../services.js'
import { PrivateServer } from './private-server.js'

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, SERVICE_HOST)
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

export class PrivateBroker extends PrivateServer {
  private readonly dir: string

  private constructor(
    port: number,
    /** Extra mosquitto.conf lines (e.g. `max_queued_messages 0`). */
    extra: readonly string[],
  ) {
    super(port, 'mosquitto')
    this.dir = mkdtempSync(join(tmpdir(), 'kuiper-mosquitto-'))
    const conf = [`listener ${port} ${SERVICE_HOST}`, 'allow_anonymous true', 'persistence false', ...extra]
    writeFileSync(join(this.dir, 'mosquitto.conf'), conf.join('\n') + '\n')
  }

  /** Starts a broker on a free port. */
  static async start(extra: readonly string[] = []): Promise<PrivateBroker> {
    const b = new PrivateBroker(await freePort(), extra)
    await b.start()
    return b
  }

  /** As Kuiper's configs name it. */
  get server(): string {
    return `tcp://${SERVICE_HOST}:${this.port}`
  }

  protected args(): readonly string[] {
    return ['-c', join(this.dir, 'mosquitto.conf')]
  }

  /** Accepts connections. */
  protected answers(): Promise<boolean> {
    return accepting(this.port)
  }

  async remove(): Promise<void> {
    await this.stop()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
