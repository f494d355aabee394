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

/** What a window's second argument is, by type: the one that must be positive besides the length. */
const intervalNames: Readonly<Partial<Record<WindowType, string>>> = {
  HOPPING_WINDOW: 'hop interval',
  SESSION_WINDOW: 'timeout',
}

/**
 * Why a window's arguments cannot make a window (a length that is not a positive whole number, a hop or a session
 * timeout that is not, a count step beyond its size), or undefined. The parser has already refused missing and
 * non-integer arguments; this catches the values, for every way a rule is created (REST, CLI, embedding API).
 */
export function windowArgsProblem(w: Window): string | undefined {
  const name = Object.values(windowSpecs).find((s) => s.type === w.windowType)?.sqlName ?? w.windowType
  const call = `${name}(${w.unit !== undefined ? `${w.unit.toLowerCase()}, ` : ''}${w.length}${
    w.windowType !== 'TUMBLING_WINDOW' && w.windowType !== 'SLIDING_WINDOW' ? `, ${w.interval}` : ''
  })`
  const whole = (n: number): boolean => Number.isSafeInteger(n) && n > 0
  if (!whole(w.length) || !whole(windowLength(w))) {
    return `invalid window ${call}: the ${w.unit !== undefined ? 'length' : 'size'} must be a positive integer`
  }
  const intervalName = intervalNames[w.windowType]
  if (intervalName !== undefined && (!whole(w.interval) || !whole(windowInterval(w)))) {
    return `invalid window ${call}: the ${intervalName} must be a positive integer`
  }
  if (
    w.windowType === 'COUNT_WINDOW' &&
    !(Number.isSafeInteger(w.interval) && w.interval >= 0 && w.interval <= w.length)
  ) {
    return `invalid window ${call}: the step must be an integer from 0 to the size`
  }
  return undefined
}
