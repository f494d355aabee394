// Nop sink (1.0 `nop`): accepts and drops every payload; with `log: true` it also logs each one at info level, as
// the log sink does.

import type { ConnectorEnv, ConnectorProps, Sink } from '../api.js'
import { nopSinkProperties } from './properties.js'

export function createNopSink(props: ConnectorProps, _env: ConnectorEnv): Sink {
  if (!nopSinkProperties.parse(props).log) return { collect: () => undefined }
  return { collect: (ctx, payload) => ctx.logger.info(`sink result for rule ${ctx.ruleId}: ${payload.text}`) }
}
