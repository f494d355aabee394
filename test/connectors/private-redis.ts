// A redis-server process of the test's own, on a free loopback port, without persistence: stopping and starting
// it is an outage that loses its data (what the shared test Redis must not be put through).

import { redisAnswers } from '../../scripts/test-services/probes.js'
import { freePort } from '../services.js'
import { PrivateServer } from './private-server.js'

export class PrivateRedis extends PrivateServer {
  private constructor(port: number) {
    super(port, 'redis-server')
  }

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort())
    await r.start()
    return r
  }

  protected args(): readonly string[] {
    return ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  }

  protected answers(): Promise<boolean> {
    return redisAnswers(this.port, 200)
  }
}
