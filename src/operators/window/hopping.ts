// Hopping window HOPPINGWINDOW(unit, size, hop): every `hop`, the tuples of the last `size`
// (trigger − size ≤ ts ≤ trigger), so a tuple can appear in several windows.

import type { WindowOptions } from './window-base.js'
import { TickingWindow } from './ticking.js'

export class HoppingWindow extends TickingWindow {
  protected readonly keepsRange = true
  protected readonly period: number

  constructor(length: number, hop: number, opts: WindowOptions) {
    super(length, hop, opts)
    this.period = hop
  }
}
