// The file sink's pending lines, kept as UTF-8 bytes in a few large buffers instead of one string per line: a sink
// written every `interval` ms holds thousands of lines between writes, and as strings each would survive the young
// generation's collections (copied, then promoted) only to be dropped at the write. Bytes outside the JS heap cost
// the collector nothing, and the write takes them as they are.

/** Bytes of a new chunk (a line longer than this gets a chunk of its own size). */
const CHUNK_BYTES = 64 * 1024

/** What was taken out for one write: its bytes, and how many lines they are (for the error message). */
export interface PendingLines {
  readonly bytes: Buffer
  readonly lines: number
}

export class LineBuffer {
  private full: Buffer[] = []
  private current: Buffer | undefined
  private used = 0
  private count = 0
  /** Lines a failed write gave back, written before the newer ones. */
  private returned: PendingLines[] = []

  /** Lines waiting to be written. */
  get lines(): number {
    return this.count
  }

  /** Appends `text` and a newline. */
  append(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: with that much room the line fits without measuring it first.
    const most = text.length * 3 + 1
    let cur = this.current
    if (cur === undefined || cur.length - this.used < most) {
      if (cur !== undefined && this.used > 0) this.full.push(cur.subarray(0, this.used))
      cur = this.current = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, most))
      this.used = 0
    }
    this.used += cur.write(text, this.used, 'utf8')
    cur[this.used++] = 0x0a
    this.count++
  }

  /** Everything pending, oldest first, as one write; the buffer is then empty. Undefined when nothing is pending. */
  take(): PendingLines | undefined {
    if (this.count === 0) return undefined
    const parts = this.returned.map((r) => r.bytes)
    parts.push(...this.full)
    if (this.current !== undefined && this.used > 0) {
      // The chunk goes with the write: it is not reused, since the write reads it later.
      parts.push(this.current.subarray(0, this.used))
      this.current = undefined
      this.used = 0
    }
    const taken = { bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts), lines: this.count }
    this.full = []
    this.returned = []
    this.count = 0
    return taken
  }

  /** Puts back what `take` gave, for a write that failed: it goes out first next time. */
  giveBack(p: PendingLines): void {
    this.returned.unshift(p)
    this.count += p.lines
  }
}
