// Nop sink (1.0 `nop`): accepts and drops every payload; with `log: true` it also logs each one at info level, as
// the log sink does.

import type { ConnectorEnv, ConnectorProps, Sink } from '../api.js'
import { nopSinkProperties } from './properties.js'

/**
 * The sink of every rule whose nop sink does not log: it keeps nothing, so the rules share it (with 1,000 rules on one
 * stream, one object and function in the cache instead of one pair per rule).
 */
const silentNop: Sink = { collect: () => undefined }

export function createNopSink(props: ConnectorProps, _env: ConnectorEnv): Sink {
  if (!nopSinkProperties.parse(props).log) return silentNop
  return { collect: (ctx, payload) => ctx.logger.info(`sink result for rule ${ctx.ruleId}: ${payload.text}`) }
}
