// A sink's outbox: the messages not delivered yet, in order, saved to a KvStore table (kuiperd: the SQLite file in
// the data folder, or Redis) every `cacheSaveInterval` ms and at each checkpoint, so that they survive a restart.
// It is bounded by bytes — `sink.outboxMaxBytes` and a share of the free disk — and, when a rule sets `cacheLength`,
// by messages; past a bound the oldest message is dropped. Only the oldest `memoryWindow` messages and those not
// saved yet are held in memory: the rest of a large outbox lives in the store only and is read back as it drains.

import { statfsSync } from 'node:fs'
import { serialize } from 'node:v8'
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

/** What bounds every outbox of an engine (kuiper.yaml `sink.outboxMaxBytes`, `sink.outboxMaxDiskPercent`). */
export interface OutboxLimits {
  /** Most bytes (stored size of the messages) one outbox keeps. */
  readonly maxBytes: number
  /** The folder of the store's file: the outbox never grows the disk holding it past `maxDiskPercent` % used. */
  readonly diskPath?: string
  readonly maxDiskPercent?: number
}

/** 1 GiB, and at most 90 % of the disk used: a 10-minute outage at 1,000 rows/s fits many times over. */
export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = { maxBytes: 1024 ** 3, maxDiskPercent: 90 }

export interface OutboxOptions {
  /** Where the messages are saved; undefined: in memory only (an embedded engine without a state store). */
  readonly table: KvTable | undefined
  /** Most messages (the action's `cacheLength`); undefined: bounded by bytes only. */
  readonly maxMessages?: number | undefined
  readonly limits?: OutboxLimits
  /** ms between saves; 0 = save at every change. */
  readonly saveInterval: number
  readonly clock: Clock
  readonly label: string
  readonly log?: ConnectorLogger
  /** Oldest messages kept in memory for resending (the rest are read back from the store). */
  readonly memoryWindow?: number
}

/** What is saved per message: rows or error, and the rendered text when the sink node set one. */
interface StoredMessage {
  readonly r?: readonly ValueMap[]
  readonly e?: string
  readonly t?: string
  readonly m?: boolean
}

const KEY_WIDTH = 16
/** Bytes a stored message costs besides its value (key, table name, row overhead). */
const ENTRY_OVERHEAD = 64
/** How often the free disk space is looked at again. */
const DISK_CHECK_MS = 1000
const DEFAULT_MEMORY_WINDOW = 1024

const pad = (n: number): string => String(n).padStart(KEY_WIDTH, '0')

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

function storedSize(s: StoredMessage): number {
  return serialize(s).byteLength + ENTRY_OVERHEAD
}

/**
 * Messages have consecutive sequence numbers [head, next), saved under their zero-padded number. `taken` is a
 * message handed out for sending (`take`): outside the bounds, so a drop never hits a message in flight, and still
 * in the store until `release` (a crash mid-send resends it).
 */
export class Outbox {
  // The collections are made on first use: every sink of every rule has an outbox, and most never cache anything.
  /** In-memory messages by sequence number: the oldest `memoryWindow` and every one not saved yet. */
  private memMap: Map<number, OutboxEntry> | undefined
  /** Stored size of each message from `sizesBase` on (compacted now and then: [head, next) is what counts). */
  private sizes: number[] = []
  private sizesBase = 0
  private head = 0
  private next = 0
  private totalBytes = 0
  private taken: { seq: number; entry: OutboxEntry; size: number } | undefined
  private unsavedSet: Set<number> | undefined
  /** Numbers missing from the saved sequence found by `load`. */
  private gapSet: Set<number> | undefined
  private deletions: number[] = []
  private timer: TimerHandle | undefined
  private saving: Promise<boolean> = Promise.resolve(true)
  private closed = false
  private lastBound = ''
  private diskRoom = Infinity
  private diskCheckedAt = -Infinity
  private readonly table: KvTable | undefined
  private readonly maxMessages: number
  private readonly limits: OutboxLimits
  private readonly saveInterval: number
  private readonly clock: Clock
  private readonly label: string
  private readonly log: ConnectorLogger
  private readonly memoryWindow: number

  private get mem(): Map<number, OutboxEntry> {
    return (this.memMap ??= new Map())
  }

  private get unsaved(): Set<number> {
    return (this.unsavedSet ??= new Set())
  }

  private get gaps(): Set<number> {
    return (this.gapSet ??= new Set())
  }

  constructor(opts: OutboxOptions) {
    this.table = opts.table
    this.maxMessages = opts.maxMessages ?? Infinity
    this.limits = opts.limits ?? DEFAULT_OUTBOX_LIMITS
    this.saveInterval = opts.saveInterval
    this.clock = opts.clock
    this.label = opts.label
    this.log = opts.log ?? consoleLogger
    // Without a store every message has to stay in memory.
    this.memoryWindow = opts.table === undefined ? Infinity : Math.max(1, opts.memoryWindow ?? DEFAULT_MEMORY_WINDOW)
  }

