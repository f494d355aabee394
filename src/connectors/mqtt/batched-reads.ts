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
//
// With a `Qos0Path`, the socket also reads the frames itself: a plain QoS 0 PUBLISH goes straight to the
// connection's receiver, and every other packet to mqtt.js, in the order they came. mqtt.js's parser (mqtt-packet
// with its per-packet `debug` calls, and `bl`'s buffer list) and its stream pipeline cost about a third of a
// subscriber's CPU per message under a flood (docs/performance.md); the packet a subscriber receives by the thousand
// skips them. The order holds because a PUBLISH is only taken this way while mqtt.js has nothing left to handle; while
// it has, the PUBLISH waits in line behind it there. The receiver's `done` is the same promise mqtt.js's
// `handleMessage` callback makes: until it is called the socket reads nothing more.

import net from 'node:net'
import type { Writable } from 'node:stream'
import { Duplex } from 'node:stream'
import type { Qos0Publish } from './publish-frames.js'
import { frameEnd, MALFORMED, readQos0Publish } from './publish-frames.js'

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

/**
 * A frame cut by the end of a read is kept (copied) until the rest comes when it is at most this long; a longer one is
 * left to mqtt.js, which gathers its pieces without copying them again and again.
 */
const KEPT_FRAME_BYTES = 16 * 1024

const NOTHING = Buffer.alloc(0)

/**
 * Takes a QoS 0 PUBLISH read off the wire (`payload` is the socket's: it stays valid). `done` says the next packet may
 * be read: called during the call or later (a rule's queue is full), once.
 */
export type Qos0Receiver = (topic: string, payload: Buffer, done: () => void) => void

/** What the socket needs to take QoS 0 PUBLISH packets ahead of mqtt.js. */
export interface Qos0Path {
  readonly receive: Qos0Receiver
  /** The connection speaks MQTT 5 (a PUBLISH has properties). */
  readonly mqtt5: boolean
}

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
  /** mqtt.js's side of the pipe (see `pipe`): what it still has to handle is in its `writableLength`. */
  private mqttSide: Writable | undefined
  /** Read bytes after the last whole frame: the start of the next frame, read again with the next read's bytes. */
  private partial: Buffer | undefined
  /** Bytes of a frame handed to mqtt.js in part: the rest goes to mqtt.js too. */
  private mqttFrameRest = 0
  /** The frames after a PUBLISH whose receiver has not called `done` yet (the socket reads nothing meanwhile). */
  private waiting: Buffer | undefined
  /** The receiver is being called (`done` during the call says so through `doneDuringCall`). */
  private inReceiver = false
  private doneDuringCall = false
  private readonly publish: Qos0Publish = { topic: '', payload: Buffer.alloc(0) }

  constructor(
    host: string,
    port: number,
    private readonly timing: BatchedReadTiming = DEFAULT_BATCHED_READS,
    /** Absent: every byte goes to mqtt.js. Dropped for good if the stream stops looking like MQTT. */
    private qos0?: Qos0Path,
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
    const data = this.withPartial(buf, n)
    if (this.qos0 === undefined) this.toMqtt(data)
    else this.readFrames(data)
    if (!this.wanted || this.waiting !== undefined) return false
    const now = performance.now()
    this.backToBack = now - this.lastReadAt < this.timing.busyMs ? this.backToBack + 1 : 0
    this.lastReadAt = now
    if (this.backToBack < this.timing.floodReads) return true
    this.hold = setTimeout(this.release, this.timing.holdMs)
    return false
  }

  /** The read's `n` bytes, after the partial frame kept from the read before: one copy either way. */
  private withPartial(buf: Buffer, n: number): Buffer {
    const kept = this.partial
    if (kept === undefined) return Buffer.from(buf.subarray(0, n))
    this.partial = undefined
    const data = Buffer.allocUnsafe(kept.length + n)
    kept.copy(data, 0)
    buf.copy(data, kept.length, 0, n)
    return data
  }

  private toMqtt(bytes: Buffer): void {
    if (bytes.length > 0 && !this.push(bytes)) this.wanted = false
  }

  /** mqtt.js has bytes it has not handled yet (or has not piped this stream yet). */
  private mqttBusy(): boolean {
    return this.mqttSide === undefined || this.readableLength > 0 || this.mqttSide.writableLength > 0
  }

  /**
   * Hands `data`'s frames on in order: a QoS 0 PUBLISH to the receiver while mqtt.js is idle, runs of other frames to
   * mqtt.js. Stops after a PUBLISH whose receiver did not call `done` during the call (`waiting` keeps the rest), and
   * keeps a frame cut by the end of `data` for the next read.
   */
  private readFrames(data: Buffer): void {
    const len = data.length
    let pos = 0
    /** The start of the run of frames for mqtt.js not handed over yet; -1: none. */
    let mqttFrom = -1
    /** mqtt.js got frames of this read it has not handled: the rest of the read goes to it as well. */
    let mqttOnly = false
    if (this.mqttFrameRest > 0) {
      pos = Math.min(this.mqttFrameRest, len)
      this.mqttFrameRest -= pos
      mqttFrom = 0
    }
    while (pos < len) {
      const end = frameEnd(data, pos)
      if (end === MALFORMED) {
        // Not MQTT: mqtt.js reports it and closes the connection; the frames are not ours to read any more.
        this.qos0 = undefined
        if (mqttFrom < 0) mqttFrom = pos
        pos = len
        break
      }
      if (end < 0) break
      if (end > len) {
        if (end - pos <= KEPT_FRAME_BYTES) break
        if (mqttFrom < 0) mqttFrom = pos
        this.mqttFrameRest = end - len
        pos = len
        break
      }
      if (mqttOnly || !readQos0Publish(data, pos, end, this.qos0!.mqtt5, this.publish)) {
        if (mqttFrom < 0) mqttFrom = pos
        pos = end
        continue
      }
      if (mqttFrom >= 0) {
        this.toMqtt(data.subarray(mqttFrom, pos))
        mqttFrom = -1
      }
      if (this.mqttBusy()) {
        mqttOnly = true
        mqttFrom = pos
        pos = end
        continue
      }
      pos = end
      if (!this.receive()) {
        this.waiting = pos < len ? data.subarray(pos) : NOTHING
        return
      }
      if (this.destroyed) return
    }
    if (mqttFrom >= 0) this.toMqtt(data.subarray(mqttFrom, pos))
    if (pos < len) this.partial = data.subarray(pos)
  }

  /** Hands the PUBLISH just read to the receiver; false when `done` was not called during the call. */
  private receive(): boolean {
    const p = this.publish
    this.inReceiver = true
    this.doneDuringCall = false
    try {
      this.qos0!.receive(p.topic, p.payload, this.receiverDone)
    } finally {
      this.inReceiver = false
    }
    return this.doneDuringCall
  }

  private readonly receiverDone = (): void => {
    if (this.inReceiver) {
      this.doneDuringCall = true
      return
    }
    const rest = this.waiting
    this.waiting = undefined
    if (rest === undefined || this.destroyed) return
    this.readFrames(rest)
    if (this.waiting === undefined && this.wanted && this.hold === undefined) this.tcp.resume()
  }

  private readonly release = (): void => {
    this.hold = undefined
    if (this.wanted && this.waiting === undefined && !this.destroyed) this.tcp.resume()
  }

  /** mqtt.js pipes this stream into its parser: the other end is where its unhandled bytes are counted. */
  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    this.mqttSide = destination as unknown as Writable
    return super.pipe(destination, options)
  }

  override _read(): void {
    this.wanted = true
    if (this.hold === undefined && this.waiting === undefined) this.tcp.resume()
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
