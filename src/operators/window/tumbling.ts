// Tumbling window TUMBLINGWINDOW(unit, size): back-to-back windows of `size`; each tuple lands in exactly one.

import type { WindowOptions } from './window-base.js'
import { TickingWindow } from './ticking.js'

export class TumblingWindow extends TickingWindow {
  protected readonly keepsRange = false
  protected readonly period: number

  constructor(length: number, opts: WindowOptions) {
    super(length, 0, opts)
    this.period = length
  }
}
