// Shared machinery of the window kinds, after 1.0's WindowOperator (xstream/nodes/window_op.go, watermark.go):
// error pass-through, the buffered inputs, 1.0's scan, late rows and the event-time loop.

import type { TimerHandle } from '../../core/clock.js'
import { ErrorItem, type Item } from '../../core/collection.js'
import { EvalError } from '../../core/errors.js'
import { Tuple } from '../../core/row.js'
import type { Emit, Operator, OperatorContext } from '../../runtime/operator.js'
import { decodeWindowState, toWindowTuples, type EventTimeProgress, type WindowState } from './buffer.js'
import { TupleLog } from './tuple-log.js'

export interface WindowOptions {
  /** Rows carry event time (rule option `isEventTime`): windows fire on watermarks instead of timers. */
  readonly isEventTime: boolean
}

/**
 * A window operator: buffers tuples and emits `WindowTuples`. Processing time arms timers in `open`;
 * event time fires from `onWatermark`.
 * @example
 * const op = createWindowOperator(window, { isEventTime: false })
 * op.open(ctx, emit)           // arms the ticker; origin = now
 * op.process(tuple, emit, ctx) // buffers; the ticker emits WindowTuples
 */
export interface WindowOperator extends Operator {
  /** Event time: tuples dropped because their timestamp was behind the watermark (for the node's metrics). */
  readonly lateDropped: number
}

/** 1.0 widens the first hopping/sliding window by math.MaxInt16 ms (calDelta with no previous trigger). */
const FIRST_WINDOW_DELTA = 32767

export abstract class WindowBase implements WindowOperator {
  /** The buffered tuples; snapshots write only what changed since the last one. */
  protected readonly log = new TupleLog()
  /** 1.0's `triggerTime`: set by hopping/sliding scans and session ticks; 0 = never triggered. */
  protected triggerTime = 0
  protected msgCount = 0
  protected out: Emit | undefined
  private readonly timers = new Set<TimerHandle>()
  private dropped = 0
  private watermark = 0
  private nextEnd = Number.POSITIVE_INFINITY
  private prevEnd = 0
  private triggered = false

  constructor(
    /** Window length in ms (count: tuples). */
    protected readonly length: number,
    /** 1.0's `window.Interval` in ms (hop, session timeout; count: step); 0 when absent. */
    protected readonly interval: number,
    protected readonly opts: WindowOptions,
  ) {}

  get lateDropped(): number {
    return this.dropped
  }

  /** The buffered tuples, oldest first (change them through `log`). */
  protected get inputs(): readonly Tuple[] {
    return this.log.rows
  }

  /** Hopping and sliding keep every tuple of the last `length` ms across triggers; the others drop what they emit. */
  protected abstract readonly keepsRange: boolean

  /** Event time: the end of the next window to fire after `current`, or Infinity when not known yet. */
  protected abstract nextWindowEnd(current: number, watermark: number, triggered: boolean): number

  /** Event time: session and sliding windows depend on the inputs, so their next end is recomputed per watermark. */
  protected readonly recomputesEnd: boolean = false

  /** Processing time: arm timers (and replay ticks missed while stopped). */
  protected openProcessing(_ctx: OperatorContext): void {}

  /** Processing time: a tuple has just been buffered. */
  protected onTuple(_tuple: Tuple, _ctx: OperatorContext): void {}

  /** Start of the window ending at `trigger` holding `rows`, for WindowTuples.start. */
  protected windowStart(_rows: readonly Tuple[], trigger: number): number {
    return trigger - this.length
  }

  open(ctx: OperatorContext, out: Emit): void {
    this.out = out
    if (!this.opts.isEventTime) this.openProcessing(ctx)
  }

  process(item: Item, out: Emit, ctx: OperatorContext): void {
    this.out = out
    if (item instanceof ErrorItem) {
      out(item)
      return
    }
    if (!(item instanceof Tuple)) {
      throw new EvalError(`run Window error: expect xsql.Tuple type but got ${item.constructor.name}`)
    }
    if (this.opts.isEventTime) {
      if (item.timestamp < this.watermark) {
        this.dropped++
        return
      }
      this.log.push(item)
      return
    }
    this.log.push(item)
    this.onTuple(item, ctx)
  }

