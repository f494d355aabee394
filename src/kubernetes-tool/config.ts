// cf.yaml of Kuiper 1.0's kuiper-kubernetes-tool: where kuiperd answers, how long a command may take, how often the
// command folder is scanned and where the tool logs. Relative paths are taken from the working directory, as 1.0's
// filepath.Abs did, and the history sits beside the command folder (1.0: path.Dir(commandDir)/.history).

import { readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import * as v from 'valibot'
import { issuePath } from '../core/issue-path.js'

/** The keys of 1.0's cf.yaml (and of its later consoleLog/fileLog), with 1.0's defaults. */
/** A non-empty string. */
const text = v.pipe(v.string(), v.minLength(1))
/** A finite number above 0. */
const positive = v.pipe(
  v.number(),
  v.finite((issue) => `Invalid value: Expected a finite number but received ${issue.received}`),
  v.gtValue(0),
)

export const ToolConfigFile = v.object({
  /** kuiperd's REST port. */
  port: v.optional(
    v.pipe(
      v.number(),
      v.integer((issue) => `Invalid value: Expected an integer but received ${issue.received}`),
      v.minValue(1),
      v.maxValue(65535),
    ),
    9081,
  ),
  /** Milliseconds one command may take. */
  timeout: v.optional(positive, 500),
  /** Seconds between two scans of the command folder (1.0 takes whole seconds; fractions are accepted). */
  intervalTime: v.optional(positive, 60),
  /** kuiperd's REST address. */
  ip: v.optional(text, '127.0.0.1'),
  consoleLog: v.optional(v.boolean(), true),
  /** Absent: on, as 1.0.0 always wrote logPath. */
  fileLog: v.optional(v.boolean()),
  logPath: v.optional(text, './log/kubernetes.log'),
  commandDir: v.optional(text, './sample/'),
  /**
   * A JWT sent in the Authorization header, for a kuiperd with `basic.authentication` on (later eKuiper's management
   * API authentication; 1.0's tool had no such key). Absent: no header.
   */
  token: v.optional(text),
})

export interface ToolConfig {
  readonly port: number
  readonly timeoutMs: number
  readonly intervalMs: number
  readonly ip: string
  readonly consoleLog: boolean
  readonly fileLog: boolean
  /** Absolute. */
  readonly logPath: string
  /** Absolute. */
  readonly commandDir: string
  /** Absolute: `.history` in the folder that holds commandDir. */
  readonly historyPath: string
  /** The JWT for an authenticating kuiperd, if any. */
  readonly token?: string
}

export class ToolConfigError extends Error {
  override readonly name = 'ToolConfigError'
}

/** Reads and checks cf.yaml; throws ToolConfigError with the file and key at fault. */
export function loadToolConfig(file: string, cwd: string = process.cwd()): ToolConfig {
  const path = resolve(cwd, file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new ToolConfigError(`cannot read the configuration file ${path}: ${message(err)}`)
  }
  let raw: unknown
  try {
    raw = parseYaml(text) ?? {}
  } catch (err) {
    throw new ToolConfigError(`${path} is not valid YAML: ${message(err)}`)
  }
  const parsed = v.safeParse(ToolConfigFile, raw)
  if (!parsed.success) {
    const issues = parsed.issues.map((i) => `${issuePath(i) || '(top level)'}: ${i.message}`)
    throw new ToolConfigError(`invalid configuration ${path}: ${issues.join('; ')}`)
  }
  const c = parsed.output
  const commandDir = resolve(cwd, c.commandDir)
  if (!isDirectory(commandDir))
    throw new ToolConfigError(`the command folder ${commandDir} (commandDir) does not exist`)
  return {
    port: c.port,
    timeoutMs: c.timeout,
    intervalMs: c.intervalTime * 1000,
    ip: c.ip,
    consoleLog: c.consoleLog,
    fileLog: c.fileLog ?? true,
    logPath: resolve(cwd, c.logPath),
    commandDir,
    historyPath: join(dirname(commandDir), '.history'),
    ...(c.token !== undefined ? { token: c.token } : {}),
  }
}

/** kuiperd's base URL for an address and port (an IPv6 address in brackets). */
export function kuiperdUrl(ip: string, port: number): string {
  return `http://${ip.includes(':') ? `[${ip}]` : ip}:${port}`
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
