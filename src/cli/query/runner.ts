// One running query of the console: POST /query starts a temporary rule on kuiperd, GET /query/{id} every 300 ms
// fetches the results produced since the last poll, DELETE /query/{id} stops it (1.0's CreateQuery/GetQueryResult).

import type { QueryCreated } from '../../server/contract.js'
import { ServerError, errorText } from '../errors.js'
import type { KuiperClient } from '../http-client.js'
import { parseJson, seg } from '../http-client.js'

export const POLL_INTERVAL_MS = 300

export interface RunnerEvents {
  /** One result payload (the JSON text a sink receives, e.g. `[{"temperature":30}]`). */
  result(text: string): void
  /** The query ended on the server side (error, or stopped for want of polling). */
  ended(message: string): void
}

export class QueryRunner {
  private id: string | undefined
  private timer: NodeJS.Timeout | undefined
  private generation = 0

  constructor(
    private readonly client: KuiperClient,
    private readonly events: RunnerEvents,
    private readonly pollMs = POLL_INTERVAL_MS,
  ) {}

  get running(): boolean {
    return this.id !== undefined
  }

  /** Replaces the running query (as 1.0 did); returns kuiperd's `Query was submit successfully.` */
  async start(sql: string): Promise<string> {
    await this.stop()
    const a = await this.client.post('/query', { sql })
    const created = parseJson(a.text, 'POST /query') as Partial<QueryCreated>
    if (typeof created.id !== 'string') throw new ServerError('kuiperd did not return a query id.', a.status, undefined)
    this.id = created.id
    const gen = ++this.generation
    this.schedule(gen)
    return typeof created.message === 'string' ? created.message : 'Query was submit successfully.'
  }

  /** Stops the running query; true if there was one. Errors are ignored: the server forgets unpolled queries. */
  async stop(): Promise<boolean> {
    const id = this.id
    this.clear()
    if (id === undefined) return false
    try {
      await this.client.delete(`/query/${seg(id)}`)
    } catch {
      // already gone on the server: nothing to stop
    }
    return true
  }

  private clear(): void {
    this.generation++
    this.id = undefined
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule(gen: number): void {
    this.timer = setTimeout(() => void this.poll(gen), this.pollMs)
  }

  private async poll(gen: number): Promise<void> {
    const id = this.id
    if (id === undefined || gen !== this.generation) return
    let results: unknown
    try {
      const a = await this.client.get(`/query/${seg(id)}`)
      results = parseJson(a.text, `GET /query/${id}`)
    } catch (err) {
      if (gen !== this.generation) return
      this.clear()
      this.events.ended(errorText(err))
      return
    }
    if (gen !== this.generation) return
    if (Array.isArray(results))
      for (const r of results) this.events.result(typeof r === 'string' ? r : JSON.stringify(r))
    this.schedule(gen)
  }
}