  onWatermark(watermark: number, out: Emit): void {
    this.out = out
    if (!this.opts.isEventTime || watermark <= this.watermark) return
    this.watermark = watermark
    let end = this.nextEnd
    if (end === Number.POSITIVE_INFINITY || this.recomputesEnd) {
      end = this.nextWindowEnd(this.prevEnd, watermark, this.triggered)
    }
    while (end <= watermark && end >= 0) {
      this.triggered = this.scan(end, out)
      this.prevEnd = end
      end = this.nextWindowEnd(end, watermark, this.triggered)
    }
    this.nextEnd = end
  }

  snapshot(): WindowState {
    const base = { log: this.log.snapshot(), triggerTime: this.triggerTime, msgCount: this.msgCount }
    if (!this.opts.isEventTime) return base
    const { watermark, nextEnd, prevEnd, triggered } = this
    return { ...base, eventTime: { watermark, nextEnd, prevEnd, triggered } }
  }

  restore(state: unknown): void {
    const s = decodeWindowState(state)
    if (s.log !== undefined) this.log.restore(s.log)
    else this.log.replace(s.inputs)
    this.triggerTime = s.triggerTime
    this.msgCount = s.msgCount
    const et = (state as { eventTime?: Partial<EventTimeProgress> } | undefined)?.eventTime
    if (this.opts.isEventTime && et !== undefined && typeof et.watermark === 'number') {
      this.watermark = et.watermark
      this.nextEnd = typeof et.nextEnd === 'number' ? et.nextEnd : Number.POSITIVE_INFINITY
      this.prevEnd = typeof et.prevEnd === 'number' ? et.prevEnd : 0
      this.triggered = et.triggered === true
    }
  }

  close(): void {
    for (const t of this.timers) t.cancel()
    this.timers.clear()
  }

  /**
   * 1.0's scan: emits the buffered tuples with timestamp ≤ trigger (sorted by time in event-time mode) and
   * keeps either the tuples newer than the trigger or, for hopping/sliding, those within `length` of it.
   * Returns whether anything was emitted.
   */
  protected scan(trigger: number, out: Emit): boolean {
    const delta = this.keepsRange ? this.calDelta(trigger) : 0
    const inputs = this.log.rows
    const kept: Tuple[] = []
    const rows: Tuple[] = []
    let lastDropped = -1
    let emittedKept = 0
    for (let i = 0; i < inputs.length; i++) {
      const t = inputs[i]!
      let keep: boolean
      if (this.keepsRange) {
        if (this.triggerTime - t.timestamp > this.length + delta) {
          lastDropped = i // expired
          continue
        }
        keep = true
      } else keep = t.timestamp > trigger
      if (keep) kept.push(t)
      else lastDropped = i
      if (t.timestamp <= trigger) {
        rows.push(t)
        if (keep) emittedKept = kept.length
      }
    }
    // Usually the kept rows are what follows the dropped ones (rows arrive in time order).
    if (kept.length === inputs.length - 1 - lastDropped) this.log.dropFront(lastDropped + 1)
    else this.log.replace(kept)
    if (rows.length === 0) return false
    this.log.handedDownstream(emittedKept)
    out(toWindowTuples(rows, this.windowStart(rows, trigger), trigger, this.opts.isEventTime))
    return true
  }

  private calDelta(trigger: number): number {
    const last = this.triggerTime
    this.triggerTime = trigger
    if (last <= 0) return FIRST_WINDOW_DELTA
    if (!this.opts.isEventTime && this.interval > 0) return trigger - last - this.interval
    return 0
  }

  /** A ticker from now: `onTick` receives each tick's scheduled time (Go's ticker sends the tick time). */
  protected every(ctx: OperatorContext, period: number, onTick: (tick: number) => void): void {
    const origin = ctx.clock.now()
    let n = 0
    this.timers.add(ctx.setInterval(() => onTick(origin + ++n * period), period))
  }

  /** A one-shot timer from now; `onFire` receives its deadline. Returns a cancel function. */
  protected after(ctx: OperatorContext, ms: number, onFire: (deadline: number) => void): () => void {
    const deadline = ctx.clock.now() + ms
    let live = true
    const handle = ctx.setTimeout(() => {
      if (!live) return
      live = false
      this.timers.delete(handle)
      onFire(deadline)
    }, ms)
    this.timers.add(handle)
    return () => {
      if (!live) return
      live = false
      handle.cancel()
      this.timers.delete(handle)
    }
  }

  /** Emits through the `out` given to `open`, for timer callbacks. */
  protected readonly emitter: Emit = (item) => {
    this.out?.(item)
  }
}
