// Memory sink: publishes every result row (or `{error}` for an error emission) to its `topic` on the in-process bus,
// so rules chain through memory streams as in eKuiper 1.4+.

import { KuiperError } from '../../core/errors.js'
import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'

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

/** The `topic` property: required, without wildcards; CONFIG_ERROR otherwise. */
export function memorySinkTopic(props: ConnectorProps): string {
  const topic = props['topic']
  if (typeof topic !== 'string' || topic === '')
    throw new KuiperError('CONFIG_ERROR', 'property topic is required for the memory sink')
  if (topic.includes('+') || topic.includes('#')) {
    throw new KuiperError('CONFIG_ERROR', `invalid memory topic ${topic}: wildcards are not allowed`)
  }
  return topic
}

export function createMemorySink(props: ConnectorProps, env: ConnectorEnv): Sink {
  return new MemorySink(memorySinkTopic(props), env)
}
