// Nop sink (1.0 `nop`): accepts and drops every payload; with `log: true` it also writes each one as a line, as the
// log sink does.

import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'

export function createNopSink(props: ConnectorProps, _env: ConnectorEnv): Sink {
  if (props['log'] !== true && props['log'] !== 'true') return { collect: () => undefined }
  return {
    collect: (ctx: SinkContext, payload: SinkPayload) => {
      process.stdout.write(`sink result for rule ${ctx.ruleId}: ${payload.text}\n`)
    },
  }
}
