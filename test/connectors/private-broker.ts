// A Mosquitto process of the test's own, on a free loopback port, without persistence: stopping and starting it
// is a broker outage that loses every session (what the shared test broker must not be put through).

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SERVICE_HOST, freePort } from '../services.js'

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

export class PrivateBroker {
  private proc: ChildProcess | undefined
  private readonly dir: string

  private constructor(
    readonly port: number,
    /** Extra mosquitto.conf lines (e.g. `max_queued_messages 0`). */
    extra: readonly string[],
  ) {
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

  /** Starts the process (again) on the same port; resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.proc !== undefined) return
    const proc = spawn('mosquitto', ['-c', join(this.dir, 'mosquitto.conf')], { stdio: 'ignore' })
    this.proc = proc
    const end = Date.now() + 10_000
    while (!(await accepting(this.port))) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited with ${proc.exitCode}`)
      if (Date.now() > end) throw new Error(`mosquitto did not listen on ${this.port}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  /** Kills the process (an abrupt outage: connections reset, sessions gone); resolves once it has exited. */
  async stop(): Promise<void> {
    const proc = this.proc
    if (proc === undefined) return
    this.proc = undefined
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
      proc.kill('SIGKILL')
      await exited
    }
  }

  async remove(): Promise<void> {
    await this.stop()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
