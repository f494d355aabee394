// A redis-server process of the test's own, on a free loopback port, without persistence: stopping and starting
// it is an outage that loses its data (what the shared test Redis must not be put through).

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { redisAnswers } from '../../scripts/test-services/probes.js'
import { freePort } from '../services.js'

export class PrivateRedis {
  private proc: ChildProcess | undefined

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort())
    await r.start()
    return r
  }

  /** Starts the process (again) on the same port; resolves once it answers PING. */
  async start(): Promise<void> {
    if (this.proc !== undefined) return
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
    const proc = spawn('redis-server', args, { stdio: 'ignore' })
    this.proc = proc
    const end = Date.now() + 10_000
    while (!(await redisAnswers(this.port, 200))) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}`)
      if (Date.now() > end) throw new Error(`redis-server did not answer on ${this.port}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  /** Kills the process (an abrupt outage); resolves once it has exited. */
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
}
