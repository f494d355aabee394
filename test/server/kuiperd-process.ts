// Starts a real kuiperd process (bin/kuiperd) for the server tests: a temporary base dir with etc/kuiper.yaml,
// REST on a free port (restPort 0, read back from the banner), a temporary or given data dir.

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { request as nodeRequest } from 'node:http'

export const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin', 'kuiperd')
const STARTUP_TIMEOUT = 30_000

export const TEST_CONFIG = `basic:
  debug: false
  consoleLog: false
  fileLog: true
  restIp: 127.0.0.1
  restPort: 0
  prometheus: false
rule:
  qos: 0
`

export interface KuiperdOptions {
  /** The base dir (KuiperBaseKey); a new temporary one when absent. */
  readonly base?: string
  /** Contents of etc/kuiper.yaml; TEST_CONFIG when absent. */
  readonly config?: string
  readonly dataDir?: string
  readonly env?: Readonly<Record<string, string>>
  readonly args?: readonly string[]
}

export interface Kuiperd {
  readonly url: string
  readonly base: string
  readonly dataDir: string
  readonly proc: ChildProcess
  output(): string
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export function tempBase(): string {
  return mkdtempSync(join(tmpdir(), 'kuiperd-test-'))
}

export interface Exited {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

function launch(o: KuiperdOptions): { proc: ChildProcess; base: string; dataDir: string; out: () => string } {
  const base = o.base ?? tempBase()
  mkdirSync(join(base, 'etc'), { recursive: true })
  writeFileSync(join(base, 'etc', 'kuiper.yaml'), o.config ?? TEST_CONFIG)
  const dataDir = o.dataDir ?? join(base, 'data')
  const args = o.args ?? ['--config', join(base, 'etc', 'kuiper.yaml'), '--data', dataDir]
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('KUIPER__')) env[k] = v
  const proc = spawn(process.execPath, [BIN, ...args], {
    cwd: base,
    env: { ...env, KuiperBaseKey: base, ...(o.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  proc.stdout!.on('data', (d: Buffer) => (text += d.toString()))
  proc.stderr!.on('data', (d: Buffer) => (text += d.toString()))
  return { proc, base, dataDir, out: () => text }
}

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode)
  return new Promise((res) => proc.once('exit', (code) => res(code)))
}

/** Starts kuiperd and waits for its banner. */
export async function startKuiperd(o: KuiperdOptions = {}): Promise<Kuiperd> {
  const { proc, base, dataDir, out } = launch(o)
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL')
      rej(new Error(`kuiperd did not start within ${STARTUP_TIMEOUT} ms:\n${out()}`))
    }, STARTUP_TIMEOUT)
    const check = (): void => {
      const m = /restful api on (https?):\/\/([^:]+):(\d+)\./.exec(out())
      if (m !== null) {
        clearTimeout(timer)
        proc.stdout!.off('data', check)
        res(`${m[1]}://127.0.0.1:${m[3]}`)
      }
    }
    proc.stdout!.on('data', check)
    proc.once('exit', (code) => {
      clearTimeout(timer)
      rej(new Error(`kuiperd exited with ${code} before serving:\n${out()}`))
    })
  })
  return {
    url,
    base,
    dataDir,
    proc,
    output: out,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => {
      const done = exited(proc)
      proc.kill(signal)
      return done
    },
  }
}

/** Runs kuiperd expecting it to exit by itself (bad config, --help...); kills it after 20 s. */
export async function runKuiperdToExit(o: KuiperdOptions = {}): Promise<Exited> {
  const { proc, out } = launch(o)
  let stdout = ''
  let stderr = ''
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000)
  const code = await exited(proc)
  clearTimeout(timer)
  void out
  return { code, stdout, stderr }
}

export interface HttpResult {
  readonly status: number
  readonly text: string
  readonly type: string
  json(): unknown
}

/** One request; `body` objects are sent as JSON, strings as they are. */
export async function http(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const init: RequestInit = { method, headers: { ...headers } }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    if (typeof body !== 'string') (init.headers as Record<string, string>)['content-type'] = 'application/json'
  }
  const r = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(10_000) })
  const text = await r.text()
  return { status: r.status, text, type: r.headers.get('content-type') ?? '', json: () => JSON.parse(text) as unknown }
}

/**
 * Sends the headers of a POST whose body (`length` bytes, above the server's limit) would follow, and returns the
 * answer the server gives from the Content-Length alone. The body is not sent: kuiperd refuses it unread and closes
 * the connection, and a client still writing it then fails with EPIPE instead of reading the answer.
 */
export function postOversized(base: string, path: string, length: number): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = nodeRequest(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': length },
      timeout: 10_000,
    })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const type = String(res.headers['content-type'] ?? '')
        resolve({ status: res.statusCode ?? 0, text, type, json: () => JSON.parse(text) as unknown })
        req.destroy()
      })
    })
    req.on('timeout', () => req.destroy(new Error(`no answer to POST ${path} within 10 s`)))
    req.on('error', reject)
    req.flushHeaders()
  })
}

/** The tests' free-port helper, where these tests have always found it. */
export { freePort } from '../services.js'
