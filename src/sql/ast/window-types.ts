// The window functions of GROUP BY, one table keyed by WindowType (a type without an entry does not compile): the
// parser reads `GROUP BY <Name>(...)` generically from it, to-sql prints it back, the argument checks name from it.

import type { TimeUnit, Window, WindowType } from './expr.js'

export interface WindowSpec<T extends WindowType = WindowType> {
  readonly type: T
  /** Lower-case SQL name used in messages (`slidingwindow`); GROUP BY takes it in any case. */
  readonly sqlName: string
  /** Accepted argument counts, unit included for time windows. */
  readonly arity: readonly number[]
  readonly timed: boolean
  /** What the argument after the length is when it must be a positive whole number (`timeout`); absent otherwise. */
  readonly positiveInterval?: string
}

export const windowSpecs: { readonly [T in WindowType]: WindowSpec<T> } = {
  TUMBLING_WINDOW: { type: 'TUMBLING_WINDOW', sqlName: 'tumblingwindow', arity: [2], timed: true },
  HOPPING_WINDOW: {
    type: 'HOPPING_WINDOW',
    sqlName: 'hoppingwindow',
    arity: [3],
    timed: true,
    positiveInterval: 'hop interval',
  },
  SLIDING_WINDOW: { type: 'SLIDING_WINDOW', sqlName: 'slidingwindow', arity: [2], timed: true },
  SESSION_WINDOW: {
    type: 'SESSION_WINDOW',
    sqlName: 'sessionwindow',
    arity: [3],
    timed: true,
    positiveInterval: 'timeout',
  },
  COUNT_WINDOW: { type: 'COUNT_WINDOW', sqlName: 'countwindow', arity: [1, 2], timed: false },
}

/** Upper-case SQL name → spec; a Map, so that no other name (`constructor`) resolves. */
const byName: ReadonlyMap<string, WindowSpec> = new Map(
  Object.values(windowSpecs).map((s): [string, WindowSpec] => [s.sqlName.toUpperCase(), s]),
)

/** The window function `name` (any case) calls, or undefined when it is no window. */
export function windowSpecByName(name: string): WindowSpec | undefined {
  return byName.get(name.toUpperCase())
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

/**
 * Why a window's arguments cannot make a window (a length that is not a positive whole number, a hop or a session
 * timeout that is not, a count step beyond its size), or undefined. The parser has already refused missing and
 * non-integer arguments; this catches the values, for every way a rule is created (REST, CLI, embedding API).
 */
export function windowArgsProblem(w: Window): string | undefined {
  const spec: WindowSpec = windowSpecs[w.windowType]
  const name = spec.sqlName
  const call = `${name}(${w.unit !== undefined ? `${w.unit.toLowerCase()}, ` : ''}${w.length}${
    w.windowType !== 'TUMBLING_WINDOW' && w.windowType !== 'SLIDING_WINDOW' ? `, ${w.interval}` : ''
  })`
  const whole = (n: number): boolean => Number.isSafeInteger(n) && n > 0
  if (!whole(w.length) || !whole(windowLength(w))) {
    return `invalid window ${call}: the ${w.unit !== undefined ? 'length' : 'size'} must be a positive integer`
  }
  const intervalName = spec.positiveInterval
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
