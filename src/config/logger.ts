// kuiperd's log (1.0: logrus to log/stream.log and/or the console): pino to stdout and/or log/stream.log, the file
// rotated every `rotateTime` hours and rotated files kept `maxAge` hours. Lines are 1.0's logrus text by default,
// pino's JSON with `logFormat: json`.

import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pino } from 'pino'
import type { DestinationStream, Logger, StreamEntry } from 'pino'
import type * as RotatingFileStream from 'rotating-file-stream'
import type { ConnectorLogger } from '../connectors/api.js'
import { logrusLine } from './logrus-text.js'

/** `text`: 1.0's logrus lines (`time="..." level=info msg="..."`); `json`: one pino JSON object a line. */
export type LogFormat = 'text' | 'json'

export interface LoggerOptions {
  readonly debug: boolean
  readonly consoleLog: boolean
  readonly fileLog: boolean
  readonly logDir: string
  /** Hours; 0 = never rotate. */
  readonly rotateTime: number
  /** Hours; 0 = keep every rotated file. */
  readonly maxAge: number
  /** text when absent. */
  readonly format?: LogFormat
}

export interface KuiperLogger {
  readonly logger: Logger
  /** The same log to log/stream.log only (silent without fileLog): for lines also printed on stdout as they are. */
  readonly fileLogger: Logger
  /** Writes out what is buffered (before exit). */
  flush(): Promise<void>
}

export const LOG_FILE = 'stream.log'

/**
 * rotating-file-stream, required (its CommonJS build, synchronously) only when basic.fileLog is on: with the log on
 * stdout only, kuiperd does not load it (nor the zlib and child_process it imports).
 */
function loadRotatingFileStream(): typeof RotatingFileStream {
  return createRequire(import.meta.url)('rotating-file-stream') as typeof RotatingFileStream
}

export function createKuiperLogger(o: LoggerOptions): KuiperLogger {
  const level = o.debug ? 'debug' : 'info'
  const text = (o.format ?? 'text') === 'text'
  const shaped = (stream: DestinationStream): DestinationStream =>
    text ? { write: (line: string) => stream.write(logrusLine(line)) } : stream
  const streams: StreamEntry[] = []
  let fileStream: DestinationStream | undefined
  const closers: (() => Promise<void>)[] = []
  if (o.consoleLog) streams.push({ level, stream: shaped(pino.destination({ dest: 1, sync: true })) })
  if (o.fileLog) {
    mkdirSync(o.logDir, { recursive: true })
    const { createStream } = loadRotatingFileStream()
    const options: Parameters<typeof createStream>[1] = { path: o.logDir }
    if (o.rotateTime > 0) {
      options.interval = `${o.rotateTime}h`
      if (o.maxAge > 0) options.maxFiles = Math.max(1, Math.ceil(o.maxAge / o.rotateTime))
    }
    const file = createStream(LOG_FILE, options)
    fileStream = shaped(file as unknown as DestinationStream)
    streams.push({ level, stream: fileStream })
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          file.end(() => resolve())
        }),
    )
  }
  const options = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }
  const logger = streams.length === 0 ? pino({ level: 'silent' }) : pino(options, pino.multistream(streams))
  const fileLogger = fileStream === undefined ? pino({ level: 'silent' }) : pino(options, fileStream)
  return {
    logger,
    fileLogger,
    flush: async () => {
      for (const c of closers) await c()
    },
  }
}

/**
 * The engine's connector logger on pino: `child({ rule, connector })` becomes a pino child with those bindings. The
 * pino child is made when the first line is logged through it: every source and sink node of every rule holds one,
 * and most never log (a pino child costs ~0.6 KB, a rule holds three).
 */
export function connectorLogger(logger: Logger): ConnectorLogger {
  return new LazyPinoLogger(logger, undefined)
}

class LazyPinoLogger implements ConnectorLogger {
  private bound: Logger | undefined

  constructor(
    private readonly root: Logger,
    private readonly bindings: Readonly<Record<string, string>> | undefined,
  ) {}

  debug(msg: string): void {
    if (this.root.isLevelEnabled('debug')) this.pino().debug(msg)
  }

  info(msg: string): void {
    this.pino().info(msg)
  }

  warn(msg: string): void {
    this.pino().warn(msg)
  }

  error(msg: string): void {
    this.pino().error(msg)
  }

  /** Bindings add up on the root logger (a child of a child is one pino child, made on first use). */
  child(bindings: Readonly<Record<string, string>>): ConnectorLogger {
    return new LazyPinoLogger(this.root, this.bindings === undefined ? bindings : { ...this.bindings, ...bindings })
  }

  private pino(): Logger {
    return (this.bound ??= this.bindings === undefined ? this.root : this.root.child(this.bindings))
  }
}
