// The InfluxDB 1.x write endpoint: POST <addr>/write?db=<database>&precision=ns with basic auth; 204 is success,
// a 400 (bad line, field type conflict) rejects the points, other failures are retried.

import http from 'node:http'
import https from 'node:https'
import { systemClock } from '../../core/clock.js'
import { ConnectorError } from '../api.js'
import type { InfluxConf } from './config.js'

export class InfluxHttp {
  private readonly agent: http.Agent
  private readonly url: URL
  private readonly auth: string | undefined

  constructor(private readonly conf: InfluxConf) {
    this.url = new URL('write', conf.addr.endsWith('/') ? conf.addr : conf.addr + '/')
    this.url.searchParams.set('db', conf.databasename)
    this.url.searchParams.set('precision', 'ns')
    const secure = this.url.protocol === 'https:'
    this.agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true })
    if (conf.username !== '') this.auth = 'Basic ' + Buffer.from(`${conf.username}:${conf.password}`).toString('base64')
  }

  write(body: string): Promise<void> {
    const headers: Record<string, string> = {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
    }
    if (this.auth !== undefined) headers['Authorization'] = this.auth
    const mod = this.url.protocol === 'https:' ? https : http
    return new Promise((resolve, reject) => {
      let done = false
      const finish = (err?: Error): void => {
        if (done) return
        done = true
        timer.cancel()
        if (err === undefined) resolve()
        else reject(err)
      }
      const req = mod.request(this.url, { method: 'POST', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const status = res.statusCode ?? 0
          if (status >= 200 && status < 300) return finish()
          const text = Buffer.concat(chunks).toString().trim()
          const retry = status === 400 || status === 413 ? 'none' : 'backoff'
          finish(new ConnectorError(`influx sink: write failed with status ${status}: ${text}`, retry))
        })
        res.on('error', (err) => finish(new ConnectorError(`influx sink: ${err.message}`, 'backoff')))
      })
      // Through the clock: a timeout of 2^31 ms or more would overflow a raw Node timer and fire after 1 ms.
      const timer = systemClock.setTimeout(() => {
        finish(new ConnectorError(`influx sink: write timed out after ${this.conf.timeout} ms`, 'backoff'))
        req.destroy()
      }, this.conf.timeout)
      req.on('error', (err) => finish(new ConnectorError(`influx sink: ${err.message}`, 'backoff', { cause: err })))
      req.end(body)
    })
  }

  close(): void {
    this.agent.destroy()
  }
}
