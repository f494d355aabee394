// Where the MQTT connector's log lines go (kuiperd may route them to its logger); repeated errors are rate-limited.

export interface MqttLogger {
  info(msg: string): void
  warn(msg: string): void
  error(msg: string): void
}

let current: MqttLogger = {
  info: () => {},
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
}

export function setMqttLogger(logger: MqttLogger): void {
  current = logger
}

export function mqttLog(): MqttLogger {
  return current
}

/** Logs at most one line per `intervalMs` and says how many were suppressed (malformed payload floods). */
export class ThrottledLog {
  private last = -Infinity
  private suppressed = 0

  constructor(private readonly intervalMs = 10_000) {}

  error(msg: string, now: number = performance.now()): void {
    if (now - this.last < this.intervalMs) {
      this.suppressed++
      return
    }
    const extra = this.suppressed > 0 ? ` (${this.suppressed} similar errors suppressed)` : ''
    this.suppressed = 0
    this.last = now
    current.error(msg + extra)
  }
}
