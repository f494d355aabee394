// A sink that hands each payload to a function: the embedding API's way to read results in-process.

import type { Sink, SinkContext, SinkPayload } from './api.js'

export class CallbackSink implements Sink {
  constructor(private readonly fn: (payload: SinkPayload, ctx: SinkContext) => void | Promise<void>) {}

  collect(ctx: SinkContext, payload: SinkPayload): void | Promise<void> {
    return this.fn(payload, ctx)
  }
}
