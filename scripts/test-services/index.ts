// Brings up the servers the test suite needs (scripts/run-tests.mjs calls this before the tests): for each, reuse
// the one answering on its standard loopback port, else start a private one on a free port from the Debian
// package's binary (installing the package when missing), its files in a temp dir. `stop()` ends what was started.
//
//   const services = await bringUpTestServices()
//   spawn(node, testArgs, { env: { ...process.env, ...services.env } })  // KUIPER_TEST_MQTT_PORT=...
//   await services.stop()

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBinary } from './debian-packages.js'
import { TEST_SERVICES, TEST_TOOLS } from './services.js'
import type { TestService, TestServiceName } from './services.js'

export { TEST_SERVICES, TEST_TOOLS } from './services.js'
export type { TestService, TestServiceName } from './services.js'

/** How one service was provided. */
export interface ProvidedService {
  readonly name: string
  readonly port: number
  /** True when this process started it (and `stop()` ends it); false when one already listening was reused. */
  readonly started: boolean
}

export interface TestServices {
  /** The environment variables telling the tests each service's port. */
  readonly env: Readonly<Record<string, string>>
  readonly services: readonly ProvidedService[]
  /** Stops the servers started here (SIGTERM, then SIGKILL after a bound) and removes their temp dir. Idempotent. */
  stop(): Promise<void>
}

export interface BringUpOptions {
  /** Which services (default: all of TEST_SERVICES). */
  readonly names?: readonly TestServiceName[]
  /** Never reuse a server on the standard port: always start a private one (the module's own test uses this). */
  readonly alwaysStart?: boolean
  /** Where to look for a server to reuse instead of the standard port (the module's own test uses this). */
  readonly reusePorts?: Partial<Record<TestServiceName, number>>
  /** Progress lines (default: stderr with a `test-services:` prefix). */
  readonly log?: (line: string) => void
}

const STOP_TIMEOUT_MS = 10_000

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => (typeof a === 'object' && a !== null ? resolve(a.port) : reject(new Error('no port'))))
    })
  })
}

/** Installs (when missing) the tools the tests run themselves; throws naming the package that could not be had. */
export function ensureTestTools(log: (line: string) => void = defaultLog): void {
  for (const t of TEST_TOOLS) ensureBinary(t.binary, t.debianPackage, log)
}

export async function bringUpTestServices(opts: BringUpOptions = {}): Promise<TestServices> {
  const log = opts.log ?? defaultLog
  const names = opts.names ?? (Object.keys(TEST_SERVICES) as TestServiceName[])
  let dir: string | undefined
  const children: { service: TestService; child: ChildProcess }[] = []
  const env: Record<string, string> = {}
  const provided: ProvidedService[] = []
  let stopped: Promise<void> | undefined
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await Promise.all(children.map((c) => stopChild(c.child)))
      if (dir) rmSync(dir, { recursive: true, force: true })
    })())

  try {
    for (const name of names) {
      const service = TEST_SERVICES[name]
      const reusable = opts.reusePorts?.[name] ?? service.standardPort
      if (!opts.alwaysStart && (await service.answers(reusable))) {
        log(`${service.name}: using the one on 127.0.0.1:${reusable}`)
        env[service.envVar] = String(reusable)
        provided.push({ name: service.name, port: reusable, started: false })
        continue
      }
      dir ??= mkdtempSync(join(tmpdir(), 'kuiper-test-services-'))
      const { child, port } = await startServer(service, dir, log)
      children.push({ service, child })
      env[service.envVar] = String(port)
      provided.push({ name: service.name, port, started: true })
    }
  } catch (err) {
    await stop()
    throw err
  }
  return { env, services: provided, stop }
}

async function startServer(
  service: TestService,
  parent: string,
  log: (line: string) => void,
): Promise<{ child: ChildProcess; port: number }> {
  const binary = ensureBinary(service.binary, service.debianPackage, log)
  const dir = join(parent, service.binary)
  mkdirSync(dir)
  const port = await freePort()
  const extra: number[] = []
  for (let i = 0; i < (service.extraPorts ?? 0); i++) extra.push(await freePort())
  const cmd = service.command(port, dir, extra)
  const logFile = join(dir, 'server.log')
  const fd = openSync(logFile, 'a')
  const child = spawn(binary, cmd.args, { cwd: dir, env: { ...process.env, ...cmd.env }, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  let spawnError: Error | undefined
  child.once('error', (e) => (spawnError = e))

  const deadline = Date.now() + service.startTimeoutS * 1000
  while (!(await service.answers(port))) {
    const failed = spawnError
      ? `could not run ${binary}: ${spawnError.message}`
      : child.exitCode !== null || child.signalCode !== null
        ? `${binary} exited (${child.exitCode ?? child.signalCode})`
        : Date.now() > deadline
          ? `${binary} did not answer on 127.0.0.1:${port} within ${service.startTimeoutS} s`
          : undefined
    if (failed) {
      await stopChild(child)
      throw new Error(`${service.name}: ${failed}; its log (${logFile}):\n${tail(logFile)}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  log(`${service.name}: started ${service.binary} on 127.0.0.1:${port} (pid ${child.pid})`)
  return { child, port }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n')
  } catch {
    return '(no log)'
  }
}

function defaultLog(line: string): void {
  process.stderr.write(`test-services: ${line}\n`)
}
