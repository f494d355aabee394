// A sink whose writes wait until the test releases them: what the slow-sink tests of the fused chains and of the
// fan-out steps put behind a rule to fill its queues.

import type { Engine, SinkPayload } from '../../src/index.js'

export interface GatedWrites {
  /** A sink `collect` whose write (`write`, then resolving) waits in line until released. */
  collect(write: (payload: SinkPayload) => void): (ctx: unknown, payload: SinkPayload) => Promise<void>
  /** Lets the waiting writes through one per event-loop turn (each may queue the next), then waits for the engine. */
  release(): Promise<void>
}

export function gatedWrites(engine: Engine): GatedWrites {
  const pending: (() => void)[] = []
  return {
    collect: (write) => (_ctx, payload) =>
      new Promise((resolve) =>
        pending.push(() => {
          write(payload)
          resolve()
        }),
      ),
    async release() {
      while (pending.length > 0) {
        pending.shift()!()
        await new Promise((r) => setImmediate(r))
      }
      await engine.idle()
    },
  }
}
