// Log sink (1.0 `log`): writes each payload as one line `sink result for rule <id>: <payload>`.

import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'

export class LogSink implements Sink {
  constructor(private readonly write: (line: string) => void) {}

  collect(ctx: SinkContext, payload: SinkPayload): void {
    this.write(`sink result for rule ${ctx.ruleId}: ${payload.text}`)
  }
}

export function createLogSink(_props: ConnectorProps, _env: ConnectorEnv): Sink {
  return new LogSink((line) => process.stdout.write(line + '\n'))
}
