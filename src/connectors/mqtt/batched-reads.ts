// The TCP stream under a plain mqtt:// or tcp:// connection, reading in batches while messages arrive back to back.
//
// mosquitto writes every packet with a write of its own, so a subscriber that keeps up wakes for nearly every
// message: a read syscall, a Buffer and a pass through mqtt.js's stream pipeline for one 40-byte packet (the shared
// bench's BASELINE.md counts 1.4 messages per read in a flood). When `floodReads` reads in a row each came less than
// `busyMs` after the one before, this stream stops reading for `holdMs`; the kernel goes on receiving meanwhile, and
// the next read takes all that came in one go. A message waits at most `holdMs` more; at a steady low rate (reads
// further apart than `busyMs`) none waits.
//
// It is the socket mqtt.js would make (`net.connect`) with Node's `onread` buffer, whose pause and resume stop and
// start the reads themselves (a paused stream socket keeps reading into its buffer). Backpressure is unchanged: when
// mqtt.js stops taking data (a rule's queue is full), the socket stops reading and TCP holds the broker back.

import net from 'node:net'
import { Duplex } from 'node:stream'

export interface BatchedReadTiming {
  /** Two reads closer than this are "back to back". */
  readonly busyMs: number
  /** How long the socket stops reading after back-to-back reads. */
  readonly holdMs: number
  /**
   * How many back-to-back reads in a row make a flood worth a hold. A hold costs a timer and a stop and a start of the
   * reads: at a few hundred messages a second, arriving in small bursts, it saves less than that.
   */
  readonly floodReads: number
}

export const DEFAULT_BATCHED_READS: BatchedReadTiming = { busyMs: 1, holdMs: 1, floodReads: 3 }

/** One read takes at most this many bytes; the rest waits for the next read. */
const READ_BUFFER_BYTES = 64 * 1024

export class BatchedReadSocket extends Duplex {
  private readonly tcp: net.Socket
  private lastReadAt = -Infinity
  /** Reads in a row, each less than `busyMs` after the one before. */
  private backToBack = 0
  /** The hold's timer while the socket waits for more to arrive. */
  private hold: NodeJS.Timeout | undefined
  /** mqtt.js's side wants data (false after `push` said its buffer is full, until `_read`). */
  private wanted = true
  /** The peer ended the connection: the end of the readable side is pushed. */
  private endPushed = false

  constructor(
    host: string,
    port: number,
    private readonly timing: BatchedReadTiming = DEFAULT_BATCHED_READS,
  ) {
    super({ allowHalfOpen: false })
    this.tcp = net.connect({
      host,
      port,
      onread: { buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES), callback: (n, buf) => this.received(n, buf as Buffer) },
    })
    this.tcp.on('connect', () => this.emit('connect'))
    this.tcp.on('end', () => {
      this.endPushed = true
      this.push(null)
    })
    this.tcp.on('error', (err) => this.destroy(err))
    // After the peer's end, 'end' is emitted once what was read has been taken: closing before would lose it.
    this.tcp.on('close', () => {
      if (this.endPushed && !this.readableEnded) this.once('end', () => this.destroy())
      else this.destroy()
    })
  }

  /** The `onread` callback: `buf` is reused for the next read, so its bytes are copied out. */
  private received(n: number, buf: Buffer): boolean {
    this.wanted = this.push(Buffer.from(buf.subarray(0, n)))
    if (!this.wanted) return false
    const now = performance.now()
    this.backToBack = now - this.lastReadAt < this.timing.busyMs ? this.backToBack + 1 : 0
    this.lastReadAt = now
    if (this.backToBack < this.timing.floodReads) return true
    this.hold = setTimeout(this.release, this.timing.holdMs)
    return false
  }

  private readonly release = (): void => {
    this.hold = undefined
    if (this.wanted && !this.destroyed) this.tcp.resume()
  }

  override _read(): void {
    this.wanted = true
    if (this.hold === undefined) this.tcp.resume()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.tcp.write(chunk)) done()
    else this.tcp.once('drain', () => done())
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, done: (err?: Error | null) => void): void {
    this.tcp.cork()
    let room = true
    for (const c of chunks) room = this.tcp.write(c.chunk)
    this.tcp.uncork()
    if (room) done()
    else this.tcp.once('drain', () => done())
  }

  override _final(done: (err?: Error | null) => void): void {
    if (this.tcp.writableFinished || this.tcp.destroyed) done()
    else this.tcp.end(() => done())
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    if (this.hold !== undefined) clearTimeout(this.hold)
    this.hold = undefined
    this.tcp.destroy()
    done(err)
  }

  setNoDelay(noDelay?: boolean): this {
    this.tcp.setNoDelay(noDelay)
    return this
  }
}
