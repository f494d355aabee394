// Bounded slices of data-plane work, so the control plane (REST) never starves. A connector that hands the engine
// messages one after another from a single I/O callback (mqtt.js parses a whole socket read, then delivers packet
// after packet in process.nextTick, never returning to the event loop) calls `begin()` before a message's work and
// asks `due()` after it; once the current slice has run for its budget it continues from `resume` (setImmediate),
// after the event loop has served the I/O that waited meanwhile (HTTP requests among it). A slice starts at the
// first `begin()` after the event loop turned.
//
// Why slices and not worker threads: the rules of a stream share one connection, one decoded message and one
// conversion (see operators/shared-conversion.ts), and the rule registry, the metrics and the sinks' connections
// live on the main thread; moving the data plane to workers would copy every message across threads and split the
// pool, on a box with two cores that the broker and the publishers share. See docs/performance.md.

/** Milliseconds of data-plane work between two turns of the event loop (REST p99 target: 50 ms). */
export const DEFAULT_SLICE_MS = 10

export class WorkSlices {
  private started = -1
  private readonly turned = (): void => {
    this.started = -1
  }

  constructor(
    readonly budgetMs: number = DEFAULT_SLICE_MS,
    /** A monotonic clock in ms (tests pass their own). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Work begins: the first call after a turn of the event loop starts a new slice. */
  begin(): void {
    if (this.started >= 0) return
    this.started = this.now()
    setImmediate(this.turned)
  }

  /** True when the current slice has used its budget: the caller stops and continues from `resume`. */
  due(): boolean {
    return this.started >= 0 && this.now() - this.started >= this.budgetMs
  }

  /** Runs `fn` once the event loop has served the I/O waiting now (a new slice starts there). */
  resume(fn: () => void): void {
    setImmediate(fn)
  }
}

/** The slices of the process's data plane (every connection shares them: one thread). */
export const dataPlaneSlices = new WorkSlices()
