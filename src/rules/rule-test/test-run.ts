// One rule test run: its events (each sink result, each error, the end) kept in a bounded backlog that every
// listener first receives, so that the event stream may be opened before or after the start.

import { toJson } from '../../core/json.js'
import type { ValueMap } from '../../core/value.js'
import type { SinkPayload } from '../../connectors/api.js'

/** Why a run ended: DELETE or replaced by a new run of the same id, its time limit, or its data sent and handled. */
export type EndReason = 'stopped' | 'timeout' | 'done'

export type RuleTestEvent =
  | { readonly event: 'data'; readonly data: string }
  | { readonly event: 'error'; readonly data: string }
  | { readonly event: 'end'; readonly data: string }

export type RuleTestListener = (e: RuleTestEvent) => void

/** Events kept for listeners that come later; past it the oldest are dropped. */
export const EVENT_BACKLOG = 1000

export class RuleTestRun {
  private readonly backlog: RuleTestEvent[] = []
  private readonly listeners = new Set<RuleTestListener>()
  started = false
  ended: EndReason | undefined

  constructor(
    /** The id the user chose. */
    readonly id: string,
    /** The id of its rule in the engine (never stored, never listed by /rules). */
    readonly ruleId: string,
    /** `fields` of sinkProps: only these columns of each row are sent. */
    private readonly fields: readonly string[] | undefined,
    private readonly sendSingle: boolean,
  ) {}

  /** What the test sink was given: a result, or the error that replaced it. */
  onPayload(payload: SinkPayload): void {
    if (payload.isError) this.error(payload.error ?? '')
    else this.publish({ event: 'data', data: this.text(payload) })
  }

  error(message: string): void {
    this.publish({ event: 'error', data: JSON.stringify({ error: message }) })
  }

  end(reason: EndReason): void {
    if (this.ended !== undefined) return
    this.ended = reason
    this.publish({ event: 'end', data: JSON.stringify({ reason }) })
  }

  /** Sends the backlog to `listener`, then each new event; returns the unsubscribe. */
  listen(listener: RuleTestListener): () => void {
    for (const e of this.backlog) listener(e)
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private publish(e: RuleTestEvent): void {
    this.backlog.push(e)
    if (this.backlog.length > EVENT_BACKLOG) this.backlog.shift()
    for (const l of [...this.listeners]) l(e)
  }

  private text(payload: SinkPayload): string {
    const fields = this.fields
    if (fields === undefined || payload.rows === undefined) return payload.text
    const picked = payload.rows.map((row) => pick(row, fields))
    return this.sendSingle && picked.length === 1 ? toJson(picked[0]!) : toJson(picked)
  }
}

function pick(row: ValueMap, fields: readonly string[]): ValueMap {
  const out: ValueMap = {}
  for (const f of fields) if (f in row) out[f] = row[f]
  return out
}
