// The window kinds by WindowType (the union of sql/ast/expr.ts that also keys the SQL table, sql/ast/window-types.ts):
// one typed table, so a kind without an implementation does not compile.

import { KuiperError } from '../../core/errors.js'
import type { Window, WindowType } from '../../sql/ast/expr.js'
import { windowArgsProblem, windowInterval, windowLength } from '../../sql/ast/window-types.js'
import { CountWindow } from './count.js'
import { HoppingWindow } from './hopping.js'
import { SessionWindow } from './session.js'
import { SlidingWindow } from './sliding.js'
import { TumblingWindow } from './tumbling.js'
import type { WindowOperator, WindowOptions } from './window-base.js'

export type { WindowOperator, WindowOptions } from './window-base.js'
export type { WindowState } from './buffer.js'

/** Builds the operator for one window; lengths arrive in ms (counts for COUNT_WINDOW). */
export type WindowFactory = (length: number, interval: number, opts: WindowOptions) => WindowOperator

export const windowFactories: Readonly<Record<WindowType, WindowFactory>> = {
  TUMBLING_WINDOW: (length, _interval, opts) => new TumblingWindow(length, opts),
  HOPPING_WINDOW: (length, hop, opts) => new HoppingWindow(length, hop, opts),
  SLIDING_WINDOW: (length, _interval, opts) => new SlidingWindow(length, opts),
  SESSION_WINDOW: (maxDuration, timeout, opts) => new SessionWindow(maxDuration, timeout, opts),
  COUNT_WINDOW: (size, step, opts) => new CountWindow(size, step, opts),
}

/**
 * The window operator for `GROUP BY <window>`. Processing time: timers start in `open` (origin = then).
 * Event time: windows fire from `onWatermark`; late tuples are dropped and counted in `lateDropped`.
 * COUNT_WINDOW in event time throws 1.0's `unsupported window type 5`.
 */
export function createWindowOperator(window: Window, opts: WindowOptions): WindowOperator {
  const problem = windowArgsProblem(window)
  if (problem !== undefined) throw new KuiperError('PLAN_ERROR', problem)
  return windowFactories[window.windowType](windowLength(window), windowInterval(window), opts)
}
