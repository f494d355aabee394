// A sink's outbox: the messages not delivered yet, in order, bounded by `cacheLength` (the oldest is dropped when
// full) and saved to a KvStore table every `cacheSaveInterval` ms, so that they survive a restart of kuiperd.

import type { Clock, TimerHandle } from '../../core/clock.js'
import { errorMessage } from '../../core/errors.js'
import type { ValueMap } from '../../core/value.js'
import { consoleLogger, SinkPayload } from '../../connectors/api.js'
import type { ConnectorLogger } from '../../connectors/api.js'
import type { KvStore, KvTable } from '../../state/kv-store.js'

export interface OutboxEntry {
  readonly payload: SinkPayload
  /** Failed attempts so far (not saved: a restart gives every message a fresh count). */
  attempts: number
}

/** What is saved per message: rows or error, and the rendered text when the sink node set one. */
interface StoredMessage {
  readonly r?: readonly ValueMap[]
  readonly e?: string
  readonly t?: string
  readonly m?: boolean
}

const KEY_WIDTH = 16

/** The state-store table of one sink of one rule. */
export function outboxTableName(ruleId: string, sinkName: string): string {
  return `sink_outbox/${ruleId}/${sinkName}`
}

/** Deletes a sink's saved outbox (the rule was deleted). */
export async function dropOutbox(store: KvStore, ruleId: string, sinkName: string): Promise<void> {
  await store.table(outboxTableName(ruleId, sinkName)).clear()
}

function toStored(p: SinkPayload): StoredMessage {
  const t = p.presetText
  return {
    ...(p.rows !== undefined ? { r: p.rows } : { e: p.error ?? '' }),
    ...(t !== undefined ? { t } : {}),
    ...(p.templated ? { m: true } : {}),
  }
}

function fromStored(s: StoredMessage): SinkPayload {
  return new SinkPayload(s.r, s.r === undefined ? (s.e ?? '') : undefined, s.t, s.m === true)
}

/**
 * Entries have consecutive sequence numbers [head, next); the saved keys are the range [savedFrom, savedTo), so a
 * save deletes what left the front and writes what was appended, whatever happened in between.
 */
export class Outbox {
  private readonly entries: OutboxEntry[] = []
  private first = 0
  private head = 0
  private next = 0
  private savedFrom = 0
  private savedTo = 0
  private timer: TimerHandle | undefined
  private saving: Promise<void> = Promise.resolve()
  private closed = false

  constructor(
    private readonly table: KvTable | undefined,
    readonly limit: number,
    private readonly saveInterval: number,
    private readonly clock: Clock,
    private readonly label: string,
    private readonly log: ConnectorLogger = consoleLogger,
  ) {}

  get length(): number {
    return this.entries.length - this.first
  }

  /** Reads the saved messages (after a restart); returns how many there are. */
  async load(): Promise<number> {
    if (this.table === undefined) return 0
    const rows = await this.table.entries()
    for (const [key, value] of rows) {
      const seq = Number.parseInt(key, 10)
      if (!Number.isSafeInteger(seq)) continue
      if (this.length === 0) this.head = seq
      this.entries.push({ payload: fromStored(value as StoredMessage), attempts: 0 })
      this.next = seq + 1
    }
    this.savedFrom = this.head
    this.savedTo = this.next
    return this.length
  }

  peek(): OutboxEntry | undefined {
    return this.entries[this.first]
  }

  /** Appends a message; when full, drops and returns the oldest one. */
  push(payload: SinkPayload, attempts = 0): SinkPayload | undefined {
    let dropped: SinkPayload | undefined
    if (this.length >= this.limit) dropped = this.shift()
    this.entries.push({ payload, attempts })
    this.next++
    this.changed()
    return dropped
  }

  /** Removes the oldest message (delivered or given up). */
  shift(): SinkPayload | undefined {
    const e = this.entries[this.first]
    if (e === undefined) return undefined
    this.entries[this.first++] = undefined as unknown as OutboxEntry
    this.head++
    if (this.first > 1024 && this.first * 2 > this.entries.length) {
      this.entries.splice(0, this.first)
      this.first = 0
    }
    this.changed()
    return e.payload
  }

  /** Saves now (waits for a save in progress first). */
  flush(): Promise<void> {
    this.timer?.cancel()
    this.timer = undefined
    this.saving = this.saving.then(() => this.save())
    return this.saving
  }

  /** Saves what is pending and stops the save timer. */
  async close(): Promise<void> {
    await this.flush()
    this.closed = true
  }

  private changed(): void {
    if (this.table === undefined || this.closed) return
    if (this.saveInterval <= 0) {
      void this.flush()
      return
    }
    this.timer ??= this.clock.setTimeout(() => {
      this.timer = undefined
      void this.flush()
    }, this.saveInterval)
  }

  private async save(): Promise<void> {
    const table = this.table
    if (table === undefined) return
    const head = this.head
    const next = this.next
    const pad = (n: number): string => String(n).padStart(KEY_WIDTH, '0')
    try {
      for (let s = this.savedFrom; s < Math.min(this.savedTo, head); s++) await table.delete(pad(s))
      for (let s = Math.max(this.savedTo, head); s < next; s++) {
        const e = this.entries[this.first + (s - this.head)]
        // Entries may have left the front while this save awaited: the next save deletes their keys.
        if (e !== undefined) await table.set(pad(s), toStored(e.payload))
      }
      this.savedFrom = head
      this.savedTo = next
    } catch (err) {
      this.log.error(`${this.label}: cannot save the sink cache: ${errorMessage(err)}`)
    }
  }
}
