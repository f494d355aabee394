// Memory source: subscribes to the stream's DATASOURCE (wildcards allowed) on the engine's in-process bus.
// On a retaining topic (MemoryBroker.retain) it is rewindable: its offset is the position in the topic's log.
// Backpressure: a replay waits for room in the rule's queue; live publishing cannot wait (it is synchronous), so
// what is published into a full queue replaces the oldest queued message (counted in `dropped_total`).

import type {
  ConnectorEnv,
  RetainedMessage,
  Rewindable,
  Source,
  SourceConfig,
  SourceContext,
  SourceEmit,
} from '../api.js'

export class MemorySource implements Source, Rewindable {
  private unsubscribe: (() => void) | undefined
  /** Position in the topic log after the last message emitted; undefined before open or without a log. */
  private position: number | undefined
  private rewound: number | undefined
  private closed = false

  constructor(
    private readonly topic: string,
    private readonly env: ConnectorEnv,
  ) {}

  open(ctx: SourceContext, emit: SourceEmit): void {
    this.closed = false
    const length = this.env.memory.logLength?.(this.topic)
    const from = this.rewound
    this.rewound = undefined
    this.position = length
    if (length !== undefined && from !== undefined && from < length) this.replay(from, ctx, emit)
    else this.goLive(ctx, emit)
  }

  close(): void {
    this.closed = true
    this.unsubscribe?.()
    this.unsubscribe = undefined
  }

  /**
   * Emits what the log holds after `from`, pausing while the rule's queue is full, then goes on live once caught up
   * (publishing is synchronous: nothing is published between the last read and the subscription).
   */
  private replay(from: number, ctx: SourceContext, emit: SourceEmit): void {
    const memory = this.env.memory
    let batch: readonly RetainedMessage[] = []
    let i = 0
    this.position = from
    const run = (): void => {
      while (!this.closed) {
        if (i >= batch.length) {
          const end = memory.logLength?.(this.topic) ?? 0
          if (this.position! >= end) {
            this.goLive(ctx, emit)
            return
          }
          batch = memory.readLog?.(this.topic, this.position!) ?? []
          i = 0
          // A trimmed log starts after the offset: the batch ends at the log's end.
          this.position = end - batch.length
          continue
        }
        const m = batch[i++]!
        this.position!++
        emit(m.message, m.meta)
        if (ctx.flow?.isFull() === true) {
          ctx.flow.onRoom(run)
          return
        }
      }
    }
    run()
  }

  private goLive(ctx: SourceContext, emit: SourceEmit): void {
    // Without a log to count positions in, the handler only emits: the rule's fan-out step may stand in for it.
    const member = this.position === undefined ? ctx.fanout : undefined
    this.unsubscribe = this.env.memory.subscribe(
      this.topic,
      (message, meta) => {
        if (this.position !== undefined) this.position++
        emit(message, meta)
      },
      member,
    )
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
