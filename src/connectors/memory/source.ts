// Memory source: subscribes to the stream's DATASOURCE (wildcards allowed) on the engine's in-process bus.
// On a retaining topic (MemoryBroker.retain) it is rewindable: its offset is the position in the topic's log.

import type { ConnectorEnv, Rewindable, Source, SourceConfig, SourceContext, SourceEmit } from '../api.js'

export class MemorySource implements Source, Rewindable {
  private unsubscribe: (() => void) | undefined
  /** Position in the topic log after the last message emitted; undefined before open or without a log. */
  private position: number | undefined
  private rewound: number | undefined

  constructor(
    private readonly topic: string,
    private readonly env: ConnectorEnv,
  ) {}

  open(_ctx: SourceContext, emit: SourceEmit): void {
    const length = this.env.memory.logLength?.(this.topic)
    const from = this.rewound
    this.rewound = undefined
    if (length === undefined) {
      this.position = undefined
    } else if (from !== undefined && from < length) {
      // Replay what the log holds after the offset, then go on live (publishing is synchronous: nothing is missed).
      this.position = from
      for (const m of this.env.memory.readLog?.(this.topic, from) ?? []) {
        this.position++
        emit(m.message, m.meta)
      }
      this.position = length
    } else {
      this.position = length
    }
    this.unsubscribe = this.env.memory.subscribe(this.topic, (message, meta) => {
      if (this.position !== undefined) this.position++
      emit(message, meta)
    })
  }

  close(): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
  }

  /** The position in the topic log after the last message emitted (undefined: the topic keeps no log). */
  offset(): number | undefined {
    return this.position
  }

  rewind(offset: unknown): void {
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) this.rewound = offset
  }
}

export function createMemorySource(config: SourceConfig, env: ConnectorEnv): Source {
  return new MemorySource(config.datasource, env)
}