  /** Messages waiting (the one being sent included). */
  get length(): number {
    return this.next - this.head + (this.taken !== undefined ? 1 : 0)
  }

  /** Stored bytes of the messages waiting. */
  get bytes(): number {
    return this.totalBytes + (this.taken?.size ?? 0)
  }

  /** Messages held in memory (the rest are in the store only). */
  get inMemory(): number {
    return (this.memMap?.size ?? 0) + (this.taken !== undefined ? 1 : 0)
  }

  /** The bound the last drop kept to, for the drop log. */
  get boundText(): string {
    return this.lastBound
  }

  /** Whether something changed since the last save. */
  get dirty(): boolean {
    return this.table !== undefined && ((this.unsavedSet?.size ?? 0) > 0 || this.deletions.length > 0)
  }

  /** Reads the saved messages (after a restart); returns how many there are. */
  async load(): Promise<number> {
    if (this.table === undefined) return 0
    const rows = await this.table.entries()
    for (const [key, value] of rows) {
      const seq = Number.parseInt(key, 10)
      if (!Number.isSafeInteger(seq)) continue
      if (this.next === this.head) {
        this.head = seq
        this.sizesBase = seq
      }
      // A gap (a crash between the steps of a save): nothing to resend there.
      for (let gap = this.next; this.next > this.head && gap < seq; gap++) {
        this.sizes.push(0)
        this.gaps.add(gap)
      }
      const s = value as StoredMessage
      const size = storedSize(s)
      this.sizes.push(size)
      this.totalBytes += size
      if (this.mem.size < this.memoryWindow) this.mem.set(seq, { payload: fromStored(s), attempts: 0 })
      this.next = seq + 1
    }
    return this.length
  }

  /** The oldest waiting message when it is in memory (see `front` for one that may have to be read back). */
  peek(): OutboxEntry | undefined {
    return this.next > this.head ? this.memMap?.get(this.head) : undefined
  }

  /** The oldest waiting message, read back from the store when it is not in memory. */
  async front(): Promise<OutboxEntry | undefined> {
    while (this.next > this.head && !this.mem.has(this.head)) {
      await this.readBack()
      if (this.next > this.head && !this.mem.has(this.head)) {
        // Not in the store either (a gap left by a crash, or removed behind Kuiper's back): nothing to resend.
        if (!this.gaps.delete(this.head))
          this.log.error(`${this.label}: cached message ${this.head} is missing from the store`)
        this.removeHead(true)
      }
    }
    return this.peek()
  }

  /** Appends a message; returns the messages dropped to stay within the bounds (oldest first). */
  push(payload: SinkPayload, attempts = 0): (SinkPayload | undefined)[] {
    const stored = toStored(payload)
    const size = storedSize(stored)
    const seq = this.next++
    this.mem.set(seq, { payload, attempts })
    this.sizes.push(size)
    this.totalBytes += size
    if (this.table !== undefined) this.unsaved.add(seq)
    const dropped = this.enforceBounds()
    this.changed()
    return dropped
  }

  /** Removes the oldest message (delivered or given up); undefined when it was in the store only. */
  shift(): SinkPayload | undefined {
    if (this.next === this.head) return undefined
    const seq = this.head
    const e = this.mem.get(seq)
    this.removeHead(true)
    this.changed()
    return e?.payload
  }

  /** Hands out the oldest message for sending; `release` says how it went. */
  async take(): Promise<OutboxEntry | undefined> {
    if (this.taken !== undefined) throw new Error('the outbox already has a message out')
    const e = await this.front()
    if (e === undefined || this.taken !== undefined) return undefined
    const seq = this.head
    const size = this.sizes[seq - this.sizesBase] ?? 0
    this.removeHead(false)
    this.taken = { seq, entry: e, size }
    return e
  }

  /**
   * The taken message was delivered (`delivered`) or given up: it leaves the store. Otherwise it goes back to the
   * front (the bounds apply again: it may be the one dropped); returns the dropped messages.
   */
  release(outcome: 'delivered' | 'given-up' | 'retry'): (SinkPayload | undefined)[] {
    const t = this.taken
    if (t === undefined) return []
    this.taken = undefined
    if (outcome !== 'retry') {
      if (this.table !== undefined) this.deletions.push(t.seq)
      this.changed()
      return []
    }
    // Back in front, under the next lower number (messages dropped meanwhile may have left a gap behind it).
    const seq = --this.head
    if (seq !== t.seq && this.table !== undefined) {
      this.deletions.push(t.seq)
      this.unsaved.add(seq)
    }
    if (seq >= this.sizesBase) this.sizes[seq - this.sizesBase] = t.size
    else {
      this.sizes.unshift(t.size)
      this.sizesBase = seq
    }
    this.totalBytes += t.size
    this.mem.set(seq, t.entry)
    const dropped = this.enforceBounds()
    this.changed()
    return dropped
  }

