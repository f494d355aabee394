// The window functions of GROUP BY, one table: the parser reads `GROUP BY <Name>(...)` generically from it.

import type { TimeUnit, Window, WindowType } from './expr.js'

export interface WindowSpec {
  readonly type: WindowType
  /** Lower-case SQL name used in messages (`slidingwindow`). */
  readonly sqlName: string
  /** Accepted argument counts, unit included for time windows. */
  readonly arity: readonly number[]
  readonly timed: boolean
}

export const windowSpecs: Readonly<Record<string, WindowSpec>> = {
  TUMBLINGWINDOW: { type: 'TUMBLING_WINDOW', sqlName: 'tumblingwindow', arity: [2], timed: true },
  HOPPINGWINDOW: { type: 'HOPPING_WINDOW', sqlName: 'hoppingwindow', arity: [3], timed: true },
  SLIDINGWINDOW: { type: 'SLIDING_WINDOW', sqlName: 'slidingwindow', arity: [2], timed: true },
  SESSIONWINDOW: { type: 'SESSION_WINDOW', sqlName: 'sessionwindow', arity: [3], timed: true },
  COUNTWINDOW: { type: 'COUNT_WINDOW', sqlName: 'countwindow', arity: [1, 2], timed: false },
}

export function windowSpecByName(name: string): WindowSpec | undefined {
  return windowSpecs[name.toUpperCase()]
}

const unitMs: Readonly<Record<TimeUnit, number>> = {
  DD: 86_400_000,
  HH: 3_600_000,
  MI: 60_000,
  SS: 1_000,
  MS: 1,
}

export function timeUnitMs(unit: TimeUnit): number {
  return unitMs[unit]
}

/** Window length in ms for time windows, or the count for COUNT_WINDOW. */
export function windowLength(w: Window): number {
  return w.unit === undefined ? w.length : w.length * unitMs[w.unit]
}

/** Hop / max-duration-timeout in ms for time windows, or the count step for COUNT_WINDOW (0 = none). */
export function windowInterval(w: Window): number {
  return w.unit === undefined ? w.interval : w.interval * unitMs[w.unit]
}
