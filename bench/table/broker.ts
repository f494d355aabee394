// The MQTT broker of a run: a private loopback mosquitto on a free port with the shared bench's settings (no
// persistence, no queue limit, so a slow subscriber gets every QoS 0 message), so that other users of the machine's
// broker neither disturb the figures nor see the load; or $BENCH_BROKER when set.

import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { freePort, sleep, start } from './processes.js'
import type { Started } from './processes.js'

export interface Broker {
  readonly url: string
  /** The pid when the runner started it. */
  readonly pid?: number
  readonly version: string
  stop(): Promise<void>
}

/** The bench settings without a listener line (the shared bench's mosquitto.conf when there is one). */
function settings(sharedBench: string | undefined): string {
  const shared = sharedBench === undefined ? undefined : join(sharedBench, 'mosquitto.conf')
  const text =
    shared !== undefined && existsSync(shared)
      ? readFileSync(shared, 'utf8')
      : 'allow_anonymous true\npersistence false\nmax_queued_messages 0\nmax_queued_bytes 0\nlog_dest stderr\n'
  return text
    .split('\n')
    .filter((l) => !/^\s*(listener|port|user)\b/.test(l))
    .join('\n')
}

function mosquittoVersion(): string | undefined {
  const r = spawnSync('mosquitto', ['-h'], { encoding: 'utf8' })
  if (r.error !== undefined) return undefined
  return /mosquitto version (\S+)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? 'unknown version'
}

async function listening(port: number): Promise<boolean> {
  const { connect } = await import('node:net')
  return await new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

/** The run's broker, or the reason there is none. */
export async function startBroker(sharedBench: string | undefined, workDir: string): Promise<Broker | string> {
  const given = process.env['BENCH_BROKER']
  if (given !== undefined && given !== '')
    return { url: given, version: 'given by BENCH_BROKER', stop: () => Promise.resolve() }
  const version = mosquittoVersion()
  if (version === undefined) return 'needs mosquitto (apt-get install mosquitto) or BENCH_BROKER=mqtt://host:port'
  const port = await freePort()
  const conf = join(workDir, 'mosquitto.conf')
  writeFileSync(conf, `listener ${port} 127.0.0.1\nuser ${userInfo().username}\n${settings(sharedBench)}\n`)
  const proc: Started = start('mosquitto', ['-c', conf], { logFile: join(workDir, 'mosquitto.log') })
  for (let i = 0; i < 100 && !(await listening(port)); i++) await sleep(50)
  if (!(await listening(port))) {
    await proc.stop()
    return `mosquitto did not listen on 127.0.0.1:${port}; see ${join(workDir, 'mosquitto.log')}`
  }
  return { url: `mqtt://127.0.0.1:${port}`, pid: proc.pid, version: `mosquitto ${version}`, stop: () => proc.stop() }
}