  /** Saves now (after a save in progress); false when the store could not be written. */
  flush(): Promise<boolean> {
    this.timer?.cancel()
    this.timer = undefined
    this.saving = this.saving.then(() => this.save())
    return this.saving
  }

  /** Saves what is pending and stops the save timer. */
  async close(): Promise<boolean> {
    const ok = await this.flush()
    this.closed = true
    return ok
  }

  private removeHead(deleteStored: boolean): void {
    const seq = this.head++
    this.totalBytes -= this.sizes[seq - this.sizesBase] ?? 0
    const gone = this.head - this.sizesBase
    if (gone > 4096 && gone * 2 > this.sizes.length) {
      this.sizes = this.sizes.slice(gone)
      this.sizesBase = this.head
    }
    this.mem.delete(seq)
    if (this.table !== undefined && deleteStored) {
      if (this.unsaved.has(seq)) this.unsaved.delete(seq)
      else this.deletions.push(seq)
    }
  }

  private enforceBounds(): (SinkPayload | undefined)[] {
    const dropped: (SinkPayload | undefined)[] = []
    const disk = this.diskBound()
    const maxBytes = Math.min(this.limits.maxBytes, disk)
    while (this.next > this.head && (this.next - this.head > this.maxMessages || this.totalBytes > maxBytes)) {
      if (this.next - this.head > this.maxMessages) this.lastBound = `cacheLength ${this.maxMessages}`
      else if (disk < this.limits.maxBytes)
        this.lastBound = `${this.limits.maxDiskPercent ?? 100} % of the disk used, ${Math.floor(disk)} bytes`
      else this.lastBound = `outboxMaxBytes ${this.limits.maxBytes}`
      dropped.push(this.mem.get(this.head)?.payload)
      this.removeHead(true)
    }
    return dropped
  }

  /** Bytes the outbox may hold given the free disk: what it holds now plus the room left under the usage cap. */
  private diskBound(): number {
    const path = this.limits.diskPath
    if (path === undefined || this.table === undefined) return Infinity
    const now = this.clock.now()
    if (now - this.diskCheckedAt >= DISK_CHECK_MS) {
      this.diskCheckedAt = now
      try {
        const s = statfsSync(path)
        const total = s.blocks * s.bsize
        const free = s.bavail * s.bsize
        const cap = ((this.limits.maxDiskPercent ?? 100) / 100) * total
        // Room = what may still be used, measured against the outbox's bytes at this moment.
        this.diskRoom = Math.max(0, cap - (total - free)) + this.totalBytes
      } catch {
        this.diskRoom = Infinity
      }
    }
    return this.diskRoom
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

  private async save(): Promise<boolean> {
    const table = this.table
    if (table === undefined) return true
    const writes = [...this.unsaved].sort((a, b) => a - b)
    this.unsaved.clear()
    // A number dropped and then reused (a message put back in front) is written, not deleted.
    const written = new Set(writes)
    const deletions = this.deletions.filter((seq) => !written.has(seq))
    this.deletions = []
    let i = 0
    let k = 0
    try {
      // Writes first: a crash in between leaves a message twice (resent twice), never none.
      for (; k < writes.length; k++) {
        const seq = writes[k]!
        const e = this.mem.get(seq)
        // A message that left meanwhile was not saved: nothing to delete for it either.
        if (e === undefined || seq < this.head) continue
        await table.set(pad(seq), toStored(e.payload))
      }
      for (; i < deletions.length; i++) await table.delete(pad(deletions[i]!))
    } catch (err) {
      this.deletions.push(...deletions.slice(i))
      for (const seq of writes.slice(k)) if (seq >= this.head && this.mem.has(seq)) this.unsaved.add(seq)
      this.log.error(`${this.label}: cannot save the sink cache: ${errorMessage(err)}`)
      return false
    }
    this.evict()
    return true
  }

  /** Forgets saved messages beyond the memory window: they are read back from the store when their turn comes. */
  private evict(): void {
    if (this.mem.size <= this.memoryWindow) return
    const keepTo = this.head + this.memoryWindow
    for (const seq of this.mem.keys()) {
      if (seq >= keepTo && !this.unsaved.has(seq)) this.mem.delete(seq)
    }
  }

  /** Reads the next memory window of messages back from the store. */
  private async readBack(): Promise<void> {
    const table = this.table
    if (table === undefined) return
    await this.saving
    const from = this.head
    const to = Math.min(this.next, from + this.memoryWindow)
    for (let seq = from; seq < to; seq++) {
      if (this.mem.has(seq)) continue
      const v = await table.get(pad(seq))
      if (seq < this.head) continue // dropped while reading
      if (v !== undefined) this.mem.set(seq, { payload: fromStored(v as StoredMessage), attempts: 0 })
    }
  }
}
