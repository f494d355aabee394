// Helpers for sink pipeline tests: a sink that fails on demand and a sink node around it on a manual clock.

import { ResultRows } from '../../../../src/core/collection.js'
import type { Clock } from '../../../../src/core/clock.js'
import { ManualClock } from '../../../../src/core/manual-clock.js'
import type { ValueMap } from '../../../../src/core/value.js'
import { ConnectorError } from '../../../../src/connectors/api.js'
import type { ConnectorLogger, Sink, SinkPayload } from '../../../../src/connectors/api.js'
import { MetricTime } from '../../../../src/runtime/metrics.js'
import { Activity } from '../../../../src/runtime/node.js'
import { SinkNode } from '../../../../src/runtime/sink-node.js'
import type { KvStore } from '../../../../src/state/kv-store.js'

/** Collected log lines of the sink pipeline (tests assert on them instead of printing). */
export const logs: string[] = []
export const testLogger: ConnectorLogger = {
  debug: () => {},
  info: (m) => void logs.push('info ' + m),
  warn: (m) => void logs.push('warn ' + m),
  error: (m) => void logs.push('error ' + m),
}

/** An async sink that is up or down; while down every collect rejects with `error`. */
export class FlakySink implements Sink {
  readonly texts: string[] = []
  up = true
  attempts = 0
  error: Error = new ConnectorError('endpoint down', 'backoff')

  collect(_ctx: unknown, p: SinkPayload): Promise<void> {
    this.attempts++
    if (!this.up) return Promise.reject(this.error)
    this.texts.push(p.text)
    return Promise.resolve()
  }
}

export interface NodeHarness {
  readonly node: SinkNode
  readonly activity: Activity
  readonly clock: ManualClock
  metric(name: string): number | string | undefined
  send(rows: ValueMap[]): void
}

export function makeNode(
  sink: Sink,
  props: Record<string, unknown>,
  opts: { store?: KvStore; clock?: ManualClock; ruleId?: string; closeGrace?: number } = {},
): NodeHarness {
  const clock = opts.clock ?? new ManualClock(1_000_000)
  const activity = new Activity()
  const node = new SinkNode(
    {
      ruleId: opts.ruleId ?? 'r1',
      name: 'test_0',
      sink,
      clock: clock as Clock,
      time: new MetricTime(clock),
      bufferLength: 1024,
      concurrency: 1,
      props,
      logger: testLogger,
      ...(opts.store !== undefined ? { store: opts.store } : {}),
      ...(opts.closeGrace !== undefined ? { closeGrace: opts.closeGrace } : {}),
    },
    activity,
  )
  return {
    node,
    activity,
    clock,
    metric(name) {
      const out: Record<string, number | string> = {}
      node.stats.bufferLength = node.queued
      node.stats.collect(out)
      return out[`sink_test_0_0_${name}`]
    },
    send(rows) {
      node.receive(new ResultRows(rows))
    },
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}
