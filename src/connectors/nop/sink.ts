// Nop sink (1.0 `nop`): accepts and drops every payload; with `log: true` it also logs each one at info level, as
// the log sink does.

import type { ConnectorEnv, ConnectorProps, Sink } from '../api.js'

export function createNopSink(props: ConnectorProps, _env: ConnectorEnv): Sink {
  if (props['log'] !== true && props['log'] !== 'true') return { collect: () => undefined }
  return { collect: (ctx, payload) => ctx.logger.info(`sink result for rule ${ctx.ruleId}: ${payload.text}`) }
}
