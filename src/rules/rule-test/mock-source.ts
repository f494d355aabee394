// The source of a stream in a rule test run (later eKuiper's `mockSource`): its rows, one every `interval` ms on
// the rule's clock, from the first again when `loop` is set; it tells when it has sent its last row.

import type { Clock, TimerHandle } from '../../core/clock.js'
import type { Source, SourceContext, SourceEmit } from '../../connectors/api.js'
import type { ValueMap } from '../../core/value.js'

export interface MockSourceSpec {
  readonly data: readonly ValueMap[]
  /** ms between two rows (and before the first); 0 sends them on consecutive timer turns. */
  readonly interval: number
  readonly loop: boolean
}

export class MockSource implements Source {
  private timer: TimerHandle | undefined
  private next = 0

  constructor(
    private readonly spec: MockSourceSpec,
    /** Called once, after the last row of a source that does not loop (never for one that loops). */
    private readonly onEnd: () => void,
  ) {}

  open(ctx: SourceContext, emit: SourceEmit): void {
    this.schedule(ctx.clock, emit)
  }

  close(): void {
    this.timer?.cancel()
    this.timer = undefined
  }

  private schedule(clock: Clock, emit: SourceEmit): void {
    this.timer = clock.setTimeout(() => {
      const { data, loop } = this.spec
      // Each row is a copy: operators may keep (windows) or change what they are given.
      emit(structuredClone(data[this.next]!) as ValueMap)
      this.next++
      if (this.next >= data.length) {
        if (!loop) {
          this.timer = undefined
          this.onEnd()
          return
        }
        this.next = 0
      }
      this.schedule(clock, emit)
    }, this.spec.interval)
  }
}
