// A server process of the test's own (private-broker.ts, private-redis.ts) on a fixed port: started, and started
// again after an outage, until it answers; stopped abruptly, as an outage is.

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'

export abstract class PrivateServer {
  private proc: ChildProcess | undefined

  protected constructor(
    readonly port: number,
    /** The program run, also named in errors. */
    private readonly program: string,
  ) {}

  /** The program's arguments. */
  protected abstract args(): readonly string[]
  /** Whether the server answers on its port yet. */
  protected abstract answers(): Promise<boolean>

  /** Starts the process (again) on the same port; resolves once it answers. */
  async start(): Promise<void> {
    if (this.proc !== undefined) return
    const proc = spawn(this.program, [...this.args()], { stdio: 'ignore' })
    this.proc = proc
    const end = Date.now() + 10_000
    while (!(await this.answers())) {
      if (proc.exitCode !== null) throw new Error(`${this.program} exited with ${proc.exitCode}`)
      if (Date.now() > end) throw new Error(`${this.program} did not answer on ${this.port}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  /** Kills the process (an abrupt outage: connections reset, state gone); resolves once it has exited. */
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
