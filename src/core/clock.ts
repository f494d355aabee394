// Time is injected: only this module reads the wall clock, so windows and timers run on a manual clock in tests.

export type TimerHandle = { cancel(): void }

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  setInterval(fn: () => void, ms: number): TimerHandle
}

/**
 * The longest delay one Node timer takes. A longer one overflows: Node fires it after 1 ms with a
 * TimeoutOverflowWarning, so a 2,500,000 s tumbling window would fire on every message. Longer delays are chained.
 */
export const MAX_TIMER_STEP_MS = 2 ** 31 - 1

/** The host timers a real Clock is built on; injected so that the chaining of long delays is tested without waiting. */
export interface TimerHost {
  /** Wall time, milliseconds since the Unix epoch. */
  now(): number
  /** A monotonic reading in ms: deadlines are counted on it, as Node's timers are, so a wall-clock jump moves none. */
  monotonic(): number
  /** One timer of at most MAX_TIMER_STEP_MS; returns its cancel function. */
  arm(fn: () => void, ms: number): () => void
}

const nodeTimers: TimerHost = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  arm(fn, ms) {
    const t = setTimeout(fn, ms)
    return () => clearTimeout(t)
  },
}

/**
 * A Clock on host timers that takes any delay: a timer fires no earlier than its deadline however long it is, and
 * an interval's ticks keep to start + k·period (each re-arms from the previous deadline, so none drift).
 */
export function hostClock(host: TimerHost): Clock {
  return {
    now: () => host.now(),
    setTimeout(fn, ms) {
      return armAt(host, host.monotonic() + delayOf(ms), fn)
    },
    setInterval(fn, ms) {
      // Node's setInterval takes a period below 1 ms (or NaN) as 1 ms; so does this one, rather than spin.
      const period = ms >= 1 ? ms : 1
      let deadline = host.monotonic() + period
      let cancelled = false
      const tick = (): void => {
        deadline += period
        // Re-armed before fn runs, so that fn may cancel its own interval.
        current = armAt(host, deadline, tick)
        fn()
      }
      let current = armAt(host, deadline, tick)
      return {
        cancel() {
          if (cancelled) return
          cancelled = true
          current.cancel()
        },
      }
    },
  }
}

export const systemClock: Clock = hostClock(nodeTimers)

/** A delay as Node reads it, except that nothing overflows: NaN and negatives are 0, Infinity never comes. */
function delayOf(ms: number): number {
  return Number.isNaN(ms) || ms < 0 ? 0 : ms
}

/**
 * Calls `fn` once, when the monotonic clock reaches `deadline`, through host timers of at most MAX_TIMER_STEP_MS
 * each. Every step re-reads the clock, so a host timer firing a little early (Node counts from the loop's cached
 * time) is followed by one more step rather than an early call. Never calls `fn` synchronously.
 */
function armAt(host: TimerHost, deadline: number, fn: () => void): TimerHandle {
  let cancelled = false
  let cancelStep: () => void
  const step = (remaining: number): void => {
    cancelStep = host.arm(
      () => {
        if (cancelled) return
        const left = deadline - host.monotonic()
        // Host timers count whole milliseconds: less than one left is due.
        if (left >= 1) step(left)
        else fn()
      },
      Math.min(Math.ceil(Math.max(remaining, 0)), MAX_TIMER_STEP_MS),
    )
  }
  step(deadline - host.monotonic())
  return {
    cancel() {
      if (cancelled) return
      cancelled = true
      cancelStep()
    },
  }
}

/** A signal that aborts `ms` from now on `clock`; `done` cancels its timer once the guarded work has finished. */
export interface TimeoutSignal {
  readonly signal: AbortSignal
  done(): void
}

/**
 * AbortSignal.timeout through a Clock: Node's own overflows at 2^31 ms (aborting after 1 ms) and throws at 2^32.
 * Aborts with the same TimeoutError; unlike AbortSignal.timeout its timer keeps the process alive until `done`.
 */
export function timeoutSignal(ms: number, clock: Clock = systemClock): TimeoutSignal {
  const controller = new AbortController()
  const timer = clock.setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ms,
  )
  return { signal: controller.signal, done: () => timer.cancel() }
}
