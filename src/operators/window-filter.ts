// A window's `FILTER (WHERE ...)`: 1.0 runs the WHERE operator itself on each tuple before it enters the window,
// so only matching tuples are windowed (what makes COUNTWINDOW count matching events only).

import { FilterOp } from './filter.js'
import type { FilterConfig } from './filter.js'

export type WindowFilterConfig = FilterConfig

/** Same behaviour and error texts as WHERE on single tuples; a separate node (`windowFilter`) in the topology. */
export class WindowFilterOp extends FilterOp {}
