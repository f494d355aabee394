// Nop sink (1.0 `nop`): accepts and drops every payload.

import type { ConnectorEnv, ConnectorProps, Sink } from '../api.js'

export function createNopSink(_props: ConnectorProps, _env: ConnectorEnv): Sink {
  return { collect: () => undefined }
}
