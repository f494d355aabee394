// Log sink (1.0 `log`): logs each payload at info level as `sink result for rule <id>: <payload>` through the
// sink's logger, as 1.0 did through logrus (kuiperd: log/stream.log and, with basic.consoleLog, stdout).

import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'

export class LogSink implements Sink {
  collect(ctx: SinkContext, payload: SinkPayload): void {
    ctx.logger.info(`sink result for rule ${ctx.ruleId}: ${payload.text}`)
  }
}

export function createLogSink(_props: ConnectorProps, _env: ConnectorEnv): Sink {
  return new LogSink()
}
