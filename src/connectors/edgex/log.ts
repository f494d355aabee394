// Where the EdgeX connector's log lines go (kuiperd may route them to its logger); floods are rate-limited.

export interface EdgexLogger {
  info(msg: string): void
  warn(msg: string): void
  error(msg: string): void
}

let current: EdgexLogger = {
  info: () => {},
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
}

export function setEdgexLogger(logger: EdgexLogger): void {
  current = logger
}

export function edgexLog(): EdgexLogger {
  return current
}

/** Logs at most one line per `intervalMs` and says how many were suppressed. */
export class ThrottledLog {
  private last = -Infinity
  private suppressed = 0

  constructor(private readonly intervalMs = 10_000) {}

  warn(msg: string, now: number = performance.now()): void {
    if (now - this.last < this.intervalMs) {
      this.suppressed++
      return
    }
    const extra = this.suppressed > 0 ? ` (${this.suppressed} similar messages suppressed)` : ''
    this.suppressed = 0
    this.last = now
    current.warn(msg + extra)
  }
}
