// The tool's log: 1.0's logrus text lines (`time="..." level=info msg="..."`) on stdout and/or in logPath, one line
// per command with 1.0's `<url>:<method> resp:<answer>` message, errors and retries at their own levels.

import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { pino } from 'pino'
import type { DestinationStream, Logger, StreamEntry } from 'pino'
import { logrusLine } from '../config/logrus-text.js'
import type { ToolEvent } from './kubernetes-tool.js'

export interface ToolLogOptions {
  readonly consoleLog: boolean
  readonly fileLog: boolean
  /** Absolute; its folder is created. */
  readonly logPath: string
}

export function createToolLogger(o: ToolLogOptions): Logger {
  const text = (stream: DestinationStream): DestinationStream => ({
    write: (line: string) => stream.write(logrusLine(line)),
  })
  const streams: StreamEntry[] = []
  if (o.consoleLog) streams.push({ level: 'info', stream: text(pino.destination({ dest: 1, sync: true })) })
  if (o.fileLog) {
    mkdirSync(dirname(o.logPath), { recursive: true })
    streams.push({ level: 'info', stream: text(pino.destination({ dest: o.logPath, sync: true, append: true })) })
  }
  if (streams.length === 0) return pino({ level: 'silent' })
  return pino({ level: 'info', base: {}, timestamp: pino.stdTimeFunctions.isoTime }, pino.multistream(streams))
}

/** Writes one event; `kuiperd` is the base URL the commands go to (1.0's lines name the full URL). */
export function logToolEvent(log: Logger, kuiperd: string, e: ToolEvent): void {
  switch (e.kind) {
    case 'command': {
      const head = `${kuiperd}${e.command.url}:${e.command.method.toLowerCase()}`
      const fields = {
        file: e.file,
        ...(e.command.description !== undefined ? { description: e.command.description } : {}),
      }
      const o = e.outcome
      if (o.kind === 'ok') log.info(fields, `${head} resp:${o.body}`)
      else if (o.kind === 'rejected') log.error({ ...fields, status: o.status }, `${head} resp:${o.message}`)
      else log.error(fields, `${head} err:${o.message}`)
      return
    }
    case 'file-applied': {
      const note = e.failures === 0 ? '' : `, ${e.failures} failed${e.skipped > 0 ? `, ${e.skipped} not run` : ''}`
      log.info({ file: e.file }, `Applied ${e.file}: ${e.commands} command${e.commands === 1 ? '' : 's'}${note}.`)
      return
    }
    case 'file-invalid':
      log.error({ file: e.file }, `load command file ${e.file}: ${e.message}`)
      return
    case 'kuiperd-unreachable':
      log.warn(
        { file: e.file },
        `kuiperd at ${kuiperd} is not reachable (${e.message}); ${e.file} resumes at command ${e.index + 1} in ${e.retryInMs / 1000} s (attempt ${e.attempt}).`,
      )
      return
    case 'history-failed':
    case 'scan-failed':
      log.error(e.message)
      return
    case 'scan-done':
      return
  }
}
