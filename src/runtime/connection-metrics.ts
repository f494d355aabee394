// The connection metrics of a source or sink that keeps a connection (later eKuiper's names, after 1.0's set):
// `connection_status` 1 connected, 0 connecting, -1 disconnected; times in epoch ms (0 = never); plus the
// reconnection attempts, so that an outage shows in the rule's status instead of `Running` with 0 exceptions.

import type { ConnectionStatus } from '../connectors/api.js'

const STATUS_CODE = { connected: 1, connecting: 0, disconnected: -1 } as const

/** Adds `<prefix>connection_status` and the others to `out`. */
export function collectConnectionMetrics(
  prefix: string,
  s: ConnectionStatus,
  out: Record<string, number | string>,
): void {
  out[prefix + 'connection_status'] = STATUS_CODE[s.state]
  out[prefix + 'connection_last_connected_time'] = s.lastConnectedAt ?? 0
  out[prefix + 'connection_last_disconnected_time'] = s.lastDisconnectedAt ?? 0
  out[prefix + 'connection_last_disconnected_message'] = s.lastDisconnectedMessage
  out[prefix + 'connection_last_try_time'] = s.lastTryAt ?? 0
  out[prefix + 'reconnect_attempts_total'] = s.reconnectAttempts
}
