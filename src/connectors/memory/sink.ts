// Memory sink: publishes every result row (or `{error}` for an error emission) to its `topic` on the in-process bus,
// so rules chain through memory streams as in eKuiper 1.4+.

import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'
import { memorySinkTopic } from './properties.js'

export class MemorySink implements Sink {
  constructor(
    private readonly topic: string,
    private readonly env: ConnectorEnv,
  ) {}

  collect(_ctx: SinkContext, payload: SinkPayload): void {
    const meta = { topic: this.topic }
    if (payload.rows === undefined) {
      this.env.memory.publish(this.topic, { error: payload.error ?? '' }, meta)
      return
    }
    for (const row of payload.rows) this.env.memory.publish(this.topic, row, meta)
  }
}

export function createMemorySink(props: ConnectorProps, env: ConnectorEnv): Sink {
  return new MemorySink(memorySinkTopic(props), env)
}
