// Memory source: subscribes to the stream's DATASOURCE (wildcards allowed) on the engine's in-process bus.

import type { ConnectorEnv, Source, SourceConfig, SourceContext, SourceEmit } from '../api.js'

export class MemorySource implements Source {
  private unsubscribe: (() => void) | undefined

  constructor(
    private readonly topic: string,
    private readonly env: ConnectorEnv,
  ) {}

  open(_ctx: SourceContext, emit: SourceEmit): void {
    this.unsubscribe = this.env.memory.subscribe(this.topic, (message, meta) => emit(message, meta))
  }

  close(): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
  }
}

export function createMemorySource(config: SourceConfig, env: ConnectorEnv): Source {
  return new MemorySource(config.datasource, env)
}
