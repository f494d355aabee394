// The value descriptors of EdgeX core-data (`<serviceServer>/api/v1/valuedescriptor`): reading name → type.
// Fetched on the first unknown reading name, and again for a later unknown name at most once per second.

import type { Clock } from '../../core/clock.js'
import { errorMessage } from '../../core/errors.js'

export const VALUE_DESCRIPTOR_ROUTE = '/api/v1/valuedescriptor'

export class ValueDescriptors {
  private readonly types = new Map<string, string>()
  private lastFetch = -Infinity
  private inflight: Promise<void> | undefined

  constructor(
    private readonly serviceServer: string,
    private readonly clock: Clock,
    private readonly log: (message: string) => void = () => {},
    private readonly minRefetchMs = 1000,
  ) {}

  /** Seeds or overrides types (tests, conformance). */
  set(name: string, type: string): void {
    this.types.set(name, type)
  }

  get(name: string): string | undefined {
    return this.types.get(name)
  }

  /** Whether an unknown name should trigger a refresh now. */
  canRefresh(): boolean {
    return this.inflight !== undefined || this.clock.now() - this.lastFetch >= this.minRefetchMs
  }

  /** Fetches every descriptor (one request at a time); a failure is logged and leaves the known types. */
  refresh(): Promise<void> {
    this.inflight ??= this.fetchAll().finally(() => {
      this.inflight = undefined
    })
    return this.inflight
  }

  private async fetchAll(): Promise<void> {
    this.lastFetch = this.clock.now()
    const url = this.serviceServer + VALUE_DESCRIPTOR_ROUTE
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
      if (!res.ok) throw new Error(`http status ${res.status}`)
      const body: unknown = await res.json()
      if (!Array.isArray(body)) throw new Error('the response is not a JSON array')
      let n = 0
      for (const vd of body as unknown[]) {
        if (typeof vd !== 'object' || vd === null) continue
        const { name, type } = vd as { name?: unknown; type?: unknown }
        if (typeof name === 'string' && typeof type === 'string') {
          this.types.set(name, type)
          n++
        }
      }
      this.log(
        n === 0
          ? 'Cannot find any value descriptors from value descriptor services.'
          : `Get ${n} of value descriptors from service.`,
      )
    } catch (err) {
      this.log(`Failed to get value descriptors from ${url}: ${errorMessage(err)}`)
    }
  }
}
