// A sink node's log line that repeats at most once per interval with a count of what happened in between (drops
// when a sink cache is full, failed writes).

import type { ConnectorLogger } from '../../connectors/api.js'

/** Counts events and logs the first at once, then at most one summary line per `intervalMs`. */
export class ThrottledCounter {
  private last = -Infinity
  private pending = 0
  total = 0

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly log: ConnectorLogger,
  ) {}

  /** Counts one event; `line(n)` renders the message for `n` events since the last line. */
  hit(line: (n: number) => string): void {
    this.total++
    this.pending++
    const t = this.now()
    if (t - this.last >= this.intervalMs) {
      this.log.warn(line(this.pending))
      this.pending = 0
      this.last = t
    }
  }

  /** Logs what was counted since the last line (on close). */
  flush(line: (n: number) => string): void {
    if (this.pending > 0) this.log.warn(line(this.pending))
    this.pending = 0
  }
}
