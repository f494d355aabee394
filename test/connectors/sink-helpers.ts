// Helpers for sink tests: an HTTP endpoint started by the test that records requests and can go down and come back
// on the same port, and a bounded wait.

import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface RecordedRequest {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage['headers']
  readonly body: string
}

/** Answers each request with `reply(req)` (default 200 with the body) and records it. */
export class RecordingServer {
  readonly requests: RecordedRequest[] = []
  reply: (r: RecordedRequest) => { status: number; body?: string; delayMs?: number } = (r) => ({
    status: 200,
    body: r.body,
  })
  port = 0
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get bodies(): string[] {
    return this.requests.map((r) => r.body)
  }

  /** Listens on the previous port when restarted (port 0 the first time). */
  async start(): Promise<void> {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const r: RecordedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        }
        const a = this.reply(r)
        if (a.status >= 200 && a.status < 300) this.requests.push(r)
        const send = (): void => void res.writeHead(a.status).end(a.body ?? '')
        if (a.delayMs !== undefined) setTimeout(send, a.delayMs)
        else send()
      })
    })
    server.on('connection', (s: Socket) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }

  /** Stops listening and cuts open connections: the endpoint is down. */
  async stop(): Promise<void> {
    const s = this.server
    this.server = undefined
    if (s === undefined) return
    for (const c of this.sockets) c.destroy()
    await new Promise<void>((resolve) => s.close(() => resolve()))
  }
}

export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
